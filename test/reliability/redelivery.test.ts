/**
 * Forge delivers trigger events at least once and in no guaranteed order. Every event of a small service desk story is
 * delivered three times, shuffled (fast-check), and the app must end where one in-order delivery of each ends, with no
 * comment posted twice.
 */
import fc from 'fast-check';
import type { JiraEvent } from '../../src/local/jira';
import { ForgeAppHarness, PEOPLE } from '../support/forgeApp';
import { comparable, duplicateComments, freshApp, settle, VAL_FORM, worldState, type WorldState } from './support';

jest.setTimeout(20_000);

interface Story {
  app: ForgeAppHarness;
  events: { event: JiraEvent; ticket: string; kind: 'created' | 'status'; dependsOn: string | null }[];
  tickets: string[];
}

/**
 * Everything happens in Jira first, with delivery held back: the app sees only the events. The workflow has no app
 * validator here (it holds a resolution until the plan exists), so a ticket can be resolved before its created event is seen.
 */
async function story(): Promise<Story> {
  const app = await freshApp({ autoDeliver: false, workflowValidator: false });
  const events: Story['events'] = [];
  const take = (ticket: string, kind: 'created' | 'status', dependsOn: string | null) => {
    const pending = app.takePending();
    if (pending.length !== 1) throw new Error(`expected one event, got ${pending.length}`);
    events.push({ event: pending[0]!, ticket, kind, dependsOn });
  };
  const val = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
  take(val, 'created', null);
  const intent = await app.raise('Upgrade request', PEOPLE.betaCustomer!, { targetVersion: '25.2', currentVersion: '24.1' });
  take(intent, 'created', null);
  // A validation issue joins Acme's plan: it needs the plan the VAL request starts.
  const issue = await app.raise('Validation issue', PEOPLE.acmeCustomer!, { targetVersion: '25.2' });
  take(issue, 'created', val);
  await app.transition(issue, 'Resolved', PEOPLE.support!);
  take(issue, 'status', issue);
  await app.transition(issue, 'Waiting for support', PEOPLE.support!);
  take(issue, 'status', issue);
  await app.transition(issue, 'Resolved', PEOPLE.support!);
  take(issue, 'status', issue);
  await app.transition(intent, 'Waiting for customer', PEOPLE.pm!);
  take(intent, 'status', intent);
  await app.transition(val, 'In progress', PEOPLE.pm!);
  take(val, 'status', val);
  return { app, events, tickets: [val, intent, issue] };
}

/** The state to compare: the revision and the audit trail count changes, and an out-of-order run legitimately makes fewer. */
function outcome(world: WorldState): WorldState {
  const kvs = Object.fromEntries(
    Object.entries(world.kvs)
      .filter(([key]) => !key.startsWith('kvs/audit:'))
      .map(([key, value]) => {
        if (!key.startsWith('entity:plan/')) return [key, value];
        const entity = value as { revision: number; stored: { plan: { revision: number } } };
        return [key, { ...entity, revision: 0, stored: { ...entity.stored, plan: { ...entity.stored.plan, revision: 0 } } }];
      }),
  );
  return comparable({ kvs, jira: world.jira });
}

/**
 * Causal delivery with redelivery: the first copy of a validation issue's created event comes after the first copy of the
 * created event of the plan it joins, and at least one copy of a status event comes after its ticket's created event
 * (a copy arriving earlier is ignored, as Forge's retry of it would be delivered later).
 */
function causal<T extends { index: number; copy: number }>(order: readonly T[], events: Story['events']): T[] {
  const out: T[] = [];
  const waiting: T[] = [];
  const seen = new Set<string>();
  const ready = (item: T) => {
    const e = events[item.index]!;
    return e.kind !== 'created' || e.dependsOn === null || seen.has(e.dependsOn);
  };
  const push = (item: T): void => {
    out.push(item);
    const e = events[item.index]!;
    if (e.kind === 'created') seen.add(e.ticket);
    for (let next = waiting.findIndex(ready); next >= 0; next = waiting.findIndex(ready)) push(waiting.splice(next, 1)[0]!);
  };
  for (const item of order) {
    if (ready(item)) push(item);
    else waiting.push(item);
  }
  out.push(...waiting);
  // A status event all of whose copies came before its ticket was known gets its last copy moved to the end.
  events.forEach((e, index) => {
    if (e.kind !== 'status') return;
    const createdAt = out.findIndex((item) => events[item.index]!.kind === 'created' && events[item.index]!.ticket === e.ticket);
    const lastCopy = out.map((item) => item.index).lastIndexOf(index);
    if (lastCopy < createdAt) out.push(...out.splice(lastCopy, 1));
  });
  return out;
}

describe('redelivered and reordered trigger events', () => {
  let reference: WorldState;
  let referenceRaw: WorldState;

  beforeAll(async () => {
    const { app, events, tickets } = await story();
    try {
      for (const { event } of events) await app.deliver(event);
      referenceRaw = await worldState(app, tickets);
      reference = outcome(referenceRaw);
    } finally {
      app.close();
    }
  });

  test('the in-order run is the story it should be', () => {
    const plans = Object.entries(referenceRaw.kvs).filter(([k]) => k.startsWith('entity:plan/'));
    expect(plans).toHaveLength(2);
    const acme = referenceRaw.kvs['entity:plan/upgrade-1-25.2'] as { stored: { plan: { facts: { tickets: { key: string; resolved: boolean }[] } }; outbox: unknown[] } };
    expect(acme.stored.plan.facts.tickets.map((t) => [t.key, t.resolved])).toEqual([
      ['FHSD-1', false],
      ['FHSD-3', true],
    ]);
    expect(acme.stored.outbox).toEqual([]);
    expect(Object.values(referenceRaw.jira).map((t) => t.comments.length)).toEqual([1, 1, 1]);
    expect(duplicateComments(referenceRaw)).toEqual([]);
  });

  test('every event three times, shuffled: the same end state, no duplicate comment, no failed delivery', async () => {
    const shape = await story();
    const copies = shape.events.flatMap((_, index) => [0, 1, 2].map((copy) => ({ index, copy })));
    shape.app.close();
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(copies, { minLength: copies.length, maxLength: copies.length }), async (order) => {
        const { app, events, tickets } = await story();
        try {
          for (const { index } of causal(order, events)) await app.deliver(events[index]!.event);
          const world = await worldState(app, tickets);
          expect(duplicateComments(world)).toEqual([]);
          expect(outcome(world)).toEqual(reference);
        } finally {
          app.close();
        }
      }),
      { numRuns: 25 },
    );
  });

  test('the same created event delivered twice at the same time: one plan, one comment', async () => {
    const { app, events, tickets } = await story();
    try {
      const [created] = events;
      // The loser of the race fails its invocation (ConcurrentChangeError from the conditional write); nothing is lost.
      const outcomes = await Promise.all([settle(() => app.deliver(created!.event)), settle(() => app.deliver(created!.event))]);
      expect(outcomes.map((o) => o.value?.outcome ?? 'failed').sort()).toEqual(expect.arrayContaining(['created']));
      expect(await app.deliver(created!.event)).toMatchObject({ outcome: 'duplicate' });
      const world = await worldState(app, tickets);
      expect(world.jira[tickets[0]!]!.comments).toHaveLength(1);
      expect(Object.keys(world.kvs).filter((k) => k.startsWith('entity:plan/'))).toHaveLength(1);
    } finally {
      app.close();
    }
  });

  // Two requests of one plan created at once: the one that loses the race joins the plan the other created.
  test('two requests of the same plan created at the same time both join it', async () => {
    const app = await freshApp({ autoDeliver: false });
    try {
      const val = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
      const intent = await app.raise('Upgrade request', PEOPLE.acmeCustomer!, { targetVersion: '25.2', currentVersion: '24.1' });
      const [a, b] = app.takePending();
      await Promise.all([settle(() => app.deliver(a)), settle(() => app.deliver(b))]);
      const view = await app.invoke<{ tickets: { key: string }[] }>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: val });
      expect(view.ok && view.data.tickets.map((t) => t.key).sort()).toEqual([val, intent].sort());
    } finally {
      app.close();
    }
  });

  // A refusal is looked up by its delivery id before it is posted, so redeliveries post it once.
  test('a refused request delivered three times is refused once on its ticket', async () => {
    const app = await freshApp({ autoDeliver: false });
    try {
      const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, { ...VAL_FORM, instances: 'Sandbox MAIN' });
      const [created] = app.takePending();
      for (let i = 0; i < 3; i += 1) expect(await app.deliver(created)).toMatchObject({ outcome: 'refused' });
      const world = await worldState(app, [key]);
      expect(world.jira[key]!.comments).toHaveLength(1);
    } finally {
      app.close();
    }
  });

  // A ticket created already resolved (its status event came first) gets that status applied once it joins its plan.
  // Only a workflow without the app's validator lets the resolution happen before the plan exists.
  test('a status event processed before its created event is not lost', async () => {
    const app = await freshApp({ autoDeliver: false, workflowValidator: false });
    try {
      const val = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
      const issue = await app.raise('Validation issue', PEOPLE.acmeCustomer!, { targetVersion: '25.2' });
      await app.transition(issue, 'Resolved', PEOPLE.support!);
      const [createdVal, createdIssue, resolved] = app.takePending();
      await app.deliver(createdVal);
      await app.deliver(resolved);
      await app.deliver(createdIssue);
      const view = await app.invoke<{ tickets: { key: string; resolved: boolean }[] }>('getPlanView', {}, { accountId: 'acc-pm', ticketKey: val });
      expect(view.ok && view.data.tickets.find((t) => t.key === issue)?.resolved).toBe(true);
    } finally {
      app.close();
    }
  });
});
