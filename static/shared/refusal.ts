import type { Refusal } from './types';

/** What the person can do about a refusal, in one sentence. Unknown rules get a generic but still useful next step. */
export function nextStep(refusal: Refusal): string {
  switch (refusal.rule) {
    case 'unreachable':
    case 'internal':
      return 'Reload the page to see the plan as stored, then try again. If it keeps failing, tell your Jira administrator.';
    case 'busy':
      return 'Someone else changed the plan at the same moment. Try again: the panel now shows the plan as stored.';
    case 'planExists':
      return 'Link this ticket to a plan, or raise the request (upgrade, PROD go-live, implementation) from the service desk portal.';
    case 'planKind':
      return 'Only an upgrade plan has this; nothing was changed.';
    case 'jiraPermission':
      return 'Ask a Jira administrator for access to this ticket.';
    case 'projectAdmin':
      return 'Ask an administrator of this project to make the change, or to give you the project administrator permission.';
    case 'iqDocumentationKinds':
    case 'knownInstance':
    case 'documentReference':
      return 'Correct the field the message names, then try again.';
    case 'stageOwnership':
      return 'Ask a person holding this stage\'s role to do it, or ask the project admin to map your account to the role.';
    case 'documentOwnership':
      return 'Ask a person holding one of the roles named to record it, or ask the project admin to map your account to one of them.';
    case 'documentPhaseOpen':
      return 'Documents are recorded while their phase is under way: reload to see where the plan stands.';
    case 'documentOrder':
      return 'Finish the stage it names first, then record the document.';
    case 'stepDocumentsRecorded':
    case 'phaseDocumentsBeforeClose':
      return 'Record the documents it names first (Documents), then try again.';
    case 'credentialsNeverStored':
    case 'secureChannel':
      return 'Send the credentials over the agreed secure channel, then confirm only that you sent them: the plan never stores them.';
    case 'knownPhase':
    case 'documentOfPhase':
      return 'Reload the panel: the plan\'s documents may have changed since you opened it.';
    case 'stageOrder':
    case 'validationIssuesResolvedBeforeStage11':
    case 'backupBeforeProdUpgrade':
    case 'slotConfirmedAtStage16':
      return 'Finish the stages it waits for first; the plan lists them in order.';
    case 'stageStatus':
    case 'unchanged':
      return 'The stage changed since you opened the panel: reload to see where it stands.';
    case 'reasonRequired':
    case 'reasonLength':
      return 'Give a reason (up to 2,000 characters): it is kept in the plan\'s audit trail.';
    case 'requestDetailsComplete':
    case 'requestComplete':
      return 'Provide the missing details named above, then try again.';
    case 'settingsValid':
    case 'payloadValid':
    case 'versionFormat':
    case 'slotFormat':
    case 'slotInFuture':
    case 'backupReference':
    case 'samePlanTarget':
      return 'Correct the field the message names, then try again.';
    default:
      return 'Nothing was changed. Correct what the message names, or reload the panel to see the plan as stored.';
  }
}

/** "Stage 12 was not completed" style titles need the verb; past participles of each action. */
export const ACTION_PAST: Record<string, string> = {
  start: 'started',
  complete: 'completed',
  skip: 'skipped',
  block: 'blocked',
  reopen: 'reopened',
  decide: 'decided',
  backup: 'recorded',
  details: 'saved',
  iq: 'recorded',
  document: 'recorded',
};

/** Capitalised first letter; server messages start in lower case ("stage 12 waits for …"). */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  return endSentence(t[0]!.toUpperCase() + t.slice(1));
}

/** The text with a full stop, unless it already ends in . ! or ? (inside a closing quote or bracket too): never “….”. */
export function endSentence(text: string): string {
  return /[.!?][”’"')\]]*$/.test(text) ? text : `${text}.`;
}
