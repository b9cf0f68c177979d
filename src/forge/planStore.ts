import { Filter, FilterConditions, kvs, WhereConditions } from '@forge/kvs';
import type { AuditEntry } from '../domain/audit';
import { ConcurrentChangeError, type PlanCommit, type PlanIndexEntry, type PlanRepository, type StoredPlan } from '../app/ports';
import { defaultSettings, type AppSettings } from '../app/settings';
import { summarizePlan } from '../domain/summary';
import { UPGRADE_PLAYBOOK } from '../domain/upgrade/playbook';

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

export const PLAN_ENTITY = 'plan';
export const NO_DUE_DATE = '9999-12-31';
/** Largest page Forge allows: 20 for key queries, 100 for entity queries. */
const KEY_PAGE = 20;
const ENTITY_PAGE = 100;

export const ticketKeyOf = (ticketKey: string): string => `ticket:${ticketKey}`;
export const settingsKeyOf = (projectKey: string): string => `settings:${projectKey}`;
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

/** Plans, their audit trail, ticket look-ups and settings on Forge's key-value store. */
export class KvsPlanRepository implements PlanRepository {
  async loadForTicket(ticketKey: string, projectKey: string): Promise<{ stored: StoredPlan | undefined; settings: AppSettings }> {
    const { successfulKeys } = await kvs.batchGet<unknown>([{ key: ticketKeyOf(ticketKey) }, { key: settingsKeyOf(projectKey) }]);
    const found = new Map(successfulKeys.map((item) => [item.key, item.value]));
    const settings = (found.get(settingsKeyOf(projectKey)) as AppSettings | undefined) ?? defaultSettings(projectKey);
    const link = found.get(ticketKeyOf(ticketKey)) as { planId: string } | undefined;
    return { stored: link ? await this.load(link.planId) : undefined, settings };
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
    const entity: PlanEntity = {
      organizationId: plan.organizationId,
      targetVersion: plan.facts.targetVersion,
      revision: plan.revision,
      nextDue: commit.nextDue ?? NO_DUE_DATE,
      phase: summarizePlan(UPGRADE_PLAYBOOK, plan, []).phase,
      stored: commit.stored,
    };
    const unchanged =
      commit.expectedRevision === null
        ? new Filter<PlanEntity>().and('revision', FilterConditions.notExists())
        : new Filter<PlanEntity>().and('revision', FilterConditions.equalTo(commit.expectedRevision));
    const transaction = kvs.transact().set(plan.id, entity, { entityName: PLAN_ENTITY, conditions: unchanged });
    for (const entry of commit.audit) transaction.set(auditKeyOf(plan.id, entry.seq), entry);
    for (const key of commit.newTicketKeys) transaction.set(ticketKeyOf(key), { planId: plan.id });
    try {
      await transaction.execute();
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentChangeError(plan.id);
      throw error;
    }
  }

  async clearDelivered(planId: string, revision: number, deliveredIds: readonly string[]): Promise<void> {
    const entity = await kvs.entity<PlanEntity>(PLAN_ENTITY).get(planId);
    if (!entity || entity.revision !== revision) return;
    const stored = { ...entity.stored, outbox: entity.stored.outbox.filter((item) => !deliveredIds.includes(item.id)) };
    try {
      await kvs
        .transact()
        .set(planId, { ...entity, stored }, { entityName: PLAN_ENTITY, conditions: new Filter<PlanEntity>().and('revision', FilterConditions.equalTo(revision)) })
        .execute();
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
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
    return (await kvs.get<AppSettings>(settingsKeyOf(projectKey))) ?? defaultSettings(projectKey);
  }

  async saveSettings(settings: AppSettings): Promise<void> {
    await kvs.set(settingsKeyOf(settings.projectKey), settings);
  }
}
