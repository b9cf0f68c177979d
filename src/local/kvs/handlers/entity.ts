import { compareScalars, matchesCondition, matchesFilters, parseCondition, parseFilters, RANGE_CONDITIONS } from '../conditions';
import { decodeCursor, encodeCursor } from '../cursor';
import type { EntityIndex } from '../entities';
import { kvsErrors } from '../errors';
import type { StoredRecord } from '../store';
import { isRecord, optionalArray, requireRecord, validateKey, validateLimit } from '../validation';
import {
  countRead, metadataFieldsOf, noContent, readLive, removeRecord, resolveEntity, toResultItem,
  type Handler, type HandlerContext, type HandlerResult,
} from './common';
import { setValue } from './set';

const get: Handler = (ctx, rawBody) => {
  const body = requireRecord(rawBody, 'body');
  const { ns } = resolveEntity(ctx, body.entityName);
  validateKey(body.key, 'entity', ctx.limits);
  const rec = readLive(ctx, ns, body.key);
  if (!rec) throw kvsErrors.keyNotFound();
  return { body: toResultItem(rec, JSON.parse(rec.json)) };
};

const set: Handler = (ctx, rawBody) => {
  const body = requireRecord(rawBody, 'body');
  const { def, ns } = resolveEntity(ctx, body.entityName);
  return setValue(ctx, { ns, keyKind: 'entity', def }, body);
};

const remove: Handler = (ctx, rawBody) => {
  const body = requireRecord(rawBody, 'body');
  const { ns } = resolveEntity(ctx, body.entityName);
  validateKey(body.key, 'entity', ctx.limits);
  if (!removeRecord(ctx, ns, body.key)) throw kvsErrors.keyNotFound();
  return noContent;
};

type Scalar = string | number | boolean;

interface Row {
  readonly rec: StoredRecord;
  readonly value: Record<string, unknown>;
  readonly range: Scalar;
}

const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function ascending(a: { range: Scalar; key: string }, b: { range: Scalar; key: string }): number {
  const byRange = compareScalars(a.range, b.range) ?? String(typeof a.range).localeCompare(typeof b.range);
  if (byRange !== 0) return byRange;
  return a.key === b.key ? 0 : a.key < b.key ? -1 : 1;
}

function parsePartition(index: EntityIndex, raw: unknown): unknown[] {
  const partition = optionalArray(raw, 'partition');
  if (partition.length !== index.partition.length) {
    throw kvsErrors.badRequest(`index ${index.name} takes a partition of ${index.partition.length} value(s), got ${partition.length}`);
  }
  return partition;
}

/** /api/v1/entity/query: one index, partition equality, range condition, filters, sort, cursor. */
function query(ctx: HandlerContext, rawBody: unknown): HandlerResult {
  const body = requireRecord(rawBody, 'body');
  const { def, ns } = resolveEntity(ctx, body.entityName);
  const index = def.indexes.find((ix) => ix.name === body.indexName);
  if (!index) throw kvsErrors.indexNotFound(def.name, String(body.indexName));
  const partition = parsePartition(index, body.partition);
  const range = body.range === undefined || body.range === null ? undefined : parseCondition(body.range, RANGE_CONDITIONS, 'range');
  const filters = parseFilters(body.filters, 'filters');
  if (body.sort !== undefined && body.sort !== 'ASC' && body.sort !== 'DESC') throw kvsErrors.badRequest('sort must be ASC or DESC');
  const direction = body.sort === 'DESC' ? -1 : 1;
  const limit = validateLimit(body.limit, ctx.limits.entityQueryDefaultLimit, ctx.limits.entityQueryMaxLimit, kvsErrors.complexQueryPageLimitNotInRange);
  const conditionCount = (range ? 1 : 0) + (filters?.and?.length ?? 0) + (filters?.or?.length ?? 0);
  if (conditionCount > ctx.limits.maxQueryConditions) throw kvsErrors.badRequest(`a complex query may have at most ${ctx.limits.maxQueryConditions} conditions`);
  const scope = `${ns}#${index.name}`;
  const after = decodeCursor(body.cursor, scope);
  if (after && after.range === undefined) throw kvsErrors.invalidCursor();

  const rows: Row[] = [];
  for (const rec of ctx.store.scan(ns, { now: ctx.now })) {
    const value: unknown = JSON.parse(rec.json);
    if (!isRecord(value)) continue;
    if (!index.partition.every((attr, i) => compareScalars(value[attr], partition[i]) === 0)) continue;
    const r = value[index.range];
    if (!isScalar(r)) continue;
    if (range && !matchesCondition(r, range)) continue;
    if (filters && !matchesFilters(value, filters)) continue;
    rows.push({ rec, value, range: r });
  }
  const order = (a: { range: Scalar; key: string }, b: { range: Scalar; key: string }) => direction * ascending(a, b);
  rows.sort((a, b) => order({ range: a.range, key: a.rec.key }, { range: b.range, key: b.rec.key }));

  const cursorAt = after?.range !== undefined ? { range: after.range, key: after.key } : undefined;
  const start = cursorAt ? rows.findIndex((row) => order({ range: row.range, key: row.rec.key }, cursorAt) > 0) : 0;
  const from = start < 0 ? rows.length : start;
  const page = rows.slice(from, from + limit);
  const fields = metadataFieldsOf(body);
  const data = page.map((row) => {
    countRead(ctx, row.rec);
    return toResultItem(row.rec, row.value, fields);
  });
  const last = page[page.length - 1];
  const more = rows.length > from + limit;
  return { body: more && last ? { data, cursor: encodeCursor({ scope, key: last.rec.key, range: last.range }) } : { data } };
}

export const entityHandlers: Readonly<Record<string, Handler>> = {
  '/api/v1/entity/get': get,
  '/api/v1/entity/set': set,
  '/api/v1/entity/delete': remove,
  '/api/v1/entity/query': query,
};
