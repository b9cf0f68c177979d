import { kvsErrors } from './errors';
import { ENTITY_TYPE_PATTERN, KEY_PATTERN, type KvsLimits } from './limits';
import type { KvsError } from './errors';

export type KeyKind = 'kvs' | 'secret' | 'entity';

export function validateKey(key: unknown, kind: KeyKind, limits: KvsLimits): asserts key is string {
  if (typeof key !== 'string') throw kvsErrors.badRequest('key must be a string');
  if (key.length === 0 && kind === 'entity') throw kvsErrors.emptyKey();
  if (kind !== 'entity' && key.length < limits.minPlainKeyLength) throw kvsErrors.keyTooShort();
  if (key.length > limits.maxKeyLength) throw kvsErrors.keyTooLong(limits.maxKeyLength);
  if (kind === 'secret' && Buffer.byteLength(key, 'utf8') > limits.maxSecretKeyBytes) throw kvsErrors.keyTooLong(limits.maxSecretKeyBytes);
  if (!KEY_PATTERN.test(key)) throw kvsErrors.invalidKey();
}

export function validateEntityName(name: unknown, limits: KvsLimits): asserts name is string {
  if (typeof name !== 'string') throw kvsErrors.badRequest('entityName must be a string');
  if (name.length < limits.minEntityNameLength) throw kvsErrors.entityTypeTooShort(limits.minEntityNameLength);
  if (name.length > limits.maxEntityNameLength) throw kvsErrors.entityTypeTooLarge(limits.maxEntityNameLength);
  if (!ENTITY_TYPE_PATTERN.test(name)) throw kvsErrors.invalidEntityType();
}

/** Nesting depth of objects and arrays: a scalar is 0, `{a: 1}` is 1. */
export function objectDepth(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    deepest = Math.max(deepest, objectDepth(child));
  }
  return deepest + 1;
}

/** Returns the JSON text that will be persisted, after checking depth and size (a secret's own, smaller limit). */
export function serializeValue(value: unknown, kind: KeyKind, limits: KvsLimits): string {
  if (value === undefined) throw kvsErrors.badRequest('value is required');
  if (objectDepth(value) > limits.maxObjectDepth) throw kvsErrors.maxDepth(limits.maxObjectDepth);
  const json = JSON.stringify(value);
  const bytes = Buffer.byteLength(json, 'utf8');
  const max = kind === 'secret' ? limits.maxSecretValueBytes : limits.maxValueBytes;
  if (bytes > max) throw kvsErrors.maxSize(bytes, max);
  return json;
}

export function validateLimit(limit: unknown, defaultLimit: number, max: number, refuse: (limit: unknown, max: number) => KvsError): number {
  if (limit === undefined || limit === null) return defaultLimit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > max) throw refuse(limit, max);
  return limit;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function requireRecord(v: unknown, what: string): Record<string, unknown> {
  if (!isRecord(v)) throw kvsErrors.badRequest(`${what} must be an object`);
  return v;
}

export function optionalArray(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw kvsErrors.badRequest(`${what} must be an array`);
  return v;
}
