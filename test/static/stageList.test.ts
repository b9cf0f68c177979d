import { groupByPhase } from '../../static/shared/plan';
import { namesOf } from '../../static/shared/people';
import {
  earlyQuestion,
  emptyFilterSentence,
  filterPhases,
  filterStorageKey,
  finishedLine,
  foldedByDefault,
  isPhaseFinished,
  matchesFilter,
  phaseFinishedAt,
  phaseSummaryLine,
  readFilter,
  writeFilter,
  type FilterStore,
} from '../../static/shared/stageList';
import { buildPlanView } from '../../src/app/planView';
import { defaultSettings } from '../../src/app/settings';
import { ROLE_MAPPING, SLOT_1, throughSlot, throughValidation, PlanRun } from '../domain/upgrade/fixtures';
import { NOW, viewOf, newPlan } from './planFixture';

const settings = { ...defaultSettings(), roles: ROLE_MAPPING };
const pmView = (run: PlanRun, now = run.now) => buildPlanView(run.plan, { accountId: 'acc-pm', accountType: 'licensed', ticketKey: 'FHSD-1', projectKey: 'FHSD', surface: 'agent' }, settings, now);
const all = (phases: readonly { stages: readonly { number: number }[] }[]) => phases.flatMap((p) => p.stages.map((s) => s.number));

describe('matchesFilter and filterPhases', () => {
  const run = throughValidation();
  const view = pmView(run);
  const phases = groupByPhase(view);

  it('"all" keeps every stage; "open" only the unfinished ones, and drops a phase left empty', () => {
    expect(all(filterPhases(phases, 'all', 'acc-pm'))).toEqual(all(phases));
    const open = filterPhases(phases, 'open', 'acc-pm');
    expect(open.map((p) => p.name)).toEqual(['Prep for Upgrade', 'Day of Upgrade']);
    expect(open.flatMap((p) => p.stages).every((s) => s.status !== 'done' && s.status !== 'skipped')).toBe(true);
  });

  it('"mine" is the viewer\'s own open stages: the PM\'s are not the engineer\'s', () => {
    const mine = all(filterPhases(phases, 'mine', 'acc-pm'));
    expect(mine.length).toBeGreaterThan(0);
    for (const stage of phases.flatMap((p) => p.stages)) expect(matchesFilter(stage, 'mine', 'acc-pm')).toBe(stage.owner === 'acc-pm' && stage.status !== 'done' && stage.status !== 'skipped');
    expect(all(filterPhases(phases, 'mine', 'acc-engineer'))).not.toEqual(mine);
  });

  it('matchesFilter: a decided stage whose follow-up the viewer may record (a No-Go\'s restore) is open work and theirs', () => {
    const decided = phases.flatMap((p) => p.stages).find((s) => s.status === 'done' && s.owner !== 'acc-engineer')!;
    const restore = { ...decided, followUp: { label: 'Record the restore of PROD MAIN', form: 'restore', needsReason: false } };
    for (const filter of ['open', 'mine'] as const) expect(matchesFilter(restore, filter, 'acc-engineer')).toBe(true);
    expect(matchesFilter(restore, 'overdue', 'acc-engineer')).toBe(false);
    // Offered but not takeable now (the server says why), or not offered at all: the finished stage asks nothing.
    expect(matchesFilter({ ...restore, followUp: { ...restore.followUp, disabledReason: 'the restore is recorded' } }, 'mine', 'acc-engineer')).toBe(false);
    expect(matchesFilter(decided, 'mine', 'acc-engineer')).toBe(false);
    // An app admin may record it outside their roles, with a reason: open work, not theirs.
    const asAdmin = { ...restore, followUp: { ...restore.followUp, needsReason: true } };
    expect([matchesFilter(asAdmin, 'open', 'acc-admin'), matchesFilter(asAdmin, 'mine', 'acc-admin')]).toEqual([true, false]);
  });

  it('"overdue" is the open stages past their due day, and a plan with none gives an empty list', () => {
    const late = viewOf(newPlan(), 'acc-pm', 'agent', new Date('2031-01-01T00:00:00Z'));
    const overdue = filterPhases(groupByPhase(late), 'overdue', 'acc-pm').flatMap((p) => p.stages);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((s) => s.overdue)).toBe(true);
    expect(filterPhases(groupByPhase(viewOf(newPlan(), 'acc-pm', 'agent', NOW)), 'overdue', 'acc-pm')).toEqual([]);
  });
});

describe('emptyFilterSentence', () => {
  it('says why the list is empty, in words, for each filter', () => {
    expect(emptyFilterSentence('mine')).toBe('No open stage is yours right now.');
    expect(emptyFilterSentence('overdue', 'step')).toBe('No step is overdue.');
    expect(emptyFilterSentence('open')).toBe('Every stage is finished: nothing is open.');
  });
});

describe('isPhaseFinished and foldedByDefault', () => {
  it('folds the phases whose stages are all done or skipped, and keeps the current one open', () => {
    const phases = groupByPhase(pmView(throughValidation()));
    expect(phases.map(isPhaseFinished)).toEqual([true, true, false, false]);
    expect([...foldedByDefault(phases)]).toEqual([phases[0]!.id, phases[1]!.id]);
    expect(foldedByDefault(groupByPhase(viewOf(newPlan(), 'acc-pm'))).size).toBe(0);
  });
});

describe('phaseFinishedAt and phaseSummaryLine', () => {
  it('"Preparation — 6 of 7 done, 1 skipped, finished <day>", the day its last stage finished in the reader\'s zone', () => {
    const run = throughValidation();
    const preparation = groupByPhase(pmView(run))[0]!;
    const last = preparation.stages.map((s) => s.completedAt!).sort().at(-1)!;
    expect(phaseFinishedAt(preparation)).toBe(last);
    const skipped = preparation.stages.filter((s) => s.status === 'skipped').length;
    const done = preparation.stages.length - skipped;
    expect(phaseSummaryLine(preparation, 'UTC')).toBe(`Preparation — ${done} of ${preparation.stages.length} done${skipped ? `, ${skipped} skipped` : ''}, finished 23 Nov 2026`);
    // 23:30 UTC is the next day in Prague.
    const late = { name: 'P', stages: [{ ...preparation.stages[0]!, status: 'done' as const, completedAt: '2026-11-23T23:30:00.000Z' }] };
    expect(phaseSummaryLine(late, 'Europe/Prague')).toBe('P — 1 of 1 done, finished 24 Nov 2026');
  });
});

describe('finishedLine', () => {
  const run = throughValidation();
  const view = pmView(run);
  const names = new Map([['acc-customer', 'Carla Mendes']]);
  const stage1 = view.phases[0]!.stages[0]!;

  it('names who finished it and when, in the reader\'s zone; the viewer is "You"', () => {
    expect(finishedLine({ ...stage1, completedBy: 'acc-customer', completedAt: '2026-11-03T19:05:00.000Z', outcome: null }, 'acc-pm', names, 'America/New_York')).toBe('Done by Carla Mendes, 3 Nov 2026, 14:05 EST');
    expect(finishedLine({ ...stage1, status: 'skipped', completedBy: 'acc-pm', completedAt: '2026-11-03T19:05:00.000Z', outcome: null }, 'acc-pm', names, 'UTC')).toBe('Skipped by You, 3 Nov 2026, 19:05 UTC');
    expect(finishedLine({ ...stage1, completedBy: 'acc-customer', completedAt: '2026-11-03T19:05:00.000Z', outcome: 'Go' }, 'acc-pm', namesOf(view), 'UTC')).toMatch(/^Go decided by /);
  });

  it('is null for a stage still open', () => {
    expect(finishedLine({ ...stage1, status: 'todo' }, 'acc-pm', names)).toBeNull();
  });
});

describe('readFilter and writeFilter', () => {
  const memory = (): FilterStore & { data: Map<string, string> } => {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
  };

  it('keeps each person\'s filter per panel: another person, or another panel, starts from "all"', () => {
    const store = memory();
    writeFilter(store, 'issue-panel', 'acc-pm', 'overdue');
    expect(readFilter(store, 'issue-panel', 'acc-pm')).toBe('overdue');
    expect(readFilter(store, 'issue-panel', 'acc-engineer')).toBe('all');
    expect(readFilter(store, 'portal-panel', 'acc-pm')).toBe('all');
    expect([...store.data.keys()]).toEqual([filterStorageKey('issue-panel', 'acc-pm')]);
  });

  it('reads anything that is not a filter as "all", and a storage that throws neither breaks reading nor writing', () => {
    const store = memory();
    store.setItem(filterStorageKey('issue-panel', 'acc-pm'), 'everything');
    expect(readFilter(store, 'issue-panel', 'acc-pm')).toBe('all');
    const broken: FilterStore = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(readFilter(broken, 'issue-panel', 'acc-pm')).toBe('all');
    expect(() => writeFilter(broken, 'issue-panel', 'acc-pm', 'open')).not.toThrow();
    expect(readFilter(null, 'issue-panel', 'acc-pm')).toBe('all');
  });
});

describe('earlyQuestion', () => {
  it('shows the agreed slot with its weekday in the reader\'s zone, then asks about the action', () => {
    expect(earlyQuestion('2026-11-30T14:00:00.000Z', 'Record backups', 'America/New_York')).toBe('The agreed slot starts Mon 30 Nov 2026, 09:00 EST (your time). Record backups now?');
    expect(earlyQuestion(SLOT_1, 'Complete', 'UTC')).toBe('The agreed slot starts Mon 1 Mar 2027, 08:00 UTC (your time). Complete now?');
  });

  it('is asked for the stages the view marks early', () => {
    const run = throughSlot();
    const view = pmView(run, new Date(new Date(SLOT_1).getTime() - 86_400_000));
    expect(view.phases.at(-1)!.stages.every((s) => s.earlyWarning?.slotStart === SLOT_1)).toBe(true);
  });
});

describe('finishedLine for the portal', () => {
  it('names the vendor instead of its people when told to', () => {
    const stage = viewOf(newPlan(), 'acc-customer', 'portal').phases[0]!.stages[0]!;
    expect(finishedLine({ ...stage, status: 'done', completedBy: 'acc-engineer', completedAt: '2026-11-03T14:05:00.000Z', outcome: null }, 'acc-customer', new Map([['acc-engineer', 'Ivan Ivanov']]), 'UTC', 'IQVIA')).toBe('Done by IQVIA, 3 Nov 2026, 14:05 UTC');
  });
});
