import type { AcceptedStepChange, Notice, Plan, PlanRule, PlaybookDefinition } from '../playbook';
import { isRole } from '../roles';
import { declaredDocuments, DOCUMENT_RULES } from './documents';
import { phaseTriggerNotices } from './phases';
import { signatureProblems } from '../signatures';

/** A playbook as data, plus where its messages go; the document rules and phase messages are added generically. */
export interface PlaybookData<F, K extends string = string> extends Omit<PlaybookDefinition<F, K>, 'rules'> {
  rules?: readonly PlanRule<F>[];
  /** The ticket a phase's closing message is posted on. */
  ticketOf: (plan: Plan<F>) => string | undefined;
}

/** What is wrong with a playbook's data (unknown phases, steps, roles or documents); empty when it is sound. */
export function playbookProblems<F>(playbook: PlaybookDefinition<F>): string[] {
  const problems: string[] = [];
  const numbers = playbook.steps.map((s) => s.number);
  const phases = playbook.phases.map((p) => p.id);
  const documents = declaredDocuments(playbook).map((d) => d.document.id);
  if (new Set(numbers).size !== numbers.length) problems.push('step numbers repeat');
  if (new Set(documents).size !== documents.length) problems.push('document ids repeat');
  playbook.steps.forEach((step, index) => {
    if (!phases.includes(step.phase)) problems.push(`step ${step.number}: unknown phase ${step.phase}`);
    if (step.byCustomerInPortal && !step.roles.every((role) => role === 'Customer')) problems.push(`step ${step.number}: a customer's own act is the Customer role's only`);
    if (step.roles.length === 0 || !step.roles.every(isRole)) problems.push(`step ${step.number}: roles must be known roles`);
    // Requiring only earlier steps keeps the order acyclic.
    const earlier = numbers.slice(0, index);
    for (const n of step.requires) if (!earlier.includes(n)) problems.push(`step ${step.number}: requires ${n}, not an earlier step`);
    for (const id of [...(step.requiresDocuments ?? []), ...(step.producesDocuments ?? [])]) if (!documents.includes(id)) problems.push(`step ${step.number}: unknown document ${id}`);
    for (const option of step.decision?.options ?? []) {
      for (const n of option.restartsSteps ?? []) if (!numbers.includes(n)) problems.push(`step ${step.number}: ${option.id} restarts unknown step ${n}`);
    }
  });
  for (const phase of playbook.phases) {
    if (phase.trigger && !isRole(phase.trigger.sender)) problems.push(`phase ${phase.id}: unknown sender ${phase.trigger.sender}`);
    // A customer's message is sent by the customer's own act: every step that can close its phase must be one.
    const own = playbook.steps.filter((s) => s.phase === phase.id);
    if (phase.trigger?.sender === 'Customer' && !own.every((s) => s.byCustomerInPortal)) problems.push(`phase ${phase.id}: its message is the customer's, so its steps must be byCustomerInPortal`);
    for (const document of phase.documents ?? []) {
      if (document.roles.length === 0 || !document.roles.every(isRole)) problems.push(`document ${document.id}: roles must be known roles`);
      if (document.afterStep !== undefined && !numbers.includes(document.afterStep)) problems.push(`document ${document.id}: unknown step ${document.afterStep}`);
    }
  }
  problems.push(...signatureProblems(playbook as PlaybookDefinition<unknown>));
  return problems;
}

/** Declares a playbook the engine runs: its own rules after the generic document rules, its phase messages before its own announcements. */
export function definePlaybook<F, K extends string = string>(data: PlaybookData<F, K>): PlaybookDefinition<F, K> {
  const { ticketOf, rules, announcements, ...rest } = data;
  const playbook: PlaybookDefinition<F, K> = {
    ...rest,
    rules: [...(DOCUMENT_RULES as readonly PlanRule<F>[]), ...(rules ?? [])],
    announcements: (change: AcceptedStepChange<F>): readonly Notice[] => [...phaseTriggerNotices(playbook, change, ticketOf(change.after)), ...(announcements?.(change) ?? [])],
  };
  const problems = playbookProblems(playbook);
  if (problems.length > 0) throw new Error(`playbook ${data.kind}: ${problems.join('; ')}`);
  return playbook;
}
