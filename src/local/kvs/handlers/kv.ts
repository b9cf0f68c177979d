import { decodeCursor, encodeCursor } from '../cursor';
import { kvsErrors } from '../errors';
import { NS_KVS, NS_SECRET } from '../store';
import { isRecord, optionalArray, requireRecord, validateKey, validateLimit, type KeyKind } from '../validation';
import { countRead, metadataFieldsOf, noContent, readLive, removeRecord, toResultItem, type Handler, type HandlerContext, type HandlerResult } from './common';
import { setValue } from './set';

function getFrom(ns: string, keyKind: KeyKind): Handler {
  return (ctx, rawBody) => {
    const body = requireRecord(rawBody, 'body');
    validateKey(body.key, keyKind, ctx.limits);
    const rec = readLive(ctx, ns, body.key);
    if (!rec) throw kvsErrors.keyNotFound();
    return { body: toResultItem(rec, JSON.parse(rec.json)) };
  };
}

function deleteFrom(ns: string, keyKind: KeyKind): Handler {
  return (ctx, rawBody) => {
    const body = requireRecord(rawBody, 'body');
    validateKey(body.key, keyKind, ctx.limits);
    if (!removeRecord(ctx, ns, body.key)) throw kvsErrors.keyNotFound();
    return noContent;
  };
}

function parsePrefix(where: unknown): string | undefined {
  const clauses = optionalArray(where, 'where');
  if (clauses.length === 0) return undefined;
  const [clause] = clauses;
  if (clauses.length > 1) throw kvsErrors.queryWhereInvalid();
  if (!isRecord(clause)) throw kvsErrors.badRequest('a where clause must be { property, condition, values }');
  if (clause.property !== 'key') throw kvsErrors.queryWhereFieldInvalid(clause.property);
  if (clause.condition !== 'BEGINS_WITH') throw kvsErrors.invalidFilterCondition(`${String(clause.condition)} (a key query takes BEGINS_WITH)`);
  const values = clause.values;
  if (!Array.isArray(values) || values.length !== 1 || (typeof values[0] !== 'string' && typeof values[0] !== 'number')) {
    throw kvsErrors.invalidFilterValues('BEGINS_WITH takes one string value');
  }
  return String(values[0]);
}

/** /api/v1/query: keys in ascending order, optional key prefix, cursor `after`. */
function query(ctx: HandlerContext, rawBody: unknown): HandlerResult {
  const body = requireRecord(rawBody, 'body');
  const limit = validateLimit(body.limit, ctx.limits.queryDefaultLimit, ctx.limits.queryMaxLimit, kvsErrors.listQueryLimitExceeded);
  const prefix = parsePrefix(body.where);
  const after = decodeCursor(body.after, NS_KVS);
  const page = ctx.store.scan(NS_KVS, { prefix, afterKey: after?.key, limit: limit + 1, now: ctx.now });
  const items = page.slice(0, limit);
  const fields = metadataFieldsOf(body);
  const data = items.map((rec) => {
    countRead(ctx, rec);
    return toResultItem(rec, JSON.parse(rec.json), fields);
  });
  const last = items[items.length - 1];
  const cursor = page.length > limit && last ? encodeCursor({ scope: NS_KVS, key: last.key }) : undefined;
  return { body: cursor ? { data, cursor } : { data } };
}

export const kvHandlers: Readonly<Record<string, Handler>> = {
  '/api/v1/get': getFrom(NS_KVS, 'kvs'),
  '/api/v1/set': (ctx, body) => setValue(ctx, { ns: NS_KVS, keyKind: 'kvs' }, body),
  '/api/v1/delete': deleteFrom(NS_KVS, 'kvs'),
  '/api/v1/query': query,
  '/api/v1/secret/get': getFrom(NS_SECRET, 'secret'),
  '/api/v1/secret/set': (ctx, body) => setValue(ctx, { ns: NS_SECRET, keyKind: 'secret' }, body),
  '/api/v1/secret/delete': deleteFrom(NS_SECRET, 'secret'),
};
