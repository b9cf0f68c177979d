import type { RequestTally } from '../counters';
import type { EntityDefinition } from '../entities';
import { kvsErrors } from '../errors';
import type { KvsLimits } from '../limits';
import { entityNamespace, isLive, type KvsStore, type StoredRecord } from '../store';
import { isRecord, validateEntityName } from '../validation';

export interface HandlerContext {
  readonly store: KvsStore;
  readonly limits: KvsLimits;
  /** Clock reading for the whole request. */
  readonly now: number;
  readonly entities: ReadonlyMap<string, EntityDefinition>;
  readonly tally: RequestTally;
  readonly requestBytes: number;
}

/** 204 when body is undefined. */
export interface HandlerResult {
  readonly body?: unknown;
}

export type Handler = (ctx: HandlerContext, body: unknown) => HandlerResult;

export const noContent: HandlerResult = {};

export type MetadataField = 'CREATED_AT' | 'UPDATED_AT' | 'EXPIRE_TIME';

export interface ResultItem {
  key: string;
  value: unknown;
  entityName?: string;
  createdAt?: number;
  updatedAt?: number;
  expireTime?: string;
}

/** `fields` undefined means every field (get/set: the client picks what was asked for). */
export function toResultItem(record: StoredRecord, value: unknown, fields?: readonly unknown[]): ResultItem {
  const want = (f: MetadataField) => fields === undefined || fields.includes(f);
  const item: ResultItem = { key: record.key, value };
  if (want('CREATED_AT')) item.createdAt = record.createdAt;
  if (want('UPDATED_AT')) item.updatedAt = record.updatedAt;
  if (want('EXPIRE_TIME') && record.expiresAt !== undefined) item.expireTime = new Date(record.expiresAt).toISOString();
  return item;
}

/** Reads an unexpired record and counts it. */
export function readLive(ctx: HandlerContext, ns: string, key: string): StoredRecord | undefined {
  const rec = ctx.store.get(ns, key);
  ctx.tally.reads += 1;
  if (!rec || !isLive(rec, ctx.now)) return undefined;
  ctx.tally.bytesRead += Buffer.byteLength(rec.json, 'utf8');
  return rec;
}

export function countRead(ctx: HandlerContext, record: StoredRecord): void {
  ctx.tally.reads += 1;
  ctx.tally.bytesRead += Buffer.byteLength(record.json, 'utf8');
}

const TTL_UNIT_MS: Readonly<Record<string, number>> = { SECONDS: 1_000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

export function expiryFromOptions(options: unknown, now: number, maxTtlMs: number): number | undefined {
  if (!isRecord(options) || options.ttl === undefined) return undefined;
  const ttl = options.ttl;
  const unitMs = isRecord(ttl) && typeof ttl.unit === 'string' ? TTL_UNIT_MS[ttl.unit] : undefined;
  if (!isRecord(ttl) || unitMs === undefined || typeof ttl.value !== 'number' || !Number.isInteger(ttl.value) || ttl.value < 1) {
    throw kvsErrors.badRequest('ttl must be { value: positive integer, unit: SECONDS | MINUTES | HOURS | DAYS }');
  }
  if (ttl.value * unitMs > maxTtlMs) throw kvsErrors.badRequest('ttl may not exceed 1 year');
  return now + ttl.value * unitMs;
}

/** Writes a value; an existing unexpired record keeps its createdAt. */
export function writeRecord(ctx: HandlerContext, ns: string, key: string, json: string, expiresAt: number | undefined): StoredRecord {
  const existing = ctx.store.get(ns, key);
  const createdAt = existing && isLive(existing, ctx.now) ? existing.createdAt : ctx.now;
  const base = { key, json, createdAt, updatedAt: ctx.now };
  const record: StoredRecord = expiresAt === undefined ? base : { ...base, expiresAt };
  ctx.store.put(ns, record);
  ctx.tally.writes += 1;
  ctx.tally.bytesWritten += Buffer.byteLength(json, 'utf8');
  return record;
}

/** Deletes a record; true when an unexpired one was there. */
export function removeRecord(ctx: HandlerContext, ns: string, key: string): boolean {
  const existing = ctx.store.get(ns, key);
  if (!existing) return false;
  ctx.store.delete(ns, key);
  ctx.tally.writes += 1;
  return isLive(existing, ctx.now);
}

export interface EntityTarget {
  readonly def: EntityDefinition;
  readonly ns: string;
}

export function resolveEntity(ctx: HandlerContext, entityName: unknown): EntityTarget {
  validateEntityName(entityName, ctx.limits);
  const def = ctx.entities.get(entityName);
  if (!def) throw kvsErrors.entityNotFound(entityName);
  return { def, ns: entityNamespace(entityName) };
}

export function checkRequestSize(ctx: HandlerContext): void {
  if (ctx.requestBytes > ctx.limits.maxRequestBytes) throw kvsErrors.maxRequestSize(ctx.requestBytes, ctx.limits.maxRequestBytes);
}

export function metadataFieldsOf(body: Record<string, unknown>): readonly unknown[] {
  const options = body.options;
  const fields = isRecord(options) ? options.metadataFields : body.metadataFields;
  return Array.isArray(fields) ? fields : [];
}
