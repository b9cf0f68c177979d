import { validateEntityValue, type EntityDefinition } from '../entities';
import { kvsErrors } from '../errors';
import { isRecord, requireRecord, serializeValue, validateKey, type KeyKind } from '../validation';
import { expiryFromOptions, noContent, readLive, toResultItem, writeRecord, type HandlerContext, type HandlerResult } from './common';

export interface SetTarget {
  readonly ns: string;
  readonly keyKind: KeyKind;
  readonly def?: EntityDefinition;
}

interface Policy {
  readonly keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS';
  readonly returnValue?: 'PREVIOUS' | 'LATEST';
}

function parsePolicy(options: unknown): Policy {
  if (options === undefined || options === null) return {};
  if (!isRecord(options)) throw kvsErrors.badRequest('options must be an object');
  const { keyPolicy, returnValue } = options;
  if (keyPolicy !== undefined && keyPolicy !== 'OVERRIDE' && keyPolicy !== 'FAIL_IF_EXISTS') {
    throw kvsErrors.badRequest('keyPolicy must be OVERRIDE or FAIL_IF_EXISTS');
  }
  if (returnValue !== undefined && returnValue !== 'PREVIOUS' && returnValue !== 'LATEST') {
    throw kvsErrors.badRequest('returnValue must be PREVIOUS or LATEST');
  }
  if (returnValue !== undefined && keyPolicy !== 'OVERRIDE') throw kvsErrors.badRequest('returnValue needs keyPolicy OVERRIDE');
  return { keyPolicy, returnValue };
}

/** Validates one set (key, value, entity attributes, options) and returns what to persist. */
export function prepareSet(ctx: HandlerContext, target: SetTarget, key: unknown, value: unknown, options: unknown) {
  validateKey(key, target.keyKind, ctx.limits);
  if (target.def) validateEntityValue(target.def, value, ctx.limits);
  const json = serializeValue(value, target.keyKind, ctx.limits);
  return { key, json, policy: parsePolicy(options), expiresAt: expiryFromOptions(options, ctx.now, ctx.limits.maxTtlMs) };
}

/** /api/v1/set, /secret/set, /entity/set. */
export function setValue(ctx: HandlerContext, target: SetTarget, rawBody: unknown): HandlerResult {
  const body = requireRecord(rawBody, 'body');
  const { key, json, policy, expiresAt } = prepareSet(ctx, target, body.key, body.value, body.options);
  const needsPrevious = policy.keyPolicy === 'FAIL_IF_EXISTS' || policy.returnValue === 'PREVIOUS';
  const previous = needsPrevious ? readLive(ctx, target.ns, key) : undefined;
  if (policy.keyPolicy === 'FAIL_IF_EXISTS' && previous) throw kvsErrors.keyAlreadyExists();
  const written = writeRecord(ctx, target.ns, key, json, expiresAt);
  if (policy.returnValue === 'LATEST') return { body: toResultItem(written, JSON.parse(json)) };
  if (policy.returnValue === 'PREVIOUS' && previous) return { body: toResultItem(previous, JSON.parse(previous.json)) };
  return noContent;
}
