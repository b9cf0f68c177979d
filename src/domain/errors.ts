/** Why an action or request was refused: which rule, and what is missing. Nothing was changed. */
export class PlanRefusal extends Error {
  readonly rule: string;
  readonly field: string | undefined;
  readonly stage: number | undefined;

  constructor(rule: string, message: string, details: { field?: string; stage?: number } = {}) {
    super(message);
    this.name = 'PlanRefusal';
    this.rule = rule;
    this.field = details.field;
    this.stage = details.stage;
  }
}

export function refuse(rule: string, message: string, details: { field?: string; stage?: number } = {}): never {
  throw new PlanRefusal(rule, message, details);
}

/** The refusal `run` throws, or undefined when it goes through; any other error is rethrown. */
export function refusalOf(run: () => unknown): PlanRefusal | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof PlanRefusal) return error;
    throw error;
  }
}
