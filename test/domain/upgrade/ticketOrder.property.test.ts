import fc from 'fast-check';
import { PlanRefusal } from '../../../src/domain/errors';
import type { Actor } from '../../../src/domain/playbook';
import { CUSTOMER, ENGINEER, PM, SUPPORT } from './fixtures';
import { UpgradeWorld } from './world';

/**
 * Issue #12, finding 6: the plan's view of a ticket (status, resolution) and what it does to stage 7 end the same
 * whatever the order and repetition in which Jira's events arrive; the newest truth is Jira's changelog id.
 */

/** A project's statuses and whether each resolves the ticket; the VAL request's Done completes stage 7. */
const RESOLVED: Record<string, boolean> = { Open: false, 'In Progress': false, 'Waiting for customer': false, Done: true, Reopened: false };
const PEOPLE: Record<string, Actor> = { pm: PM, customer: CUSTOMER, support: SUPPORT, engineer: ENGINEER };

interface Truth {
  key: string;
  to: string;
  by: string;
  changelogId: number;
}

const moves = fc.array(
  fc.record({ to: fc.constantFrom('In Progress', 'Waiting for customer', 'Done', 'Reopened', 'Done'), by: fc.constantFrom('pm', 'customer', 'support', 'engineer', 'pm'), gap: fc.integer({ min: 1, max: 40 }) }),
  { maxLength: 7 },
);

/** A ticket's history in Jira: created Open (changelog 0 as read back), then each move with a growing changelog id. */
function historyOf(key: string, steps: { to: string; by: string; gap: number }[], start: number): Truth[] {
  let id = start;
  return [{ key, to: 'Open', by: 'customer', changelogId: 0 }, ...steps.map((s) => ({ key, to: s.to, by: s.by, changelogId: (id += s.gap) }))];
}

/**
 * What reaches the app: every move's event, some more than once, and the created event's read-back (the ticket as
 * Jira had it when the app read it: the newest move then), all in any order.
 */
const deliveries = (truths: Truth[]) =>
  fc
    .tuple(fc.array(fc.nat({ max: truths.length - 1 }), { maxLength: 6 }), fc.nat({ max: truths.length - 1 }))
    .chain(([repeats, readBack]) => {
      const events = [...truths.slice(1), ...repeats.map((i) => truths[i]!), truths[readBack]!];
      return fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length });
    });

function deliver(world: UpgradeWorld, truth: Truth): void {
  const completesStage = truth.key === 'FHSD-1' && truth.to === 'Done' ? 7 : undefined;
  try {
    world.ticket(truth.key, truth.to, RESOLVED[truth.to]!, PEOPLE[truth.by]!, completesStage, truth.changelogId);
  } catch (error) {
    if (!(error instanceof PlanRefusal)) throw error;
    if (error.rule !== 'unchanged' && error.rule !== 'staleTicketStatus') throw error;
  }
}

/** A plan waiting for stage 7 (VAL provided), with a validation issue linked. */
function waitingForStage7(): UpgradeWorld {
  const world = new UpgradeWorld();
  for (const n of [1, 3, 4]) world.act({ type: 'complete', step: n }, n === 1 ? CUSTOMER : PM);
  world.act({ type: 'start', step: 6 }, ENGINEER);
  world.iqDocumentation('VAL');
  world.act({ type: 'complete', step: 6 }, ENGINEER);
  world.attach('FHSD-10', 'validationIssue');
  return world;
}

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

describe('order independence of ticket events', () => {
  const base = waitingForStage7();

  test('the view of each ticket and stage 7 end as Jira\'s newest truth says, whatever the order and repetition of its events', () => {
    const scenario = fc
      .tuple(moves, moves)
      .chain(([val, issue]) => {
        const truths = [historyOf('FHSD-1', val, 100), historyOf('FHSD-10', issue, 100)];
        return fc.tuple(fc.constant(truths), deliveries(truths[0]!), deliveries(truths[1]!), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }));
      });
    fc.assert(
      fc.property(scenario, ([truths, val, issue, interleave]) => {
        const world = base.copy();
        // The two tickets' events interleave as Jira delivers them.
        const queues = [[...val], [...issue]];
        let turn = 0;
        while (queues[0]!.length + queues[1]!.length > 0) {
          const pick = queues[0]!.length === 0 ? 1 : queues[1]!.length === 0 ? 0 : interleave[turn++ % interleave.length] ? 0 : 1;
          deliver(world, queues[pick]!.shift()!);
        }
        for (const history of truths) {
          const newest = history.at(-1)!;
          const view = world.plan.facts.tickets.find((t) => t.key === newest.key)!;
          expect({ key: view.key, status: view.status, resolved: view.resolved, changelogId: view.changelogId, movedBy: view.movedBy }).toEqual({
            key: newest.key,
            status: newest.to,
            resolved: RESOLVED[newest.to],
            changelogId: newest.changelogId,
            movedBy: PEOPLE[newest.by]!.accountId,
          });
        }
        // Stage 7 is done exactly when the newest truth of the VAL request is Done, moved there by the stage's owner (the PM).
        const valNewest = truths[0]!.at(-1)!;
        const stage7 = world.plan.steps.find((s) => s.number === 7)!;
        expect(stage7.status).toBe(valNewest.to === 'Done' && valNewest.by === 'pm' ? 'done' : 'todo');
        if (stage7.status === 'done') expect(stage7.completedBy).toBe(PM.accountId);
        // The app never closes a ticket Jira already told it about: a person may have reopened it.
        expect(world.notices.filter((n) => n.type === 'closeTicket')).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  test('the finding\'s case: resolved validation issue, older reopen delivered after the created event\'s read-back', () => {
    const world = base.copy();
    const history = historyOf('FHSD-10', [{ to: 'Reopened', by: 'customer', gap: 5 }, { to: 'Done', by: 'support', gap: 5 }], 100);
    // The read-back finds it Done (changelog 110); the reopen (105) and the first Done arrive afterwards.
    for (const truth of [history[2]!, history[1]!, history[0]!, history[2]!]) deliver(world, truth);
    expect(world.plan.facts.tickets.find((t) => t.key === 'FHSD-10')).toMatchObject({ resolved: true, changelogId: 110 });
  });
});
