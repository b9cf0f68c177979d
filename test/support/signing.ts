import { kindOf, type AnyPlan } from '../../src/domain/kinds';
import type { Actor, Plan, PlaybookDefinition, StepAction } from '../../src/domain/playbook';
import { signatureMeaningOf, type Signer } from '../../src/domain/signatures';

/** The printed name tests sign with: the account id in words, so a test can tell who signed. */
export const printedName = (accountId: string): string => `Signer ${accountId}`;

/**
 * The action with the signer the application would vouch for, when its playbook signs it (Part 11): the actor's own
 * account, the plan revision they were shown and the declared meaning. Unsigned acts come back as they are.
 */
export function signedAs<A extends StepAction>(playbook: Pick<PlaybookDefinition<unknown>, 'signatures'>, plan: Pick<Plan<unknown>, 'revision'>, action: A, actor: Pick<Actor, 'accountId'>): A {
  if (action.type !== 'complete' && action.type !== 'decide') return action;
  if (action.signature) return action;
  const meaning = signatureMeaningOf(playbook, { type: action.type, step: action.step, ...(action.type === 'decide' ? { outcome: action.outcome } : {}) });
  if (!meaning) return action;
  const signature: Signer = { accountId: actor.accountId, name: printedName(actor.accountId), shownRevision: plan.revision, meaning: meaning.meaning };
  return { ...action, signature };
}

/** `signedAs` for any plan, through its kind's playbook. */
export function signedFor<A extends StepAction>(plan: AnyPlan, action: A, actor: Pick<Actor, 'accountId'>): A {
  return signedAs(kindOf(plan).playbookOf(plan) as PlaybookDefinition<unknown>, plan, action, actor);
}
