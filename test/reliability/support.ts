/**
 * Shared by the reliability tests and the bench: scenarios driven through the real resolvers and trigger handler
 * (test/support/forgeApp.ts), a snapshot of everything the app keeps (KVS and the Jira stand-in), and a fault injector
 * that wraps the KVS emulator and the Jira stand-in the harness talks to.
 */
import { isDeepStrictEqual } from 'node:util';
import { iqSignerFor } from '../domain/environments/helpers';
import type { ResolverAnswer } from '../../src/forge/resolvers';
import { ForgeJiraClient } from '../../src/forge/jiraClient';
import { KvsPlanRepository } from '../../src/forge/planStore';
import type { AuditEntry } from '../../src/domain/audit';
import { createRegistry, recordIqDocumentation, requestEnvironment, transitionInstance, type RegistryActor } from '../../src/domain/environments/registry';
import { asApp, type JiraCaller, type JiraUserInput, type JiraEvent, type JiraRequest, type JiraResponse } from '../../src/local/jira';
import { kvsErrors, type StoredRecord } from '../../src/local/kvs';
import { ForgeAppHarness, PEOPLE, testPassphraseOf, type Surface } from '../support/forgeApp';

export const PORTAL: Surface = 'jiraServiceManagement:portalRequestDetailPanel';
export const VAL_FORM = { targetVersion: '25.2', currentVersion: '24.1', instances: 'VAL' };
export const PROD_FORM = { targetVersion: '25.2', instances: 'PROD MAIN,PROD TEST', preferredSlots: '2027-03-01T08:00:00.000Z' };
export const SLOT = '2027-03-01T08:00:00.000Z';
/** The Jira account the stand-in gives the app: events it causes are not delivered (manifest: filter.ignoreSelf). */
export const APP_ACCOUNT_ID = '557058:local-forge-app';

export type Caller = { accountId: string; surface?: Surface; ticketKey?: string; projectKey?: string };
export const customer = (ticketKey: string): Caller => ({ accountId: 'acc-acme', surface: PORTAL, ticketKey });
export const pm = (ticketKey: string): Caller => ({ accountId: 'acc-pm', ticketKey });
export const engineer = (ticketKey: string): Caller => ({ accountId: 'acc-eng', ticketKey });
export const support = (ticketKey: string): Caller => ({ accountId: 'acc-sup', ticketKey });

/** A resolver call that must be accepted. */
export async function must<T = unknown>(app: ForgeAppHarness, name: string, payload: unknown, as: Caller): Promise<T> {
  const answer: ResolverAnswer<T> = await app.invoke<T>(name, payload, as);
  if (!answer.ok) throw new Error(`${name} ${JSON.stringify(payload)} as ${as.accountId}: ${answer.error.rule} ${answer.error.message}`);
  return answer.data;
}

/** A step act that must be accepted, signed as the panel signs it when its playbook signs it (Part 11). */
export async function mustAct<T = unknown>(app: ForgeAppHarness, name: 'completeStage' | 'decideStage', payload: { stage: number; outcome?: string; reason?: string }, as: Caller): Promise<T> {
  const answer: ResolverAnswer<T> = await app.act<T>(name, payload, as);
  if (!answer.ok) throw new Error(`${name} ${JSON.stringify(payload)} as ${as.accountId}: ${answer.error.rule} ${answer.error.message}`);
  return answer.data;
}

/** IQ documentation that must be recorded, signed as the Environments tab signs it (Part 11). */
export async function mustRecordIq<T = unknown>(app: ForgeAppHarness, record: { instance: string; reference: string }, as: Caller): Promise<T> {
  const answer: ResolverAnswer<T> = await app.recordIq<T>(record, as);
  if (!answer.ok) throw new Error(`recordIqDocumentation ${JSON.stringify(record)} as ${as.accountId}: ${answer.error.rule} ${answer.error.message}`);
  return answer.data;
}

/** A fresh app with the test settings saved and no Jira retry waits (retries still happen, the back-off sleeps do not). */
export async function freshApp(options: { autoDeliver?: boolean; workflowValidator?: boolean } = {}): Promise<ForgeAppHarness> {
  const app = new ForgeAppHarness();
  if (options.workflowValidator === false) app.withoutWorkflowValidator();
  app.ports.jira = new ForgeJiraClient(async () => undefined);
  await app.saveSettings();
  app.autoDeliver = options.autoDeliver ?? true;
  return app;
}

/** Acme's live PROD pair at 24.1 in its environment registry, as the onboarding left it (stage 20 backs it up). */
export async function seedProdEnvironments(organizationId = '1', version = '24.1', now = new Date('2026-11-01T09:00:00Z')): Promise<void> {
  const actor: RegistryActor = { accountId: 'acc-eng', role: 'IQVIA Engineer' };
  const audit: AuditEntry[] = [];
  let registry = createRegistry(organizationId);
  const apply = (change: { registry: typeof registry; entry: AuditEntry }) => {
    registry = change.registry;
    audit.push(change.entry);
  };
  apply(requestEnvironment(registry, { kind: 'PROD', version }, actor, now));
  for (const slot of ['MAIN', 'TEST']) apply(transitionInstance(registry, { instance: `PROD ${slot}`, to: 'provisioning' }, actor, now));
  apply(recordIqDocumentation(registry, { instance: 'PROD', reference: `IQ-PROD-${version}` }, actor, now, undefined, iqSignerFor(actor, registry)));
  for (const slot of ['MAIN', 'TEST']) apply(transitionInstance(registry, { instance: `PROD ${slot}`, to: 'active' }, actor, now));
  await new KvsPlanRepository().commitRegistry({ registry, expectedRevision: 0, audit });
}

export interface DecisionWorld {
  val: string;
  issue: string;
  prod: string;
  /** The plan revision the customer is shown at the decision, and the signature a Go or No-Go sends from it (Part 11). */
  revision: number;
}

/** The signature the customer's dialog sends with a decision of stage 24 shown at `revision`. */
export function decisionSignature(world: Pick<DecisionWorld, 'revision'>, outcome: 'Go' | 'No-Go'): { passphrase: string; revision: number; meaning: string } {
  const meaning = outcome === 'Go' ? 'Go: PROD TEST may be upgraded' : 'No-Go: PROD MAIN is to be restored from its backup';
  return { passphrase: testPassphraseOf('acc-acme'), revision: world.revision, meaning };
}

/**
 * One plan driven through the real resolvers and triggers up to the Go/No-Go decision (stage 24 open): the VAL request,
 * its VAL, a validation issue raised and resolved, the PROD request, the slot, both PROD backups and PROD MAIN upgraded.
 * Needs autoDeliver on; leaves it as it found it.
 */
export async function driveToDecision(app: ForgeAppHarness): Promise<DecisionWorld> {
  const auto = app.autoDeliver;
  app.autoDeliver = true;
  await seedProdEnvironments();
  const val = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
  await app.decideConfiguration(val, 'valRequest');
  await must(app, 'completeStage', { stage: 1 }, customer(val));
  await must(app, 'completeStage', { stage: 3 }, pm(val));
  await must(app, 'completeStage', { stage: 4 }, pm(val));
  await app.provideVal(val);
  await must(app, 'completeStage', { stage: 7 }, pm(val));
  await must(app, 'completeStage', { stage: 8 }, customer(val));
  await must(app, 'completeStage', { stage: 9 }, customer(val));
  const issue = await app.raise('Validation issue', PEOPLE.acmeCustomer!, { targetVersion: '25.2' });
  await must(app, 'completeStage', { stage: 10 }, customer(val));
  await app.transition(issue, 'Resolved', PEOPLE.support!);
  // Support, the validation ticket's handler, records it addressed: the last part, resolved, completes stage 11.
  await must(app, 'addressPart', { stage: 11, part: issue }, support(val));
  await mustAct(app, 'completeStage', { stage: 12 }, customer(val));
  const prod = await app.raise('PROD upgrade request', PEOPLE.acmeCustomer!, PROD_FORM);
  await app.decideConfiguration(prod, 'prodRequest');
  await must(app, 'completeStage', { stage: 14 }, pm(prod));
  await must(app, 'completeStage', { stage: 15 }, engineer(prod));
  await app.agreeSlot(prod, SLOT);
  for (const stage of [17, 18, 19]) await must(app, 'completeStage', { stage }, customer(prod));
  await must(app, 'recordBackup', { instance: 'PROD MAIN', version: '24.1', reference: 'snap-main' }, engineer(prod));
  await must(app, 'recordBackup', { instance: 'PROD TEST', version: '24.1', reference: 'snap-test' }, engineer(prod));
  for (const stage of [20, 21, 22]) await must(app, 'completeStage', { stage }, engineer(prod));
  const { revision } = await must<{ revision: number }>(app, 'completeStage', { stage: 23 }, customer(prod));
  await app.jira.whenEventsDelivered();
  app.autoDeliver = auto;
  return { val, issue, prod, revision };
}

/** A trigger event held back, with the ticket it is about. */
export interface EventWorld {
  key: string;
  event: JiraEvent;
}

/** A VAL request raised in Jira, its created event held back (not delivered yet). */
export async function heldValRequest(app: ForgeAppHarness): Promise<EventWorld> {
  app.autoDeliver = false;
  const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
  const [event] = app.takePending();
  return { key, event: event! };
}

/** The VAL is provided (stage 6); the PM resolves the VAL request in Jira, which completes stage 7. Its event is held back. */
export async function heldValResolved(app: ForgeAppHarness): Promise<EventWorld> {
  app.autoDeliver = true;
  const key = await app.raise('VAL environment request', PEOPLE.acmeCustomer!, VAL_FORM);
  await app.decideConfiguration(key, 'valRequest');
  await must(app, 'completeStage', { stage: 1 }, customer(key));
  for (const stage of [3, 4]) await must(app, 'completeStage', { stage }, pm(key));
  await app.provideVal(key);
  app.autoDeliver = false;
  await app.transition(key, 'Resolved', PEOPLE.pm!);
  const [event] = app.takePending();
  return { key, event: event! };
}

// ---------------------------------------------------------------------------------------------------------------
// What the app keeps, as plain data to compare

export interface CommentState {
  text: string;
  internal: boolean;
  deliveryId: string | null;
}

export interface TicketState {
  status: string;
  assignee: string | null;
  searchProperty: unknown;
  comments: CommentState[];
}

export interface WorldState {
  /** `namespace/key` → value, for the plain keys and both custom entities. */
  kvs: Record<string, unknown>;
  jira: Record<string, TicketState>;
}

const NAMESPACES = ['kvs', 'entity:plan', 'entity:registry', 'entity:audit'];

export function kvsState(app: ForgeAppHarness): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const ns of NAMESPACES) {
    for (const record of app.host.kvs.store.scan(ns, { now: Date.now() })) out[`${ns}/${record.key}`] = JSON.parse(record.json) as unknown;
  }
  return out;
}

async function jiraGet(app: ForgeAppHarness, path: string): Promise<JiraResponse> {
  return original(app).call(app.jira, { method: 'GET', path }, asApp());
}

function plainText(adf: unknown): string {
  if (!adf || typeof adf !== 'object') return '';
  const node = adf as { type?: string; text?: string; content?: unknown[] };
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  const inner = (node.content ?? []).map(plainText).join('');
  return node.type === 'paragraph' ? `${inner}\n\n` : inner;
}

export async function ticketState(app: ForgeAppHarness, key: string): Promise<TicketState> {
  const issue = (await jiraGet(app, `/rest/api/3/issue/${key}?properties=clinspark-plan`)).body as { fields: Record<string, unknown>; properties?: Record<string, unknown> };
  const page = (await jiraGet(app, `/rest/api/3/issue/${key}/comment?maxResults=5000&expand=properties`)).body as {
    comments: { body: unknown; properties?: { key: string; value: { internal?: boolean; id?: string } }[] }[];
  };
  return {
    status: (issue.fields.status as { name: string }).name,
    assignee: (issue.fields.assignee as { accountId?: string } | null)?.accountId ?? null,
    searchProperty: issue.properties?.['clinspark-plan'] ?? null,
    comments: page.comments.map((c) => ({
      text: plainText(c.body).trim(),
      internal: c.properties?.find((p) => p.key === 'sd.public.comment')?.value.internal === true,
      deliveryId: c.properties?.find((p) => p.key === 'clinspark-delivery')?.value.id ?? null,
    })),
  };
}

export async function worldState(app: ForgeAppHarness, tickets: readonly string[]): Promise<WorldState> {
  const jira: Record<string, TicketState> = {};
  for (const key of tickets) jira[key] = await ticketState(app, key);
  return { kvs: kvsState(app), jira };
}

/** The same world with each ticket's comments in a stable order (a retried delivery may post later than the clean run did). */
export function comparable(world: WorldState): WorldState {
  const jira = Object.fromEntries(
    Object.entries(world.jira).map(([key, t]) => [key, { ...t, comments: [...t.comments].sort((a, b) => `${a.deliveryId}|${a.text}`.localeCompare(`${b.deliveryId}|${b.text}`)) }]),
  );
  return { kvs: world.kvs, jira };
}

/** A record claimed by a create (keyPolicy FAIL_IF_EXISTS) that its transaction never filled: every reader sees no record. */
const isUnfilledClaim = (key: string, value: unknown): boolean =>
  (key.startsWith('entity:plan/') || key.startsWith('entity:registry/')) && isDeepStrictEqual(value, { revision: 0 });

/**
 * What a change stores durably: plans (without the delivery bookkeeping), audit entries, ticket links, registries; not
 * the cache of Jira's names and avatars (KVS `people`), written after the change and again by its redelivery.
 */
export function durable(kvs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(kvs)
      .filter(([key, value]) => !isUnfilledClaim(key, value) && key !== 'kvs/people')
      .map(([key, value]) => {
        if (!key.startsWith('entity:plan/')) return [key, value];
        const entity = value as { stored: { plan: unknown } };
        return [key, { ...entity, stored: { plan: entity.stored.plan } }];
      }),
  );
}

/** Comments posted twice: the same delivery id, or the same text on the same ticket. */
export function duplicateComments(world: WorldState): string[] {
  const found: string[] = [];
  for (const [key, ticket] of Object.entries(world.jira)) {
    const seen = new Set<string>();
    for (const c of ticket.comments) {
      const id = c.deliveryId ?? `text:${c.text}`;
      if (seen.has(id)) found.push(`${key}: ${id} (${c.text.slice(0, 60)})`);
      seen.add(id);
    }
  }
  return found;
}

/** The events Forge would deliver (an event the app caused itself is filtered out by `ignoreSelf`). */
export function deliverable(events: readonly JiraEvent[]): JiraEvent[] {
  return events.filter((e) => (e.eventType === 'avi:jira:created:issue' || e.eventType === 'avi:jira:updated:issue') && e.atlassianId !== APP_ACCOUNT_ID);
}

// ---------------------------------------------------------------------------------------------------------------
// Copying a whole world (KVS and the Jira stand-in) into another harness, so that a long setup runs once

const ALL_NAMESPACES = ['kvs', 'secret', 'entity:plan', 'entity:registry'];

export interface WorldSnapshot {
  readonly kvs: readonly (readonly [string, readonly StoredRecord[]])[];
  readonly jira: unknown;
}

/** The Jira stand-in's in-memory state; MemoryJiraStore keeps it in one private field, read here on purpose. */
function jiraMemory(app: ForgeAppHarness): { state: unknown } {
  const store = app.jira.store as unknown as { state?: unknown };
  if (!store || typeof store !== 'object' || !('state' in store)) throw new Error('snapshotWorld: the Jira stand-in no longer keeps its state in MemoryJiraStore.state; update test/reliability/support.ts');
  return store as { state: unknown };
}

export function snapshotWorld(app: ForgeAppHarness): WorldSnapshot {
  return {
    kvs: ALL_NAMESPACES.map((ns) => [ns, app.host.kvs.store.scan(ns, { now: 0 })] as const),
    jira: structuredClone(jiraMemory(app).state),
  };
}

/** Makes the harness's KVS and Jira exactly the snapshot's (records are immutable, so they are shared, not copied). */
export function restoreWorld(app: ForgeAppHarness, snapshot: WorldSnapshot): void {
  const store = app.host.kvs.store;
  for (const [ns, records] of snapshot.kvs) {
    for (const record of store.scan(ns, { now: 0 })) store.delete(ns, record.key);
    for (const record of records) store.put(ns, record);
  }
  jiraMemory(app).state = structuredClone(snapshot.jira);
}

// ---------------------------------------------------------------------------------------------------------------
// Fault injection

export type FaultKind =
  /** Jira answers 429 to this call and to every retry of it: the call fails. */
  | 'jira 429'
  /** Jira answers 500 to this call and to every retry of it: the call fails. */
  | 'jira 500'
  /** Jira answers 429 once: the client's retry absorbs it. */
  | 'jira 429 once'
  /** The request to Jira throws once (connection reset): no answer at all. */
  | 'jira throws'
  /** The KVS request fails with a 500. */
  | 'kvs 500'
  /** The KVS request is refused as over a limit: 429 RATE_LIMIT_EXCEEDED (handling-errors-kvs), nothing written. */
  | 'kvs 429'
  /** The process dies before this step: it and every later request of the invocation fail. */
  | 'crash'
  /** Jira applies the request but the answer is lost: the app sees a 500 (a gateway timeout after the write). */
  | 'jira 500 after applying';

export const JIRA_FAULTS: readonly FaultKind[] = ['jira 429', 'jira 500', 'jira 429 once', 'jira throws', 'crash'];
export const KVS_FAULTS: readonly FaultKind[] = ['kvs 500', 'kvs 429', 'crash'];

export interface Step {
  index: number;
  kind: 'kvs' | 'jira';
  what: string;
}

const ORIGINAL = new WeakMap<ForgeAppHarness, ForgeAppHarness['jira']['handle']>();
const original = (app: ForgeAppHarness): ForgeAppHarness['jira']['handle'] => ORIGINAL.get(app) ?? app.jira.handle;

/**
 * Counts every request the app makes to KVS and to Jira while armed, and fails the one at `at` as `fault` says.
 * Requests the test itself makes (raising tickets, reading comments) are not counted: arm only around the app's action.
 */
export class FaultInjector {
  readonly steps: Step[] = [];
  private armed = false;
  private at = -1;
  private fault: FaultKind | undefined;
  private failing = 0;
  private crashed = false;
  injected = 0;

  constructor(app: ForgeAppHarness) {
    const kvsHandle = app.host.kvs.handle.bind(app.host.kvs);
    app.host.kvs.handle = (path, body) => {
      if (!this.armed) return kvsHandle(path, body);
      const index = this.next('kvs', path);
      if (this.crashed) throw new Error('injected: the process died');
      if (index === this.at && this.fault === 'kvs 500') {
        this.injected += 1;
        return { status: 500, body: JSON.stringify({ code: 'INTERNAL_SERVER_ERROR', message: 'injected KVS failure' }) };
      }
      if (index === this.at && this.fault === 'kvs 429') {
        this.injected += 1;
        const refusal = kvsErrors.rateLimitExceeded('injected');
        return { status: refusal.status, body: JSON.stringify(refusal.toBody()) };
      }
      return kvsHandle(path, body);
    };
    const jiraHandle = app.jira.handle.bind(app.jira);
    ORIGINAL.set(app, jiraHandle);
    app.jira.handle = async (request: JiraRequest, caller: JiraCaller): Promise<JiraResponse> => {
      if (!this.armed) return jiraHandle(request, caller);
      const index = this.next('jira', `${caller.type} ${request.method} ${request.path.split('?')[0]}`);
      if (this.crashed) throw new Error('injected: the process died');
      if (index === this.at && this.fault === 'jira throws') {
        this.injected += 1;
        throw new Error('injected: connection reset');
      }
      if (index === this.at && this.fault === 'jira 500 after applying') {
        this.injected += 1;
        await jiraHandle(request, caller);
        return { status: 500, headers: { 'content-type': 'application/json' }, body: { errorMessages: ['injected: the answer was lost'], errors: {} } };
      }
      if (index === this.at && this.fault?.startsWith('jira')) this.failing = this.fault === 'jira 429 once' ? 1 : 4;
      if (this.failing > 0) {
        this.failing -= 1;
        this.injected += 1;
        const status = this.fault === 'jira 500' ? 500 : 429;
        return { status, headers: { 'content-type': 'application/json', 'retry-after': '0' }, body: { errorMessages: ['injected'], errors: {} } };
      }
      return jiraHandle(request, caller);
    };
  }

  private next(kind: 'kvs' | 'jira', what: string): number {
    const index = this.steps.length;
    this.steps.push({ index, kind, what });
    if (index === this.at && this.fault === 'crash') {
      this.crashed = true;
      this.injected += 1;
    }
    return index;
  }

  /** Counts from zero; fails step `at` (none when omitted). */
  arm(at = -1, fault?: FaultKind): void {
    this.steps.length = 0;
    this.armed = true;
    this.at = at;
    this.fault = fault;
    this.failing = 0;
    this.crashed = false;
    this.injected = 0;
  }

  disarm(): void {
    this.armed = false;
  }
}

/** Runs `fn`, turning a thrown error into its message (a trigger invocation that failed). */
export async function settle<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: string }> {
  try {
    return { value: await fn() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** A customer's upgrade up to stage 16 (VAL, validation without issues, the PROD request, 14 and 15): the slot is next. */
export async function toSlot(app: ForgeAppHarness, person: JiraUserInput, organizationId: string): Promise<string> {
  const as = (ticketKey: string) => ({ accountId: person.accountId, surface: PORTAL, ticketKey });
  await seedProdEnvironments(organizationId);
  const val = await app.raise('VAL environment request', person, VAL_FORM);
  await app.decideConfiguration(val, 'valRequest', person);
  await must(app, 'completeStage', { stage: 1 }, as(val));
  for (const stage of [3, 4]) await must(app, 'completeStage', { stage }, pm(val));
  await app.provideVal(val);
  await must(app, 'completeStage', { stage: 7 }, pm(val));
  for (const stage of [8, 9, 10]) await must(app, 'completeStage', { stage }, as(val));
  await must(app, 'completeStage', { stage: 11 }, support(val));
  await mustAct(app, 'completeStage', { stage: 12 }, as(val));
  const prod = await app.raise('PROD upgrade request', person, { ...PROD_FORM, keepConfigurations: 'Visit report' });
  await must(app, 'completeStage', { stage: 14 }, pm(prod));
  await must(app, 'completeStage', { stage: 15 }, engineer(prod));
  return prod;
}
