import { KvsError, kvsErrors } from '../errors';
import { NS_KVS } from '../store';
import { isRecord, validateKey } from '../validation';
import {
  checkRequestSize, readLive, removeRecord, resolveEntity, toResultItem, writeRecord,
  type Handler, type HandlerContext, type ResultItem,
} from './common';
import { prepareSet, type SetTarget } from './set';

interface BatchItem {
  readonly key: unknown;
  readonly entityName?: string;
  readonly raw: Record<string, unknown>;
}

interface Outcome {
  successfulKeys: unknown[];
  failedKeys: Array<{ key: unknown; entityName?: string; error: { code: string; message: string } }>;
}

/** Whole-request rules (entities-batch docs): at least one item, at most 25, no repeated key. */
function parseItems(ctx: HandlerContext, body: unknown): BatchItem[] {
  checkRequestSize(ctx);
  if (!Array.isArray(body) || body.length === 0) throw kvsErrors.badRequest('a batch needs at least one item');
  if (body.length > ctx.limits.maxBatchItems) throw kvsErrors.maxOperations(body.length, ctx.limits.maxBatchItems);
  const seen = new Set<string>();
  return body.map((raw): BatchItem => {
    if (!isRecord(raw)) throw kvsErrors.badRequest('every batch item must be an object');
    const entityName = typeof raw.entityName === 'string' ? raw.entityName : undefined;
    const id = `${entityName ?? ''}\u0000${String(raw.key)}`;
    if (seen.has(id)) throw kvsErrors.duplicateKey(String(raw.key));
    seen.add(id);
    return entityName === undefined ? { key: raw.key, raw } : { key: raw.key, entityName, raw };
  });
}

function target(ctx: HandlerContext, item: BatchItem): SetTarget {
  if (item.entityName === undefined) return { ns: NS_KVS, keyKind: 'kvs' };
  const { def, ns } = resolveEntity(ctx, item.entityName);
  return { ns, keyKind: 'entity', def };
}

/** Runs each item on its own: a KvsError lands in failedKeys, the other items still happen. */
function eachItem(ctx: HandlerContext, body: unknown, run: (item: BatchItem, t: SetTarget) => unknown): { body: Outcome } {
  const outcome: Outcome = { successfulKeys: [], failedKeys: [] };
  for (const item of parseItems(ctx, body)) {
    const ids = item.entityName === undefined ? { key: item.key } : { key: item.key, entityName: item.entityName };
    try {
      outcome.successfulKeys.push(run(item, target(ctx, item)) ?? ids);
    } catch (e) {
      if (!(e instanceof KvsError)) throw e;
      outcome.failedKeys.push({ ...ids, error: { code: e.code, message: e.message } });
    }
  }
  return { body: outcome };
}

const batchSet: Handler = (ctx, body) =>
  eachItem(ctx, body, (item, t) => {
    const { key, json, policy, expiresAt } = prepareSet(ctx, t, item.key, item.raw.value, item.raw.options);
    if (policy.keyPolicy === 'FAIL_IF_EXISTS' && readLive(ctx, t.ns, key)) throw kvsErrors.keyAlreadyExists();
    writeRecord(ctx, t.ns, key, json, expiresAt);
    return undefined;
  });

const batchGet: Handler = (ctx, body) =>
  eachItem(ctx, body, (item, t) => {
    validateKey(item.key, t.keyKind, ctx.limits);
    const rec = readLive(ctx, t.ns, item.key);
    if (!rec) throw kvsErrors.keyNotFound();
    const options = item.raw.options;
    const fields = isRecord(options) && Array.isArray(options.metadataFields) ? options.metadataFields : [];
    const result: ResultItem = toResultItem(rec, JSON.parse(rec.json), fields);
    return item.entityName === undefined ? result : { ...result, entityName: item.entityName };
  });

const batchDelete: Handler = (ctx, body) =>
  eachItem(ctx, body, (item, t) => {
    validateKey(item.key, t.keyKind, ctx.limits);
    removeRecord(ctx, t.ns, item.key);
    return undefined;
  });

export const batchHandlers: Readonly<Record<string, Handler>> = {
  '/api/v1/batch/set': batchSet,
  '/api/v1/batch/get': batchGet,
  '/api/v1/batch/delete': batchDelete,
};
