import type { AcceptedStepChange, Notice, PhaseDefinition, PlaybookDefinition, StepDefinition, StepState } from '../playbook';

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

/** The messages the phases a change closed send, on the plan's ticket, in the source document's words. */
export function phaseTriggerNotices<F>(playbook: PlaybookDefinition<F>, change: AcceptedStepChange<F>, ticketKey: string | undefined): Notice[] {
  if (!ticketKey) return [];
  return phasesClosedBy(playbook, change.before.steps, change.after.steps).flatMap((phase) =>
    phase.trigger ? [{ type: 'comment' as const, ticketKey, visibility: 'customer' as const, text: phase.trigger.message, sender: phase.trigger.sender }] : [],
  );
}
