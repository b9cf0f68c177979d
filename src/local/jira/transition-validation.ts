import type { EventIssue } from './events';
import type { JsonObject } from './model';

/** What a workflow validator is asked (shaped like a Forge `jira:workflowValidator` call). */
export interface TransitionValidationRequest {
  issue: EventIssue;
  transition: {
    id: string;
    name: string;
    from: { id: string; name: string };
    to: { id: string; name: string };
  };
  /** The account making the transition (the app's account for calls made as app). */
  accountId: string;
  /** Fields the transition request sets, as sent. */
  modifiedFields: JsonObject;
}

export interface TransitionValidationResult {
  result: boolean;
  errorMessage?: string;
}

export type TransitionValidator = (request: TransitionValidationRequest) => Promise<TransitionValidationResult> | TransitionValidationResult;

export const DEFAULT_VALIDATION_MESSAGE = 'The transition was refused by a workflow validator.';

/** Runs validators in registration order; the first refusal wins. A validator that throws refuses. */
export async function runTransitionValidators(
  validators: readonly TransitionValidator[],
  request: TransitionValidationRequest,
): Promise<TransitionValidationResult> {
  for (const validator of validators) {
    let outcome: TransitionValidationResult;
    try {
      outcome = await validator(structuredClone(request));
    } catch (error) {
      return { result: false, errorMessage: error instanceof Error ? error.message : DEFAULT_VALIDATION_MESSAGE };
    }
    if (!outcome.result) return { result: false, errorMessage: outcome.errorMessage || DEFAULT_VALIDATION_MESSAGE };
  }
  return { result: true };
}
