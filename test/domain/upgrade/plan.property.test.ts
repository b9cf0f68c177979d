import { signedFor } from '../../support/signing';
import fc from 'fast-check';
import { ADMIN_OVERRIDE_ROLE, type AuditEntry } from '../../../src/domain/audit';
import { ATTEMPTS_KEPT, isFinished, pendingProposal, REASON_MAX_LENGTH } from '../../../src/domain/engine';
import { PlanRefusal } from '../../../src/domain/errors';
import type { Actor, Notice, StepAction, StepState } from '../../../src/domain/playbook';
import { nextSteps } from '../../../src/domain/summary';
import { STANDARD_CALENDAR } from '../../../src/domain/calendar';
import {
  actOnStage,
  attachTicket,
  createUpgradePlan,
  provideDetails,
  recordBackup,
  setTicketResolved,
  summarizeUpgradePlan,
  upgradeDueDates,
  type UpgradePlan,
} from '../../../src/domain/upgrade/plan';
import { UPGRADE_PLAYBOOK } from '../../../src/domain/upgrade/playbook';
import { recordRestore } from '../../../src/domain/upgrade/noGo';
import type { RequestDetails } from '../../../src/domain/upgrade/request';
import { backupsMissing, unaddressedTickets, unresolvedTickets } from '../../../src/domain/upgrade/rules';
import { addressValidationTicket } from '../../../src/domain/upgrade/validationParts';
import { UPGRADE_STAGES } from '../../../src/domain/upgrade/stages';
import { ACTOR_BY_ROLE, ADMIN, CUSTOMER, context, ENGINEER, PM, PROD_DETAILS, request, SPECIALIST, STRANGER, SUPPORT, T0, VAL_DETAILS } from './fixtures';

/* ---------- the world a command acts on ---------- */

interface World {
  plan: UpgradePlan;
  audit: AuditEntry[];
  /** The audit as first seen, serialised: entries must never change or disappear. */
  auditSeen: string[];
  notices: Notice[];
  now: Date;
  accepted: number;
  refused: number;
}

const ACTORS: Record<string, Actor> = {
  customer: CUSTOMER,
  pm: PM,
  engineer: ENGINEER,
  support: SUPPORT,
  specialist: SPECIALIST,
  admin: ADMIN,
  stranger: STRANGER,
  pmAndEngineer: { accountId: 'acc-pm-eng', roles: ['IQVIA PM', 'IQVIA Engineer'] },
};
type ActorKey = keyof typeof ACTORS;
const actorKey = fc.constantFrom(...(Object.keys(ACTORS) as ActorKey[]));

const FUTURE_SLOTS = ['2030-01-07T08:00:00.000Z', '2030-02-04T08:00:00.000Z', '2031-05-05T06:30:00.000Z'];
const DETAILS: Record<string, RequestDetails | undefined> = {
  none: undefined,
  empty: {},
  val: VAL_DETAILS,
  prod: PROD_DETAILS,
  partialVal: { instances: ['VAL MAIN'] },
  partialProd: { instances: ['PROD MAIN'], configuration: { mode: 'keep-listed', keep: ['Dosing dashboard'] } },
  slotsOnly: { preferredSlots: [FUTURE_SLOTS[0]!] },
  sandbox: { instances: ['Sandbox MAIN'] },
  otherVersion: { targetVersion: '26.1' },
  pastSlot: { preferredSlots: ['2020-01-01T00:00:00Z'] },
};
const detailsKey = fc.constantFrom(...Object.keys(DETAILS));

type Command =
  | { kind: 'advance'; pick: number; goFirst: boolean; skip: boolean; viaAdmin: boolean }
  | { kind: 'act'; action: StepAction; actor: ActorKey }
  | { kind: 'backup'; instance: string; version: string; reference: string; actor: ActorKey }
  | { kind: 'attach'; key: string; ticketKind: 'valRequest' | 'prodRequest' | 'validationIssue' | 'intent'; details: string }
  | { kind: 'resolve'; key: string; resolved: boolean }
  | { kind: 'provide'; ticketKind: 'valRequest' | 'prodRequest'; details: string; actor: ActorKey }
  | { kind: 'restore'; startMinutes: number; endMinutes: number; version: string; actor: ActorKey }
  | { kind: 'tick'; minutes: number };

const reason = fc.constantFrom<string | undefined>(undefined, '', '   ', 'agreed with the customer', 'x'.repeat(2001));
const stage = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 28 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 29, -3) });

const randomAction: fc.Arbitrary<StepAction> = fc.oneof(
  fc.record({ type: fc.constant('start' as const), step: stage, reason }),
  fc.record({ type: fc.constant('complete' as const), step: stage, reason }),
  fc.record({ type: fc.constant('propose' as const), step: fc.constantFrom(16, 16, 15), value: fc.constantFrom(...FUTURE_SLOTS, PROD_DETAILS.preferredSlots![0]!, '2020-01-01T00:00:00Z', 'soon', ''), reason }),
  fc.record({ type: fc.constant('agree' as const), step: fc.constantFrom(16, 16, 17), reason }),
  fc.record({ type: fc.constant('decline' as const), step: fc.constantFrom(16, 16, 17), reason: reason.map((r) => r ?? '') }),
  fc.record({
    type: fc.constant('reassign' as const),
    step: stage,
    owner: fc.constantFrom('acc-pm', 'acc-engineer', 'acc-specialist', 'acc-stranger', ''),
    ownerRoles: fc.subarray(['Customer', 'IQVIA PM', 'IQVIA Engineer', 'IQVIA Support', 'Solution Specialist'] as const),
    reason: reason.map((r) => r ?? ''),
  }),
  fc.record({ type: fc.constant('skip' as const), step: stage, reason: reason.map((r) => r ?? '') }),
  fc.record({ type: fc.constant('block' as const), step: stage, reason: reason.map((r) => r ?? '') }),
  fc.record({ type: fc.constant('reopen' as const), step: stage, reason: reason.map((r) => r ?? '') }),
  fc.record({ type: fc.constant('decide' as const), step: fc.constantFrom(24, 24, 23), outcome: fc.constantFrom('Go', 'No-Go', 'Maybe'), reason }),
).map((action) => JSON.parse(JSON.stringify(action)) as StepAction); // drop undefined properties

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('advance' as const), pick: fc.nat(), goFirst: fc.boolean(), skip: fc.boolean(), viaAdmin: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('act' as const), action: randomAction, actor: actorKey }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('backup' as const),
      instance: fc.constantFrom('PROD MAIN', 'PROD TEST', 'VAL MAIN'),
      version: fc.constantFrom('24.1', 'vX'),
      reference: fc.constantFrom('bk-1', 'bk-2', ''),
      actor: fc.constantFrom<ActorKey>('engineer', 'engineer', 'admin', 'customer'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('attach' as const),
      key: fc.constantFrom('FHSD-1', 'FHSD-2', 'FHSD-3', 'FHSD-4', 'FHSD-5'),
      ticketKind: fc.constantFrom('valRequest' as const, 'prodRequest' as const, 'validationIssue' as const, 'intent' as const),
      details: detailsKey,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('resolve' as const), key: fc.constantFrom('FHSD-1', 'FHSD-2', 'FHSD-3', 'FHSD-4', 'FHSD-9'), resolved: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('provide' as const), ticketKind: fc.constantFrom('valRequest' as const, 'prodRequest' as const), details: detailsKey, actor: actorKey }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 60 * 24 * 5 }) }) },
  // A restore recorded by anyone, with times around the decision and now, at the backup's version or another.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('restore' as const),
      startMinutes: fc.integer({ min: -30, max: 120 }),
      endMinutes: fc.integer({ min: -30, max: 200 }),
      version: fc.constantFrom('24.1', '25.1', '25.2', 'v1'),
      actor: fc.constantFrom<ActorKey>('engineer', 'engineer', 'admin', 'customer', 'pm'),
    }),
  },
);

const start = fc.record({
  ticketKind: fc.constantFrom('valRequest' as const, 'intent' as const, 'prodRequest' as const),
  details: fc.constantFrom('val', 'partialVal', 'empty', 'prod'),
  currentVersion: fc.constantFrom('24.1', '25.1'),
  valPairExists: fc.boolean(),
});

/* ---------- running commands ---------- */

type Result = { plan: UpgradePlan; entry: AuditEntry; entries: readonly AuditEntry[]; notices: readonly Notice[] };

const actorForStage = (n: number): Actor => ACTOR_BY_ROLE[UPGRADE_STAGES[n - 1]!.roles[0]!];
const status = (plan: UpgradePlan, n: number) => plan.steps[n - 1]!.status;

/** A change that moves the plan along, as the people of the plan would: what the next open stage needs. */
function advance(world: World, c: Extract<Command, { kind: 'advance' }>): Result {
  const open = nextSteps(UPGRADE_PLAYBOOK, world.plan);
  const restore = world.plan.facts.restore;
  if (restore) {
    // Rule 7: after a No-Go the engineer restores PROD MAIN (it takes time) and confirms it at the backup's version.
    const decided = Date.parse(restore.decidedAt);
    if (world.now.getTime() < decided + 45 * 60_000) world.now = new Date(decided + 45 * 60_000);
    const record = { startedAt: new Date(decided + 60_000).toISOString(), endedAt: new Date(decided + 41 * 60_000).toISOString(), version: restore.backupVersion, ...(c.viaAdmin ? { reason: 'engineer away' } : {}) };
    return recordRestore(UPGRADE_PLAYBOOK, world.plan, record, c.viaAdmin ? ADMIN : ENGINEER, world.now);
  }
  const { plan, now } = world;
  if (open.length === 0) return actOnStage(plan, signedFor(plan, { type: 'start', step: 1 }, CUSTOMER), CUSTOMER, now); // refused: nothing left to do
  const n = open[c.pick % open.length]!.number;
  const definition = UPGRADE_STAGES[n - 1]!;
  const actor = c.viaAdmin ? ADMIN : actorForStage(n);
  const why = c.viaAdmin ? { reason: 'acting for the owner' } : {};
  const facts = plan.facts;
  if ((n === 5 || n === 13) && status(plan, n) === 'blocked') {
    const kind = n === 5 ? 'valRequest' : 'prodRequest';
    if (!facts.tickets.some((t) => t.kind === kind)) return attachTicket(plan, { key: `FHSD-${n}00`, kind, details: n === 5 ? VAL_DETAILS : PROD_DETAILS }, CUSTOMER, now);
    return provideDetails(plan, kind, n === 5 ? VAL_DETAILS : PROD_DETAILS, CUSTOMER, now);
  }
  if (n === 5 && !facts.tickets.some((t) => t.kind === 'valRequest')) return attachTicket(plan, { key: 'FHSD-500', kind: 'valRequest', details: VAL_DETAILS }, CUSTOMER, now);
  if (n === 13 && !facts.tickets.some((t) => t.kind === 'prodRequest')) return attachTicket(plan, { key: 'FHSD-1300', kind: 'prodRequest', details: PROD_DETAILS }, CUSTOMER, now);
  if (n === 11) {
    const unresolved = unresolvedTickets(facts, 'validationIssue');
    if (unresolved.length > 0) return setTicketResolved(plan, unresolved[0]!, true, CUSTOMER, now);
    // Each validation ticket's part is addressed by its handler (IQVIA Support until the PM hands it on).
    const unaddressed = unaddressedTickets(facts);
    if (unaddressed.length > 0) return addressValidationTicket(plan, { step: 11, part: unaddressed[0]!, ...(c.viaAdmin ? { note: 'for the handler' } : {}) }, c.viaAdmin ? ADMIN : SUPPORT, now);
  }
  if (n === 20 && isFinished(plan.steps[18]!)) {
    const missing = backupsMissing(facts, plan.attempt);
    if (missing.length > 0) return recordBackup(plan, { instance: missing[0]!, version: facts.currentVersion, reference: `bk-${plan.attempt}-${missing[0]}`, ...why }, actor, now);
  }
  if (n === 24) return actOnStage(plan, signedFor(plan, c.goFirst ? { type: 'decide', step: 24, outcome: 'Go', ...why } : { type: 'decide', step: 24, outcome: 'No-Go', reason: 'QC found an issue' }, actor), actor, now);
  if (c.skip && !definition.unskippable && status(plan, n) !== 'in progress') return actOnStage(plan, signedFor(plan, { type: 'skip', step: n, reason: 'not needed for this customer' }, actor), actor, now);
  // Rule 6: the PM proposes (a slot off the preferred list, with the reason), the customer agrees, or declines for another.
  if (n === 16 && pendingProposal(plan.steps[15]!)) return actOnStage(plan, signedFor(plan, c.skip ? { type: 'decline', step: 16, reason: 'that week is full' } : { type: 'agree', step: 16 }, CUSTOMER), CUSTOMER, now);
  if (n === 16) return actOnStage(plan, signedFor(plan, { type: 'propose', step: 16, value: FUTURE_SLOTS[plan.attempt % FUTURE_SLOTS.length]!, reason: 'the preferred slots are taken' }, actor), actor, now);
  if (status(plan, n) === 'blocked') return actOnStage(plan, signedFor(plan, { type: 'start', step: n, ...why }, actor), actor, now);
  return actOnStage(plan, signedFor(plan, { type: 'complete', step: n, ...why }, actor), actor, now);
}

function execute(world: World, c: Command): Result | 'clock' {
  const { plan, now } = world;
  switch (c.kind) {
    case 'tick':
      world.now = new Date(now.getTime() + c.minutes * 60_000);
      return 'clock';
    case 'advance':
      return advance(world, c);
    case 'act':
      return actOnStage(plan, signedFor(plan, c.action, ACTORS[c.actor]!), ACTORS[c.actor]!, now);
    case 'backup':
      return recordBackup(plan, { instance: c.instance as 'PROD MAIN', version: c.version, reference: c.reference }, ACTORS[c.actor]!, now);
    case 'attach':
      return attachTicket(plan, { key: c.key, kind: c.ticketKind as 'valRequest', ...(DETAILS[c.details] ? { details: DETAILS[c.details] } : {}) }, CUSTOMER, now);
    case 'resolve':
      return setTicketResolved(plan, c.key, c.resolved, CUSTOMER, now);
    case 'provide':
      return provideDetails(plan, c.ticketKind, DETAILS[c.details] ?? {}, ACTORS[c.actor]!, now);
    case 'restore': {
      const from = Date.parse(plan.facts.restore?.decidedAt ?? now.toISOString());
      const record = { startedAt: new Date(from + c.startMinutes * 60_000).toISOString(), endedAt: new Date(from + c.endMinutes * 60_000).toISOString(), version: c.version, ...(c.actor === 'admin' ? { reason: 'for the engineer' } : {}) };
      return recordRestore(UPGRADE_PLAYBOOK, plan, record, ACTORS[c.actor]!, now);
    }
  }
}

/**
 * Strict structural equality of plain data: same keys (an undefined-valued key counts), same values, same array order.
 * (node's isDeepStrictEqual also compares prototypes, which differ between jest's sandbox and structuredClone's realm.)
 */
function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!isDeepStrictEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key in left) {
    count += 1;
    if (!(key in right) || !isDeepStrictEqual(left[key], right[key])) return false;
  }
  for (const _key in right) count -= 1;
  return count === 0;
}

/** Fails the property with a readable message (plain checks: jest's expect is too slow for thousands of states). */
function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

/** Runs one command: an accepted change must add one audit entry; a refused one must change nothing. */
function step(world: World, c: Command): void {
  const before = structuredClone(world.plan);
  const auditLength = world.audit.length;
  let result: Result | 'clock';
  try {
    result = execute(world, c);
  } catch (error) {
    if (!(error instanceof PlanRefusal)) throw error;
    // (c) a refused action leaves the plan exactly as it was.
    check(isDeepStrictEqual(world.plan, before), () => `refused ${JSON.stringify(c)} (${error.rule}) changed the plan`);
    check(world.audit.length === auditLength, () => 'a refusal added an audit entry');
    world.refused += 1;
    return;
  }
  if (result === 'clock') return;
  check(isDeepStrictEqual(world.plan, before), () => `accepting ${JSON.stringify(c)} mutated the plan it was given`);
  // (d) one entry per change an accepted action made (a validation ticket addressed and the stage 11 it completes are
  // one write of two); seq grows by one each, the last one is the plan's revision.
  const { entry, entries } = result;
  check(entry === entries.at(-1), () => 'entry is not the last of entries');
  entries.forEach((e, i) => check(e.seq === world.audit.at(-1)!.seq + 1 + i, () => `seq ${e.seq} after ${world.audit.at(-1)!.seq + i}`));
  check(result.plan.revision === entry.seq, () => `revision ${result.plan.revision} but seq ${entry.seq}`);
  for (const e of entries) {
    check(e.planId === world.plan.id && e.at === world.now.toISOString(), () => `entry ${JSON.stringify(e)}`);
    check(typeof e.actor.accountId === 'string' && e.actor.role.length > 0, () => `entry without actor: ${JSON.stringify(e)}`);
    check(e.reason === null || e.reason.length <= REASON_MAX_LENGTH, () => `an unbounded reason in the audit (${e.action})`);
    if (['skip', 'reopen', 'decide No-Go', 'decline', 'reassign', 'hand validation ticket'].includes(e.action) || e.actor.role === ADMIN_OVERRIDE_ROLE) {
      check(typeof e.reason === 'string' && e.reason.trim().length > 0, () => `${e.action} without a reason`);
    }
  }
  check(entry.attempt === world.plan.attempt, () => `entry ${JSON.stringify(entry)}`);
  world.plan = result.plan;
  world.audit.push(...entries);
  world.auditSeen.push(...entries.map((e) => JSON.stringify(e)));
  world.notices.push(...result.notices);
  world.accepted += 1;
}

/* ---------- the invariants ---------- */

function doneHasCompletion(steps: readonly StepState[], where: string): void {
  for (const s of steps) {
    if (s.status === 'done' || s.status === 'skipped') {
      check(typeof s.completedBy === 'string' && typeof s.completedAt === 'string', () => `${where}: stage ${s.number} is ${s.status} without completedBy/completedAt`);
    }
    if (s.status === 'skipped' || s.status === 'blocked') check(Boolean(s.reason?.trim()), () => `${where}: stage ${s.number} is ${s.status} without a reason`);
    if (s.status === 'in progress') check(typeof s.startedBy === 'string' && typeof s.startedAt === 'string', () => `${where}: stage ${s.number} in progress without startedBy`);
  }
}

function dayOfUpgradeInOrder(plan: UpgradePlan): void {
  const finished = (n: number) => isFinished(plan.steps[n - 1]!);
  for (const s of UPGRADE_STAGES) {
    const state = plan.steps[s.number - 1]!;
    if (isFinished(state) || state.status === 'in progress') {
      // Any started or finished stage has its prerequisites finished (stages 5 and 13 follow the same order).
      const open = s.requires.filter((r) => !finished(r));
      check(open.length === 0, () => `stage ${s.number} is ${state.status} while ${open.join(', ')} is not finished`);
      if (s.number >= 17) check(finished(16), () => `Day of Upgrade stage ${s.number} is ${state.status} before stage 16`);
    }
  }
  if (finished(16)) check(plan.facts.slot !== null, () => 'stage 16 finished without a slot');
  // Rule 6: only the customer's agreement to the PM's proposal finishes stage 16.
  if (finished(16)) check(plan.steps[15]!.proposal?.agreed?.by === plan.facts.slot?.confirmedBy && plan.facts.slot?.start === new Date(plan.steps[15]!.proposal?.value ?? 0).toISOString(), () => 'stage 16 finished without the customer agreeing to the proposed slot');
  if (status(plan, 21) !== 'todo' && status(plan, 21) !== 'blocked') check(backupsMissing(plan.facts, plan.attempt).length === 0, () => 'stage 21 under way without both backups');
  // A No-Go's stage 24 stands only while its restore is open; the engineer's confirmation restarts it.
  check((plan.steps[23]!.outcome === 'No-Go') === Boolean(plan.facts.restore), () => 'a No-Go without its open restore, or a restore without a No-Go');
  for (let n = 25; n <= 28; n += 1) {
    if (isFinished(plan.steps[n - 1]!) || status(plan, n) === 'in progress') check(plan.steps[23]!.outcome === 'Go', () => `stage ${n} under way without a Go`);
  }
}

function checkInvariants(world: World): void {
  const { plan } = world;
  doneHasCompletion(plan.steps, 'plan');
  for (const attempt of plan.attempts) doneHasCompletion(attempt.steps, `attempt ${attempt.attempt}`);
  dayOfUpgradeInOrder(plan);
  check(world.audit.length === plan.revision, () => `audit has ${world.audit.length} entries, revision ${plan.revision}`);
  // History: one archived attempt per No-Go (the record keeps the latest ATTEMPTS_KEPT), and one rollback each.
  check(plan.attempts.length === Math.min(plan.attempt - 1, ATTEMPTS_KEPT), () => `attempt ${plan.attempt} with ${plan.attempts.length} archived`);
  check(plan.facts.rollbacks.length === plan.attempts.length, () => 'a No-Go without its rollback');
}

/** (d) At the end of a run: the audit never lost or rewrote an entry; seq runs 1..revision. */
function auditIntact(world: World): void {
  expect(world.audit.map((e) => JSON.stringify(e))).toEqual(world.auditSeen);
  expect(world.audit.map((e) => e.seq)).toEqual(Array.from({ length: world.plan.revision }, (_, i) => i + 1));
  const open = world.plan.facts.restore ? 1 : 0;
  expect(world.audit.filter((e) => e.action === 'decide No-Go')).toHaveLength(world.plan.attempt - 1 + open);
  expect(world.audit.filter((e) => e.action === 'record restore')).toHaveLength(world.plan.attempt - 1);
  expect(world.plan.facts.rollbacks.map((r) => r.attempt)).toEqual(world.plan.attempts.map((a) => a.attempt));
}

function newWorld(s: { ticketKind: 'valRequest' | 'intent' | 'prodRequest'; details: string; currentVersion: string; valPairExists: boolean }): World {
  const created = createUpgradePlan(
    { ...request({ currentVersion: s.currentVersion, ticket: { key: 'FHSD-1', kind: s.ticketKind }, instances: undefined, configuration: undefined }), ...(DETAILS[s.details] ?? {}) },
    context({ valPairExists: s.valPairExists }),
    T0,
  );
  return { plan: created.plan, audit: [created.entry], auditSeen: [JSON.stringify(created.entry)], notices: [...created.notices], now: T0, accepted: 0, refused: 0 };
}

/* ---------- the properties ---------- */

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const sequences = fc.array(command, { minLength: 1, maxLength: 160, size: 'max' });

describe('properties over random action sequences', () => {
  const reached = { dayOfUpgrade: 0, noGo: 0, complete: 0 };

  afterAll(() => {
    // The generator must reach deep states, or the properties say little.
    expect(reached.dayOfUpgrade).toBeGreaterThan(RUNS / 10);
    expect(reached.noGo).toBeGreaterThan(0);
    expect(reached.complete).toBeGreaterThan(0);
  });

  test('(a) done stages carry who and when; (b) the Day of Upgrade order holds; (c) refusals change nothing; (d) one audit entry per change', () => {
    fc.assert(
      fc.property(start, sequences, (s, commands) => {
        const world = newWorld(s);
        checkInvariants(world);
        for (const c of commands) {
          step(world, c);
          checkInvariants(world);
        }
        auditIntact(world);
        if (world.plan.steps.slice(16).some((st) => st.status !== 'todo') || world.plan.attempt > 1) reached.dayOfUpgrade += 1;
        if (process.env.PROPERTY_DEBUG) console.log(world.plan.steps.filter(isFinished).map((st) => st.number).join(','), world.accepted, world.refused);
        if (world.plan.attempt > 1) reached.noGo += 1;
        if (world.plan.steps.every(isFinished)) reached.complete += 1;
        // The summary and due dates work in every state reached.
        const summary = summarizeUpgradePlan(world.plan, STANDARD_CALENDAR, world.now);
        expect(summary.done + summary.skipped).toBe(world.plan.steps.filter(isFinished).length);
        expect(upgradeDueDates(world.plan, STANDARD_CALENDAR).size).toBe(28);
        expect(JSON.parse(JSON.stringify(world.plan))).toStrictEqual(world.plan);
      }),
      { numRuns: RUNS },
    );
  });

  test('a refused action on any reachable plan leaves it deep-equal to a clone taken before', () => {
    fc.assert(
      fc.property(start, sequences, fc.array(fc.record({ action: randomAction, actor: actorKey }), { minLength: 1, maxLength: 20 }), (s, commands, probes) => {
        const world = newWorld(s);
        for (const c of commands) step(world, c);
        for (const probe of probes) {
          const clone = structuredClone(world.plan);
          try {
            actOnStage(world.plan, signedFor(world.plan, probe.action, ACTORS[probe.actor]!), ACTORS[probe.actor]!, world.now);
          } catch (error) {
            if (!(error instanceof PlanRefusal)) throw error;
            check(isDeepStrictEqual(world.plan, clone), () => `refused ${JSON.stringify(probe)} changed the plan`);
            check(error.rule.length > 0 && error.message.length > 0, () => 'a refusal without rule or message');
          }
        }
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});
