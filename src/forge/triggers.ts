// Placeholder: replaced by the real Jira issue-event trigger handler in a later step.
export async function onIssueEvent(event: unknown): Promise<void> {
  void event;
}
