/**
 * Runs one action of the app once cleanly, then once per (step, fault) with the fault injected at that step of the same
 * action in a fresh world, and checks after each faulted attempt:
 *  - storage holds the whole action or none of it (plans, audit, ticket links, registries);
 *  - Jira got nothing the clean run would not have given it, and no comment twice;
 * and after the retry (the same event redelivered, or the person trying again and then acting once more):
 *  - the whole world, KVS and Jira, is the clean run's, so each comment owed was posted exactly once.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ForgeAppHarness } from '../support/forgeApp';
import {
  comparable,
  deliverable,
  duplicateComments,
  durable,
  FaultInjector,
  freshApp,
  JIRA_FAULTS,
  KVS_FAULTS,
  kvsState,
  restoreWorld,
  settle,
  snapshotWorld,
  worldState,
  type FaultKind,
  type Step,
  type WorldState,
} from './support';

export interface Attempt {
  value?: unknown;
  error?: string;
}

export interface ActionSpec<C> {
  name: string;
  /** Builds the world just before the action, once; every run starts from a copy of it. */
  setup(app: ForgeAppHarness): Promise<C>;
  /** The action itself: one resolver invocation or one trigger delivery. */
  act(app: ForgeAppHarness, ctx: C): Promise<unknown>;
  /** What happens next in real life: the event is delivered again, or the person retries and then does something else. */
  recover(app: ForgeAppHarness, ctx: C, attempt: Attempt): Promise<void>;
  tickets(ctx: C): string[];
}

export interface Scenario {
  label: string;
  step: Step;
  fault: FaultKind;
  /** Storage held part of the action after the fault (neither the state before nor the one after). */
  partial: boolean;
  problems: string[];
}

export interface MatrixResult {
  steps: Step[];
  scenarios: Scenario[];
  /** Problems of the clean run, then of every scenario, each prefixed with its label. */
  violations: string[];
}

/** The events Forge would deliver after the app's own calls (none: the app's own changes are filtered by ignoreSelf). */
function dropOwnEvents(app: ForgeAppHarness, violations: string[], label: string): void {
  const other = deliverable(app.takePending());
  if (other.length > 0) violations.push(`${label}: the action caused ${other.length} event(s) Forge would deliver to the app`);
}

function isAnswer(value: unknown): value is { ok: boolean; error?: { rule: string } } {
  return typeof value === 'object' && value !== null && 'ok' in value;
}

export async function runFaultMatrix<C>(spec: ActionSpec<C>, faultsFor: (step: Step) => readonly FaultKind[] = (s) => (s.kind === 'jira' ? JIRA_FAULTS : KVS_FAULTS)): Promise<MatrixResult> {
  const violations: string[] = [];

  // The world just before the action, built once and copied into a fresh app for every run.
  const template = await freshApp({ autoDeliver: true });
  let ctx: C;
  let world: ReturnType<typeof snapshotWorld>;
  try {
    ctx = await spec.setup(template);
    template.takePending();
    world = snapshotWorld(template);
  } finally {
    template.close();
  }
  const fresh = async (): Promise<ForgeAppHarness> => {
    const app = await freshApp({ autoDeliver: false });
    restoreWorld(app, world);
    return app;
  };

  // The clean run: the states before and after the action, and after recovery.
  const clean = await fresh();
  let steps: Step[];
  let before: Record<string, unknown>;
  let after: WorldState;
  let final: WorldState;
  try {
    const injector = new FaultInjector(clean);
    before = durable(kvsState(clean));
    injector.arm();
    const attempt = await settle(() => spec.act(clean, ctx));
    injector.disarm();
    steps = [...injector.steps];
    if (attempt.error || (isAnswer(attempt.value) && !attempt.value.ok)) throw new Error(`${spec.name}: the clean run failed: ${attempt.error ?? JSON.stringify(attempt.value)}`);
    dropOwnEvents(clean, violations, 'clean run');
    after = await worldState(clean, spec.tickets(ctx));
    await spec.recover(clean, ctx, attempt);
    dropOwnEvents(clean, violations, 'clean recovery');
    final = comparable(await worldState(clean, spec.tickets(ctx)));
  } finally {
    clean.close();
  }
  const afterDurable = durable(after.kvs);
  const knownComments = new Set(Object.entries(final.jira).flatMap(([key, t]) => t.comments.map((c) => `${key}|${c.deliveryId}|${c.text}`)));

  const scenarios: Scenario[] = [];
  for (const step of steps) {
    for (const fault of faultsFor(step)) {
      const problems: string[] = [];
      const label = `${spec.name}: ${fault} at step ${step.index} (${step.kind} ${step.what})`;
      const app = await fresh();
      let partial = false;
      try {
        const injector = new FaultInjector(app);
        injector.arm(step.index, fault);
        const attempt = await settle(() => spec.act(app, ctx));
        injector.disarm();
        if (injector.injected === 0) problems.push(`the fault was never injected (the action took another path)`);
        if (isAnswer(attempt.value) && !attempt.value.ok && attempt.value.error?.rule !== 'internal' && attempt.value.error?.rule !== 'busy') {
          problems.push(`refused with rule ${attempt.value.error?.rule} instead of an internal error`);
        }
        dropOwnEvents(app, problems, 'the attempt');

        const middle = await worldState(app, spec.tickets(ctx));
        const stored = durable(middle.kvs);
        const whole = isDeepStrictEqual(stored, afterDurable);
        const none = isDeepStrictEqual(stored, before);
        partial = !whole && !none;
        if (partial) problems.push('storage holds part of the action');
        const dupes = duplicateComments(middle);
        if (dupes.length > 0) problems.push(`duplicate comment after the fault: ${dupes.join('; ')}`);
        for (const [key, t] of Object.entries(middle.jira)) {
          for (const c of t.comments) if (!knownComments.has(`${key}|${c.deliveryId}|${c.text}`)) problems.push(`unexpected comment on ${key}: ${c.text.slice(0, 80)}`);
        }

        await spec.recover(app, ctx, attempt);
        dropOwnEvents(app, problems, 'the recovery');
        const recovered = comparable(await worldState(app, spec.tickets(ctx)));
        if (!isDeepStrictEqual(recovered, final)) problems.push(`after the retry the world differs from the clean run: ${difference(recovered, final)}`);
      } finally {
        app.close();
      }
      scenarios.push({ label, step, fault, partial, problems });
    }
  }
  for (const s of scenarios) violations.push(...s.problems.map((p) => `${s.label}: ${p}`));
  return { steps, scenarios, violations };
}

/** The first few keys where two worlds differ, for a readable failure. */
function difference(actual: WorldState, expected: WorldState): string {
  const out: string[] = [];
  const keys = new Set([...Object.keys(actual.kvs), ...Object.keys(expected.kvs)]);
  for (const key of keys) if (!isDeepStrictEqual(actual.kvs[key], expected.kvs[key])) out.push(`kvs ${key}`);
  for (const key of new Set([...Object.keys(actual.jira), ...Object.keys(expected.jira)])) {
    const a = actual.jira[key];
    const e = expected.jira[key];
    if (!a || !e) out.push(`jira ${key} missing`);
    else {
      if (a.comments.length !== e.comments.length) out.push(`jira ${key}: ${a.comments.length} comments instead of ${e.comments.length}`);
      else if (!isDeepStrictEqual(a.comments, e.comments)) out.push(`jira ${key}: other comments`);
      if (a.status !== e.status) out.push(`jira ${key}: status ${a.status} instead of ${e.status}`);
      if (a.assignee !== e.assignee) out.push(`jira ${key}: assignee ${a.assignee} instead of ${e.assignee}`);
      if (!isDeepStrictEqual(a.searchProperty, e.searchProperty)) out.push(`jira ${key}: search property differs`);
    }
  }
  return out.slice(0, 6).join(', ');
}
