import { Filter, FilterConditions, kvs, WhereConditions } from '@forge/kvs';
import type { AuditEntry } from '../domain/audit';
import { ConcurrentChangeError, type PlanCommit, type PlanIndexEntry, type PlanRepository, type RegistryCommit, type StoredPlan } from '../app/ports';
import { createRegistry, type EnvironmentRegistry } from '../domain/environments/registry';

import { DEFAULT_FORM_FIELD_NAMES, defaultSettings, fieldsMatchNames, type AppSettings, type ResolvedFields } from '../app/settings';
import { summarizePlan } from '../domain/summary';
import { planKindOf } from '../app/planKinds';

type TransactionBuilder = ReturnType<typeof kvs.transact>;

/** The `plan` entity of the manifest: the stored plan plus the attributes its indexes need. */
export interface PlanEntity {
  organizationId: string;
  targetVersion: string;
  revision: number;
  /** yyyy-MM-dd of the earliest open stage; NO_DUE_DATE when none. */
  nextDue: string;
  phase: string;
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
export const NO_DUE_DATE = '9999-12-31';
/** Largest page Forge allows: 20 for key queries, 100 for entity queries. */
const KEY_PAGE = 20;
const ENTITY_PAGE = 100;

export const ticketKeyOf = (ticketKey: string): string => `ticket:${ticketKey}`;
export const settingsKeyOf = (projectKey: string): string => `settings:${projectKey}`;
/** The Jira fields found for a project's settings: a record of its own, so a ticket event storing them never overwrites an admin's save. */
export const fieldsKeyOf = (projectKey: string): string => `fields:${projectKey}`;

/** Settings as stored: without the fields found for them; records from before fields were found by name have no names. */
type StoredSettings = Omit<AppSettings, 'fields' | 'formFieldNames'> & Partial<Pick<AppSettings, 'formFieldNames'>>;

/** A project's settings from its two records: the found fields count only while they answer the settings' names. */
function settingsFrom(projectKey: string, saved: StoredSettings | undefined, found: ResolvedFields | undefined): AppSettings {
  const { fields: _legacyIds, ...rest } = (saved ?? {}) as StoredSettings & { fields?: unknown };
  const settings: AppSettings = saved ? { ...rest, formFieldNames: saved.formFieldNames ?? DEFAULT_FORM_FIELD_NAMES, fields: null } : defaultSettings(projectKey);
  return { ...settings, fields: found && fieldsMatchNames(found, settings.formFieldNames) ? found : null };
}
/** Audit keys sort in sequence order, so a prefix query lists a plan's history oldest first. */
export const auditKeyOf = (planId: string, seq: number): string => `audit:${planId}:${String(seq).padStart(8, '0')}`;

function indexEntry(planId: string, entity: PlanEntity): PlanIndexEntry {
  return { planId, organizationId: entity.organizationId, targetVersion: entity.targetVersion, phase: entity.phase, nextDue: entity.nextDue === NO_DUE_DATE ? null : entity.nextDue };
}

/** A transaction refused because a condition no longer holds: someone else wrote the plan first (409). */
function isConditionFailure(error: unknown): boolean {
  const failure = error as { code?: string; responseDetails?: { status?: number } } | null;
  return failure?.responseDetails?.status === 409 || /CONDITION/i.test(failure?.code ?? '');
}

/** What a ticket key points to: its plan, and the organization whose environments the plan moves. */
interface TicketLink {
  planId: string;
  organizationId: string;
}

/** The registry write (only if unchanged since its expected revision) and its audit entries, added to a transaction. */
function addRegistry(transaction: TransactionBuilder, commit: RegistryCommit): void {
  const { registry } = commit;
  const unchanged =
    commit.expectedRevision === 0
      ? new Filter<RegistryEntity>().and('revision', FilterConditions.notExists())
      : new Filter<RegistryEntity>().and('revision', FilterConditions.equalTo(commit.expectedRevision));
  transaction.set(registry.organizationId, { organizationId: registry.organizationId, revision: registry.revision, registry } satisfies RegistryEntity, { entityName: REGISTRY_ENTITY, conditions: unchanged });
  for (const entry of commit.audit) transaction.set(auditKeyOf(registry.id, entry.seq), entry);
}

async function execute(transaction: TransactionBuilder, id: string): Promise<void> {
  try {
    await transaction.execute();
  } catch (error) {
    if (isConditionFailure(error)) throw new ConcurrentChangeError(id);
    throw error;
  }
}

/** Plans, their audit trail, ticket look-ups and settings on Forge's key-value store. */
export class KvsPlanRepository implements PlanRepository {
  async loadForTicket(ticketKey: string, projectKey: string): Promise<{ stored: StoredPlan | undefined; settings: AppSettings; registry: EnvironmentRegistry | undefined; configured: boolean }> {
    const { successfulKeys } = await kvs.batchGet<unknown>([{ key: ticketKeyOf(ticketKey) }, { key: settingsKeyOf(projectKey) }, { key: fieldsKeyOf(projectKey) }]);
    const found = new Map(successfulKeys.map((item) => [item.key, item.value]));
    const saved = found.get(settingsKeyOf(projectKey)) as StoredSettings | undefined;
    const settings = settingsFrom(projectKey, saved, found.get(fieldsKeyOf(projectKey)) as ResolvedFields | undefined);
    const configured = saved !== undefined;
    const link = found.get(ticketKeyOf(ticketKey)) as TicketLink | undefined;
    if (!link) return { stored: undefined, settings, registry: undefined, configured };
    const entities = await kvs.batchGet<unknown>([
      { entityName: PLAN_ENTITY, key: link.planId },
      { entityName: REGISTRY_ENTITY, key: link.organizationId },
    ]);
    const plan = entities.successfulKeys.find((item) => item.entityName === PLAN_ENTITY)?.value as PlanEntity | undefined;
    const registry = entities.successfulKeys.find((item) => item.entityName === REGISTRY_ENTITY)?.value as RegistryEntity | undefined;
    return { stored: plan?.stored, settings, registry: registry?.registry ?? createRegistry(link.organizationId), configured };
  }

  async loadRegistry(organizationId: string): Promise<EnvironmentRegistry> {
    const entity = await kvs.entity<RegistryEntity>(REGISTRY_ENTITY).get(organizationId);
    return entity?.registry ?? createRegistry(organizationId);
  }

  async commitRegistry(commit: RegistryCommit): Promise<void> {
    const transaction = kvs.transact();
    addRegistry(transaction, commit);
    await execute(transaction, commit.registry.id);
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

  /** One transaction: the plan (only if nobody wrote it since `expectedRevision`), its new audit entries and ticket look-ups. */
  async commit(commit: PlanCommit): Promise<void> {
    const { plan } = commit.stored;
    const kind = planKindOf(plan);
    const entity: PlanEntity = {
      organizationId: plan.organizationId,
      targetVersion: kind.versionOf(plan),
      revision: plan.revision,
      nextDue: commit.nextDue ?? NO_DUE_DATE,
      phase: summarizePlan(kind.playbookOf(plan), plan, []).phase,
      stored: commit.stored,
    };
    const unchanged =
      commit.expectedRevision === null
        ? new Filter<PlanEntity>().and('revision', FilterConditions.notExists())
        : new Filter<PlanEntity>().and('revision', FilterConditions.equalTo(commit.expectedRevision));
    const transaction = kvs.transact().set(plan.id, entity, { entityName: PLAN_ENTITY, conditions: unchanged });
    for (const entry of commit.audit) transaction.set(auditKeyOf(plan.id, entry.seq), entry);
    for (const key of commit.newTicketKeys) transaction.set(ticketKeyOf(key), { planId: plan.id, organizationId: plan.organizationId } satisfies TicketLink);
    if (commit.registry) addRegistry(transaction, commit.registry);
    await execute(transaction, plan.id);
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
      const stored = entity && update(entity.stored);
      if (!entity || !stored) return;
      try {
        const unchanged = new Filter<PlanEntity>().and('revision', FilterConditions.equalTo(entity.revision));
        await kvs.transact().set(planId, { ...entity, stored }, { entityName: PLAN_ENTITY, conditions: unchanged }).execute();
        return;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  }

  async history(planId: string): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith(`audit:${planId}:`)).limit(KEY_PAGE);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<AuditEntry>();
      entries.push(...page.results.map((r) => r.value));
      cursor = page.nextCursor;
    } while (cursor);
    return entries;
  }

  async loadSettings(projectKey: string): Promise<AppSettings> {
    const { successfulKeys } = await kvs.batchGet<unknown>([{ key: settingsKeyOf(projectKey) }, { key: fieldsKeyOf(projectKey) }]);
    const found = new Map(successfulKeys.map((item) => [item.key, item.value]));
    return settingsFrom(projectKey, found.get(settingsKeyOf(projectKey)) as StoredSettings | undefined, found.get(fieldsKeyOf(projectKey)) as ResolvedFields | undefined);
  }

  async saveSettings(settings: AppSettings): Promise<void> {
    const { fields, ...stored } = settings;
    if (!fields) return kvs.set(settingsKeyOf(settings.projectKey), stored);
    await kvs.transact().set(settingsKeyOf(settings.projectKey), stored).set(fieldsKeyOf(settings.projectKey), fields).execute();
  }

  async saveResolvedFields(projectKey: string, fields: ResolvedFields): Promise<void> {
    await kvs.set(fieldsKeyOf(projectKey), fields);
  }
}
