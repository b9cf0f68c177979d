import type { AcceptedStepChange, Actor, CommunicationTrigger, Notice, PhaseDefinition, PlaybookDefinition, StepDefinition, StepState } from '../playbook';

const finished = (state: StepState | undefined): boolean => state?.status === 'done' || state?.status === 'skipped';
const stateOf = (steps: readonly StepState[], number: number): StepState | undefined => steps.find((s) => s.number === number);

export function phaseSteps<F>(playbook: PlaybookDefinition<F>, phaseId: string): StepDefinition[] {
  return playbook.steps.filter((s) => s.phase === phaseId);
}

export function phaseDefinition<F>(playbook: PlaybookDefinition<F>, phaseId: string): PhaseDefinition | undefined {
  return playbook.phases.find((p) => p.id === phaseId);
}

/** A phase is closed once every one of its steps is done or skipped. */
export function isPhaseClosed<F>(playbook: PlaybookDefinition<F>, steps: readonly StepState[], phaseId: string): boolean {
  const own = phaseSteps(playbook, phaseId);
  return own.length > 0 && own.every((s) => finished(stateOf(steps, s.number)));
}

/** A phase is under way while one of its unfinished steps has every step it requires finished. */
export function isPhaseOpen<F>(playbook: PlaybookDefinition<F>, steps: readonly StepState[], phaseId: string): boolean {
  return phaseSteps(playbook, phaseId).some((s) => !finished(stateOf(steps, s.number)) && s.requires.every((n) => finished(stateOf(steps, n))));
}

/** Phases the change closed: not closed before, closed after. */
export function phasesClosedBy<F>(playbook: PlaybookDefinition<F>, before: readonly StepState[], after: readonly StepState[]): PhaseDefinition[] {
  return playbook.phases.filter((p) => !isPhaseClosed(playbook, before, p.id) && isPhaseClosed(playbook, after, p.id));
}

/** When a person said something, as a comment tells it: `2026-08-20 at 14:45 UTC`. */
function saidAt(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10)} at ${iso.slice(11, 16)} UTC`;
}

/**
 * A customer's message as the app posts it for them: their words, then who sent it, where and when. Forge lets a portal
 * customer make no asUser call, so the comment is the app's; it says so, so that nobody takes it for the app's own words.
 */
export function customerMessageText(message: string, sender: Pick<Actor, 'accountId' | 'name'>, at: Date): string {
  const who = sender.name ? `${sender.name}, the customer,` : `the customer (Atlassian account ${sender.accountId})`;
  return `“${message}”\n\nSent by ${who} in the customer portal on ${saidAt(at)}. The app posts it for them: a Jira app can comment only in its own name.`;
}

/** A vendor's message signed with the vendor's name, so that the app's comment speaks for the vendor, not for itself. */
export function vendorMessageText(trigger: CommunicationTrigger): string {
  return trigger.signedAs ? `${trigger.message}\n\n— ${trigger.signedAs}` : trigger.message;
}

/**
 * The messages the phases a change closed send, on the plan's ticket, in the source document's words: a customer's
 * message attributed to the customer who sent it (the step's guard made sure it is one), the vendor's signed.
 */
export function phaseTriggerNotices<F>(playbook: PlaybookDefinition<F>, change: AcceptedStepChange<F>, ticketKey: string | undefined): Notice[] {
  if (!ticketKey) return [];
  return phasesClosedBy(playbook, change.before.steps, change.after.steps).flatMap((phase): Notice[] => {
    const trigger = phase.trigger;
    if (!trigger) return [];
    if (trigger.sender === 'Customer') {
      const saidBy = { accountId: change.actor.accountId, role: trigger.sender, at: change.now.toISOString(), via: 'customer portal' as const };
      return [{ type: 'comment', ticketKey, visibility: 'customer', text: customerMessageText(trigger.message, change.actor, change.now), sender: trigger.sender, saidBy }];
    }
    return [{ type: 'comment', ticketKey, visibility: 'customer', text: vendorMessageText(trigger), sender: trigger.sender }];
  });
}

/** The step whose completion sends its phase's message: the phase's last step (a phase closes when its last one finishes). */
export function messageStepOf<F>(playbook: PlaybookDefinition<F>, phase: PhaseDefinition): StepDefinition | undefined {
  return phase.trigger ? phaseSteps(playbook, phase.id).at(-1) : undefined;
}
