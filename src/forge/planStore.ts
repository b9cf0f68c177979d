import { Filter, FilterConditions, ForgeKvsAPIError, kvs, Sort, WhereConditions } from '@forge/kvs';
import type { AuditEntry } from '../domain/audit';
import { projectOf } from '../app/planChanges';
import { ConcurrentChangeError, type PlanCommit, type PlanIndexEntry, type PlanSearchProperty, type PlanRepository, type RegistryCommit, type StoredPlan } from '../app/ports';
import { createRegistry, type EnvironmentRegistry } from '../domain/environments/registry';

import { mergeDirectory } from '../app/people';
import { readReleaseCatalogue } from '../domain/releases';
import { DEFAULT_FORM_FIELD_NAMES, defaultSettings, fieldsMatchNames, type AppSettings, type PeopleDirectory, type ResolvedFields } from '../app/settings';

type TransactionBuilder = ReturnType<typeof kvs.transact>;

/** The `plan` entity of the manifest: the stored plan plus the attributes its indexes need. */
export interface PlanEntity {
  organizationId: string;
  targetVersion: string;
  revision: number;
  /** yyyy-MM-dd of the earliest open stage; NO_DUE_DATE when none. */
  nextDue: string;
  phase: string;
  /** When the plan's slot starts (ISO instant), for the calendar's slot index; NO_SLOT when none, absent in older records. */
  slotStart?: string;
  stored: StoredPlan;
}

/** The `registry` entity of the manifest: one customer organization's environments. */
export interface RegistryEntity {
  organizationId: string;
  revision: number;
  registry: EnvironmentRegistry;
}

export const PLAN_ENTITY = 'plan';
export const REGISTRY_ENTITY = 'registry';
export const AUDIT_ENTITY = 'audit';
/** Entries a history page holds: the most an entity query returns (entities-api-query, query.limit). */
export const HISTORY_PAGE = 100;
export const NO_DUE_DATE = '9999-12-31';
/** Stands for "no slot": sorts before every instant, so a range query from an instant never meets it (a string attribute may not be empty). */
export const NO_SLOT = '(none)';
/** Stands for "no target version" (plans of no release): a string attribute may not be empty (entities-api, "Limitations"). */
export const NO_TARGET_VERSION = '(none)';
/** The revision of a record claimed by a create but not yet filled in by its transaction; readers see no record. */
const UNFILLED = 0;
/** Largest page Forge allows: 20 for key queries, 100 for entity queries. */
const KEY_PAGE = 20;
const ENTITY_PAGE = 100;

export const ticketKeyOf = (ticketKey: string): string => `ticket:${ticketKey}`;
export const settingsKeyOf = (projectKey: string): string => `settings:${projectKey}`;
/** The Jira fields found for a project's settings: a record of its own, so a ticket event storing them never overwrites an admin's save. */
export const fieldsKeyOf = (projectKey: string): string => `fields:${projectKey}`;

/** The site's cached directory of names and avatars from Jira: one record for every project, read with the settings in the same request. */
export const PEOPLE_KEY = 'people';

/** Settings as stored: without the fields found for them and the directory; records from before fields were found by name have no names. */
type StoredSettings = Omit<AppSettings, 'fields' | 'formFieldNames' | 'directory'> & Partial<Pick<AppSettings, 'formFieldNames'>>;

/** A project's settings from its records: the found fields count only while they answer the settings' names. */
function settingsFrom(projectKey: string, saved: StoredSettings | undefined, found: ResolvedFields | undefined, directory: PeopleDirectory | undefined): AppSettings {
  const { fields: _legacyIds, ...rest } = (saved ?? {}) as StoredSettings & { fields?: unknown };
  // Releases saved by older releases of the app are bare versions: read as releases without date or notes, none lost.
  const settings: AppSettings = saved ? { ...rest, releases: readReleaseCatalogue(rest.releases), formFieldNames: saved.formFieldNames ?? DEFAULT_FORM_FIELD_NAMES, fields: null } : defaultSettings(projectKey);
  return { ...settings, fields: found && fieldsMatchNames(found, settings.formFieldNames) ? found : null, directory: directory ?? {} };
}
/** Where releases before the audit entity kept an entry (a plain key); read for their plans' oldest entries only. */
export const auditKeyOf = (planId: string, seq: number): string => `audit:${planId}:${String(seq).padStart(8, '0')}`;
/** An audit entry's key in the `audit` entity. */
export const auditEntityKeyOf = (planId: string, seq: number): string => `${planId}:${String(seq).padStart(8, '0')}`;

/** The `audit` entity: the entry with its plan (or registry) and sequence as the index attributes. */
export interface AuditEntity {
  planId: string;
  seq: number;
  entry: Omit<AuditEntry, 'planId' | 'seq'>;
}

/** Adds an audit entry of a plan or registry to a transaction, as a record of the `audit` entity. */
function addAuditEntry(transaction: TransactionBuilder, subject: string, entry: AuditEntry): void {
  const { planId: _subject, seq, ...rest } = entry;
  transaction.set(auditEntityKeyOf(subject, seq), { planId: subject, seq, entry: rest } satisfies AuditEntity, { entityName: AUDIT_ENTITY });
}

const fromAuditEntity = ({ planId, seq, entry }: AuditEntity): AuditEntry => ({ planId, seq, ...entry });

function indexEntry(planId: string, entity: PlanEntity): PlanIndexEntry {
  const targetVersion = entity.targetVersion === NO_TARGET_VERSION ? '' : entity.targetVersion;
  return { planId, organizationId: entity.organizationId, targetVersion, phase: entity.phase, nextDue: entity.nextDue === NO_DUE_DATE ? null : entity.nextDue };
}

/** A record a transaction writes only if its revision is still the one the change was computed from. */
interface Guard {
  entityName: string;
  key: string;
  revision: number;
}

const unchangedSince = (revision: number) => new Filter<{ revision: number }>().and('revision', FilterConditions.equalTo(revision));

/**
 * Creates a record only if its key is absent, the documented way (keyPolicy FAIL_IF_EXISTS, kvs-api and entities-api):
 * an unfilled placeholder that the transaction then fills under an ordinary revision condition, since the docs do not
 * say that a condition can hold on an entity that does not exist. Whether a refused claim met an existing key is
 * read back rather than guessed from its status or code, which no page gives. A placeholder left by a writer that
 * died is taken over: the revision condition lets only one taker fill it.
 */
export async function claim(entityName: string, key: string, id: string): Promise<void> {
  try {
    await kvs.entity<{ revision: number }>(entityName).set(key, { revision: UNFILLED }, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    if (!(error instanceof ForgeKvsAPIError)) throw error;
    const current = await kvs.entity<{ revision: number }>(entityName).get(key);
    if (current === undefined) throw error;
    if (current.revision !== UNFILLED) throw new ConcurrentChangeError(id);
  }
}

/** True when a guarded record no longer has the revision the transaction expected (a record gone counts as moved). */
async function anyGuardMoved(guards: readonly Guard[]): Promise<boolean> {
  const { successfulKeys } = await kvs.batchGet<{ revision?: number }>(guards.map((g) => ({ entityName: g.entityName, key: g.key })));
  return guards.some((g) => successfulKeys.find((item) => item.entityName === g.entityName && item.key === g.key)?.value.revision !== g.revision);
}

/**
 * Commits a transaction whose conditions are `guards`. The docs say only that a failed condition fails the whole
 * transaction (transactions-entities), not with which status or code: a refused transaction is a concurrent change
 * when a guarded revision has moved; any other failure is passed on as it came.
 */
export async function execute(transaction: TransactionBuilder, guards: readonly Guard[], id: string): Promise<void> {
  try {
    await transaction.execute();
  } catch (error) {
    if (!(error instanceof ForgeKvsAPIError)) throw error;
    const moved = await anyGuardMoved(guards).catch(() => false);
    if (moved) throw new ConcurrentChangeError(id);
    throw error;
  }
}

/** What a ticket key points to: its plan, and the organization whose environments the plan moves. */
interface TicketLink {
  planId: string;
  organizationId: string;
}

/** The registry write (only if unchanged since its expected revision) and its audit entries, added to a transaction; a first registry is claimed first. */
async function addRegistry(transaction: TransactionBuilder, commit: RegistryCommit): Promise<Guard> {
  const { registry } = commit;
  if (commit.expectedRevision === UNFILLED) await claim(REGISTRY_ENTITY, registry.organizationId, registry.id);
  const entity: RegistryEntity = { organizationId: registry.organizationId, revision: registry.revision, registry };
  transaction.set(registry.organizationId, entity, { entityName: REGISTRY_ENTITY, conditions: unchangedSince(commit.expectedRevision) });
  for (const entry of commit.audit) addAuditEntry(transaction, registry.id, entry);
  return { entityName: REGISTRY_ENTITY, key: registry.organizationId, revision: commit.expectedRevision };
}

/** Plans, their audit trail, ticket look-ups and settings on Forge's key-value store. */
export class KvsPlanRepository implements PlanRepository {
  async loadForTicket(ticketKey: string, projectKey: string): Promise<{ stored: StoredPlan | undefined; settings: AppSettings; registry: EnvironmentRegistry | undefined; configured: boolean }> {
    const { successfulKeys } = await kvs.batchGet<unknown>([{ key: ticketKeyOf(ticketKey) }, { key: settingsKeyOf(projectKey) }, { key: fieldsKeyOf(projectKey) }, { key: PEOPLE_KEY }]);
    const found = new Map(successfulKeys.map((item) => [item.key, item.value]));
    const saved = found.get(settingsKeyOf(projectKey)) as StoredSettings | undefined;
    const settings = settingsFrom(projectKey, saved, found.get(fieldsKeyOf(projectKey)) as ResolvedFields | undefined, found.get(PEOPLE_KEY) as PeopleDirectory | undefined);
    const configured = saved !== undefined;
    const link = found.get(ticketKeyOf(ticketKey)) as TicketLink | undefined;
    if (!link) return { stored: undefined, settings, registry: undefined, configured };
    const entities = await kvs.batchGet<unknown>([
      { entityName: PLAN_ENTITY, key: link.planId },
      { entityName: REGISTRY_ENTITY, key: link.organizationId },
    ]);
    const plan = entities.successfulKeys.find((item) => item.entityName === PLAN_ENTITY)?.value as PlanEntity | undefined;
    const registry = entities.successfulKeys.find((item) => item.entityName === REGISTRY_ENTITY)?.value as RegistryEntity | undefined;
    // The plan's own project decides (its settings, roles and admins), whichever project's ticket led to it.
    const planProject = plan?.stored && projectOf(plan.stored);
    const own = planProject && planProject !== projectKey ? { settings: await this.loadSettings(planProject), configured: true } : { settings, configured };
    return { stored: plan?.stored, ...own, registry: registry?.registry ?? createRegistry(link.organizationId) };
  }

  async loadRegistry(organizationId: string): Promise<EnvironmentRegistry> {
    const entity = await kvs.entity<RegistryEntity>(REGISTRY_ENTITY).get(organizationId);
    return entity?.registry ?? createRegistry(organizationId);
  }

  async commitRegistry(commit: RegistryCommit): Promise<void> {
    const transaction = kvs.transact();
    const guard = await addRegistry(transaction, commit);
    await execute(transaction, [guard], commit.registry.id);
  }

  async load(planId: string): Promise<StoredPlan | undefined> {
    const entity = await kvs.entity<PlanEntity>(PLAN_ENTITY).get(planId);
    return entity?.stored;
  }

  async findByOrganizationAndTarget(organizationId: string, targetVersion: string): Promise<StoredPlan | undefined> {
    const found = await kvs.entity<PlanEntity>(PLAN_ENTITY).query().index('by-organization', { partition: [organizationId] }).where(WhereConditions.equalTo(targetVersion)).getOne();
    return found?.value.stored;
  }

  async listByOrganization(organizationId: string): Promise<PlanIndexEntry[]> {
    const entries: PlanIndexEntry[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.entity<PlanEntity>(PLAN_ENTITY).query().index('by-organization', { partition: [organizationId] }).limit(ENTITY_PAGE);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany();
      entries.push(...page.results.map((r) => indexEntry(r.key, r.value)));
      cursor = page.nextCursor;
    } while (cursor);
    return entries;
  }

  async listDueBefore(day: string, limit: number): Promise<PlanIndexEntry[]> {
    const page = await kvs.entity<PlanEntity>(PLAN_ENTITY).query().index('by-next-due').where(WhereConditions.lessThan(day)).limit(limit).getMany();
    return page.results.map((r) => indexEntry(r.key, r.value));
  }

  async pageDueBefore(day: string, limit: number, cursor?: string): Promise<{ plans: { entry: PlanIndexEntry; stored: StoredPlan }[]; nextCursor: string | undefined }> {
    let query = kvs.entity<PlanEntity>(PLAN_ENTITY).query().index('by-next-due').where(WhereConditions.lessThan(day)).limit(Math.min(limit, ENTITY_PAGE));
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    // A claimed record not yet filled by its transaction is no plan yet.
    const plans = page.results.filter((r) => r.value.revision !== UNFILLED && r.value.stored).map((r) => ({ entry: indexEntry(r.key, r.value), stored: r.value.stored }));
    return { plans, nextCursor: page.nextCursor };
  }

  async recordRefreshed(planId: string, revision: number, property: PlanSearchProperty): Promise<void> {
    const entity = await kvs.entity<PlanEntity>(PLAN_ENTITY).get(planId);
    if (!entity || entity.revision !== revision) throw new ConcurrentChangeError(planId);
    const transaction = kvs.transact().set(planId, { ...entity, stored: { ...entity.stored, refreshed: { revision, property } } }, { entityName: PLAN_ENTITY, conditions: unchangedSince(revision) });
    await execute(transaction, [{ entityName: PLAN_ENTITY, key: planId, revision }], planId);
  }

  async listSlotsFrom(instant: string): Promise<StoredPlan[]> {
    const plans: StoredPlan[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.entity<PlanEntity>(PLAN_ENTITY).query().index('by-slot').where(WhereConditions.greaterThanEqualTo(instant)).limit(ENTITY_PAGE);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany();
      plans.push(...page.results.filter((r) => r.value.revision !== UNFILLED).map((r) => r.value.stored));
      cursor = page.nextCursor;
    } while (cursor);
    return plans;
  }

  /** One transaction: the plan with the index attributes it is handed (only if nobody wrote it since `expectedRevision`; a new one claimed first), its new audit entries and ticket look-ups. */
  async commit(commit: PlanCommit): Promise<void> {
    const { plan } = commit.stored;
    const entity: PlanEntity = {
      organizationId: plan.organizationId,
      targetVersion: commit.index.targetVersion || NO_TARGET_VERSION,
      revision: plan.revision,
      nextDue: commit.index.nextDue ?? NO_DUE_DATE,
      phase: commit.index.phase,
      slotStart: commit.index.slotStart ?? NO_SLOT,
      stored: commit.stored,
    };
    if (commit.expectedRevision === null) await claim(PLAN_ENTITY, plan.id, plan.id);
    const expected = commit.expectedRevision ?? UNFILLED;
    const transaction = kvs.transact().set(plan.id, entity, { entityName: PLAN_ENTITY, conditions: unchangedSince(expected) });
    for (const entry of commit.audit) addAuditEntry(transaction, plan.id, entry);
    for (const key of commit.newTicketKeys) transaction.set(ticketKeyOf(key), { planId: plan.id, organizationId: plan.organizationId } satisfies TicketLink);
    const guards: Guard[] = [{ entityName: PLAN_ENTITY, key: plan.id, revision: expected }];
    if (commit.registry) guards.push(await addRegistry(transaction, commit.registry));
    await execute(transaction, guards, plan.id);
  }

  async clearDelivered(planId: string, revision: number, deliveredIds: readonly string[]): Promise<void> {
    await this.updateBookkeeping(planId, (stored) => (stored.plan.revision === revision ? { ...stored, outbox: stored.outbox.filter((item) => !deliveredIds.includes(item.id)) } : undefined), 1);
  }

  async markEventSeen(planId: string, ticketKey: string, eventId: number): Promise<void> {
    await this.updateBookkeeping(planId, (stored) => ((stored.lastEventIds[ticketKey] ?? -1) < eventId ? { ...stored, lastEventIds: { ...stored.lastEventIds, [ticketKey]: eventId } } : undefined), 4);
  }

  /** Rewrites what the plan record keeps besides the plan (outbox, events seen) without a new revision, if the plan did not change meanwhile. */
  private async updateBookkeeping(planId: string, update: (stored: StoredPlan) => StoredPlan | undefined, attempts: number): Promise<void> {
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const entity = await kvs.entity<PlanEntity>(PLAN_ENTITY).get(planId);
      const stored = entity?.stored && update(entity.stored);
      if (!entity || !stored) return;
      try {
        const transaction = kvs.transact().set(planId, { ...entity, stored }, { entityName: PLAN_ENTITY, conditions: unchangedSince(entity.revision) });
        await execute(transaction, [{ entityName: PLAN_ENTITY, key: planId, revision: entity.revision }], planId);
        return;
      } catch (error) {
        if (!(error instanceof ConcurrentChangeError)) throw error;
      }
    }
  }

  /**
   * One page of a plan's history: its latest `limit` entries before `before` (all when absent), oldest first. One entity
   * query, newest first; only a plan whose oldest entries predate the audit entity reads them from their plain keys.
   */
  async history(planId: string, page: { before?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    const limit = Math.min(page.limit ?? HISTORY_PAGE, HISTORY_PAGE);
    let query = kvs.entity<AuditEntity>(AUDIT_ENTITY).query().index('by-plan', { partition: [planId] });
    if (page.before !== undefined) query = query.where(WhereConditions.lessThan(page.before));
    const { results } = await query.sort(Sort.DESC).limit(limit).getMany();
    const entries = results.map((r) => fromAuditEntity(r.value));
    const oldest = entries.at(-1)?.seq ?? page.before ?? Number.POSITIVE_INFINITY;
    // Seqs run 1, 2, 3…: a page that is full or reaches the first entry is whole.
    if (entries.length < limit && oldest > 1) entries.push(...(await this.legacyHistory(planId, oldest)).slice(-(limit - entries.length)).reverse());
    return entries.reverse();
  }

  /** The entries of a plan kept as plain keys by releases before the audit entity, below a sequence number, oldest first. */
  private async legacyHistory(planId: string, below: number): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith(`audit:${planId}:`)).limit(KEY_PAGE);
      if (cursor) query = query.cursor(cursor);
      const found = await query.getMany<AuditEntry>();
      entries.push(...found.results.map((r) => r.value).filter((entry) => entry.seq < below));
      cursor = found.nextCursor;
    } while (cursor);
    return entries;
  }

  async loadSettings(projectKey: string): Promise<AppSettings> {
    const { successfulKeys } = await kvs.batchGet<unknown>([{ key: settingsKeyOf(projectKey) }, { key: fieldsKeyOf(projectKey) }, { key: PEOPLE_KEY }]);
    const found = new Map(successfulKeys.map((item) => [item.key, item.value]));
    return settingsFrom(projectKey, found.get(settingsKeyOf(projectKey)) as StoredSettings | undefined, found.get(fieldsKeyOf(projectKey)) as ResolvedFields | undefined, found.get(PEOPLE_KEY) as PeopleDirectory | undefined);
  }

  /** The settings, the fields found for them and, when given, the directory refreshed with them: one write. */
  async saveSettings(settings: AppSettings): Promise<void> {
    const { fields, directory, ...stored } = settings;
    if (!fields && !directory) return kvs.set(settingsKeyOf(settings.projectKey), stored);
    const transaction = kvs.transact().set(settingsKeyOf(settings.projectKey), stored);
    if (fields) transaction.set(fieldsKeyOf(settings.projectKey), fields);
    if (directory) transaction.set(PEOPLE_KEY, directory);
    await transaction.execute();
  }

  /** Read, merge, write: two people remembered at once may keep only one of them until their next ticket; it is a cache. */
  async rememberPeople(cards: PeopleDirectory): Promise<void> {
    const directory = ((await kvs.get<PeopleDirectory>(PEOPLE_KEY)) ?? {}) as PeopleDirectory;
    await kvs.set(PEOPLE_KEY, mergeDirectory(directory, cards));
  }

  async saveResolvedFields(projectKey: string, fields: ResolvedFields): Promise<void> {
    await kvs.set(fieldsKeyOf(projectKey), fields);
  }
}
