import { decisionName, decisionOptions, isNegativeOutcome } from './planParts';
import type { PlanView, StageActionType, StageActionView, StageView, StepStatus } from './types';

export type LozengeAppearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';

export interface PhaseGroup {
  id: string;
  name: string;
  expectedLength: string;
  stages: readonly StageView[];
  finished: number;
  total: number;
  overdue: number;
}

export const isFinishedStatus = (status: StepStatus): boolean => status === 'done' || status === 'skipped';

/** The plan's stages in phase order, each phase with the progress the server counted; stages inside a phase in number order. */
export function groupByPhase(plan: Pick<PlanView, 'phases'>): PhaseGroup[] {
  return plan.phases.map((phase) => {
    const stages = [...phase.stages].sort((a, b) => a.number - b.number);
    return {
      id: phase.id,
      name: phase.name,
      expectedLength: phase.expectedLength,
      stages,
      finished: phase.progress.finished,
      total: phase.progress.total,
      overdue: stages.filter((s) => s.overdue).length,
    };
  });
}

/** A phase's length as the source document states it, for a "usually takes" line; null where the document states none. */
export const statedLength = (phase: Pick<PhaseGroup, 'expectedLength'>): string | null => (/^not stated/i.test(phase.expectedLength) ? null : phase.expectedLength.toLowerCase());

/** The " · usually takes: …" tail of a phase's progress line, empty where the document states no length. */
export function usuallyTakes(phase: Pick<PhaseGroup, 'expectedLength'>): string {
  const length = statedLength(phase);
  return length === null ? '' : ` · usually takes: ${length}`;
}

export function findStage(plan: Pick<PlanView, 'phases'>, number: number): StageView | undefined {
  for (const phase of plan.phases) for (const stage of phase.stages) if (stage.number === number) return stage;
  return undefined;
}

const STATUS_TEXT: Record<StepStatus, string> = { todo: 'To do', 'in progress': 'In progress', done: 'Done', skipped: 'Skipped', blocked: 'Blocked' };
const STATUS_APPEARANCE: Record<StepStatus, LozengeAppearance> = { todo: 'default', 'in progress': 'inprogress', done: 'success', skipped: 'moved', blocked: 'removed' };

/** What a stage's lozenge says; a decided stage says its outcome, in red when the outcome sends work back. */
export function statusLabel(stage: Pick<StageView, 'status' | 'outcome' | 'form'>): { text: string; appearance: LozengeAppearance } {
  if (stage.status === 'done' && stage.outcome) return { text: stage.outcome, appearance: isNegativeOutcome(stage, stage.outcome) ? 'removed' : 'success' };
  return { text: STATUS_TEXT[stage.status], appearance: STATUS_APPEARANCE[stage.status] };
}

const ACTION_TEXT: Record<StageActionType, string> = { start: 'Start', complete: 'Complete', skip: 'Skip', block: 'Block', reopen: 'Reopen', decide: 'Decide', propose: 'Propose', agree: 'Agree', decline: 'Decline', reassign: 'Reassign' };
/** A button's words; a decision step's names its outcomes ("Decide Go / No-Go", "Decide Pass / Fail"); reopening a blocked stage unblocks it. */
export function actionLabel(type: StageActionType, stage?: Pick<StageView, 'form'> & Partial<Pick<StageView, 'status'>>): string {
  if (type === 'reopen' && stage?.status === 'blocked') return 'Unblock';
  return type === 'decide' && stage && decisionOptions(stage).length > 0 ? `Decide ${decisionName(stage)}` : ACTION_TEXT[type];
}

/**
 * The buttons of a stage: its actions as the server lists them (none its status rules out), the decision's
 * options (one `decide` each) as one button that opens the decision, disabled only when every option is.
 */
export function stageButtons(actions: readonly StageActionView[]): StageActionView[] {
  const decide = actions.filter((a) => a.type === 'decide');
  const buttons = actions.filter((a) => a.type !== 'decide');
  if (decide.length === 0) return buttons;
  const open = decide.some((a) => !a.disabledReason);
  const decision: StageActionView = open ? { type: 'decide', needsReason: false } : { type: 'decide', needsReason: false, disabledReason: decide[0]!.disabledReason! };
  return [decision, ...buttons];
}

/** The resolver each stage action calls; a decision goes through its dialog (decisionCall). */
export const ACTION_RESOLVER: Record<Exclude<StageActionType, 'decide'>, string> = {
  start: 'startStage',
  complete: 'completeStage',
  skip: 'skipStage',
  block: 'blockStage',
  reopen: 'reopenStage',
  propose: 'proposeStage',
  agree: 'agreeStage',
  decline: 'declineStage',
  reassign: 'reassignStage',
};

/** How an action is taken: at once, after a reason, or through a form (the slot proposed, the decision, the person a stage goes to). */
export type ActionFlow = 'direct' | 'reason' | 'slot' | 'decision' | 'reassign';
export function actionFlow(stage: Pick<StageView, 'form'>, action: StageActionView): ActionFlow {
  if (action.type === 'decide') return 'decision';
  if (action.type === 'propose') return 'slot';
  if (action.type === 'reassign') return 'reassign';
  if (action.needsReason) return 'reason';
  return 'direct';
}

/** Disabled buttons of a stage that share one reason are explained once: "Start, Complete, Record backup: waits for stage 19". */
export function disabledExplanations(actions: readonly StageActionView[], stage?: Pick<StageView, 'form'> & Partial<Pick<StageView, 'status'>>, extra: readonly { label: string; disabledReason?: string }[] = []): string[] {
  const byReason = new Map<string, string[]>();
  const add = (reason: string, label: string): void => void byReason.set(reason, [...(byReason.get(reason) ?? []), label]);
  for (const a of stageButtons(actions)) if (a.disabledReason) add(a.disabledReason, actionLabel(a.type, stage));
  for (const e of extra) if (e.disabledReason) add(e.disabledReason, e.label);
  return [...byReason].map(([reason, labels]) => `${labels.join(', ')}: ${reason}`);
}

// Dates and times are formatted in one module (time.ts): instants in the reader's zone, due dates as calendar days.
export { formatDay, formatInstant } from './time';

export interface Progress {
  finished: number;
  total: number;
  percent: number;
}
export function progressOf(summary: Pick<PlanView['summary'], 'done' | 'skipped' | 'total'>): Progress {
  const finished = summary.done + summary.skipped;
  return { finished, total: summary.total, percent: summary.total === 0 ? 0 : Math.round((finished / summary.total) * 100) };
}

/** "you" for the viewer, else the account id (display names need a user lookup the app does not make). */
export function personLabel(accountId: string | null, viewerAccountId: string): string {
  if (!accountId) return 'Unassigned';
  return accountId === viewerAccountId ? 'You' : accountId;
}

/** The IQVIA roles in plain words for a customer: they deal with "IQVIA", not its internal roles. */
export function customerFacingRoles(roles: readonly string[], vendor = 'IQVIA'): string {
  const customer = roles.includes('Customer');
  const iqvia = roles.some((r) => r !== 'Customer');
  return customer && iqvia ? `You and ${vendor}` : customer ? 'You' : vendor;
}
