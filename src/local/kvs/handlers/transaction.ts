import { matchesFilters, parseFilters, type Filters } from '../conditions';
import { kvsErrors } from '../errors';
import { NS_KVS } from '../store';
import { isRecord, optionalArray, requireRecord, validateKey } from '../validation';
import {
  checkRequestSize, noContent, readLive, removeRecord, resolveEntity, writeRecord,
  type Handler, type HandlerContext,
} from './common';
import { prepareSet, type SetTarget } from './set';

type OpKind = 'set' | 'delete' | 'check';

interface TxOp {
  readonly kind: OpKind;
  readonly key: string;
  readonly ns: string;
  readonly entityName?: string;
  readonly conditions?: Filters;
  readonly json?: string;
  readonly expiresAt?: number;
}

function parseOp(ctx: HandlerContext, kind: OpKind, raw: unknown): TxOp {
  if (!isRecord(raw)) throw kvsErrors.badRequest(`every ${kind} operation must be an object`);
  const entityName = raw.entityName ?? undefined;
  let t: SetTarget = { ns: NS_KVS, keyKind: 'kvs' };
  if (entityName !== undefined) {
    const { def, ns } = resolveEntity(ctx, entityName);
    t = { ns, keyKind: 'entity', def };
  }
  const conditions = parseFilters(raw.conditions, `${kind} conditions`);
  if (conditions && entityName === undefined) throw kvsErrors.badRequest('conditions apply to custom entities only');
  if (kind === 'check' && !conditions) throw kvsErrors.badRequest('a check needs an entityName and conditions');
  const ids = { kind, ns: t.ns, ...(typeof entityName === 'string' ? { entityName } : {}), ...(conditions ? { conditions } : {}) };
  if (kind !== 'set') {
    validateKey(raw.key, t.keyKind, ctx.limits);
    return { ...ids, key: raw.key };
  }
  const { key, json, policy, expiresAt } = prepareSet(ctx, t, raw.key, raw.value, raw.options);
  if (policy.keyPolicy || policy.returnValue) throw kvsErrors.badRequest('a transaction set takes only a ttl option');
  return { ...ids, key, json, ...(expiresAt === undefined ? {} : { expiresAt }) };
}

/** Whole-request rules: 1..25 operations, 4MB, each key at most once (also across entities and plain keys: the stricter reading of "each key"). */
function parseOps(ctx: HandlerContext, rawBody: unknown): TxOp[] {
  checkRequestSize(ctx);
  const body = requireRecord(rawBody, 'body');
  const raw: Array<[OpKind, unknown]> = [
    ...optionalArray(body.set, 'set').map((op): [OpKind, unknown] => ['set', op]),
    ...optionalArray(body.delete, 'delete').map((op): [OpKind, unknown] => ['delete', op]),
    ...optionalArray(body.check, 'check').map((op): [OpKind, unknown] => ['check', op]),
  ];
  if (raw.length === 0) throw kvsErrors.badRequest('a transaction needs at least one operation');
  if (raw.length > ctx.limits.maxTransactionOperations) throw kvsErrors.maxOperations(raw.length, ctx.limits.maxTransactionOperations);
  const seen = new Set<string>();
  return raw.map(([kind, op]) => {
    const parsed = parseOp(ctx, kind, op);
    if (seen.has(parsed.key)) throw kvsErrors.duplicateKey(parsed.key);
    seen.add(parsed.key);
    return parsed;
  });
}

/**
 * A condition holds only on an entity that exists and matches it. transactions-entities: "Each condition is
 * checked and must be true"; `check` verifies that a "key exists and meets conditions". What a condition
 * does on a missing entity is not written for set and delete: the stricter reading (it fails, even
 * NOT_EXISTS) is modelled, so the app creates only with keyPolicy FAIL_IF_EXISTS, the documented way.
 */
function conditionHolds(ctx: HandlerContext, op: TxOp & { conditions: Filters }): boolean {
  const current = readLive(ctx, op.ns, op.key);
  const value: unknown = current ? JSON.parse(current.json) : undefined;
  return isRecord(value) && matchesFilters(value, op.conditions);
}

/** /api/v1/transaction: every condition is checked first; any failure means nothing is written. */
const transact: Handler = (ctx, body) => {
  const ops = parseOps(ctx, body);
  const failed = ops.flatMap((op) => (!op.conditions || conditionHolds(ctx, { ...op, conditions: op.conditions }) ? [] : [{ key: op.key, entityName: op.entityName }]));
  if (failed.length > 0) throw kvsErrors.conditionFailed(failed);
  for (const op of ops) {
    if (op.kind === 'set') writeRecord(ctx, op.ns, op.key, op.json as string, op.expiresAt);
    else if (op.kind === 'delete') removeRecord(ctx, op.ns, op.key);
  }
  return noContent;
};

export const transactionHandlers: Readonly<Record<string, Handler>> = { '/api/v1/transaction': transact };
