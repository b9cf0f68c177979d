import { kvsErrors } from './errors';
import { isRecord } from './validation';

/** Conditions as @forge/kvs sends them (conditions.js): `{ condition, values }`. */
export interface Condition {
  readonly condition: string;
  readonly values: readonly unknown[];
}

export interface FilterItem extends Condition {
  readonly property: string;
}

export interface Filters {
  readonly and?: readonly FilterItem[];
  readonly or?: readonly FilterItem[];
}

/** WhereConditions of @forge/kvs: allowed on an index's range attribute. */
export const RANGE_CONDITIONS: ReadonlySet<string> = new Set([
  'BEGINS_WITH', 'BETWEEN', 'EQUAL_TO', 'GREATER_THAN', 'GREATER_THAN_EQUAL_TO', 'LESS_THAN', 'LESS_THAN_EQUAL_TO',
]);

/** FilterConditions of @forge/kvs: allowed in filters and transaction conditions. */
export const FILTER_CONDITIONS: ReadonlySet<string> = new Set([
  ...RANGE_CONDITIONS, 'CONTAINS', 'NOT_CONTAINS', 'NOT_EQUAL_TO', 'EXISTS', 'NOT_EXISTS',
]);

const ARITY: Readonly<Record<string, number>> = { BETWEEN: 2 };

export function parseCondition(raw: unknown, allowed: ReadonlySet<string>, what: string): Condition {
  if (!isRecord(raw) || typeof raw.condition !== 'string' || !Array.isArray(raw.values)) {
    throw kvsErrors.badRequest(`${what} must be { condition, values }`);
  }
  if (!allowed.has(raw.condition)) throw kvsErrors.invalidFilterCondition(`${what}: ${raw.condition}`);
  const arity = ARITY[raw.condition] ?? 1;
  if (arity === 2 && raw.values.length < 2) throw kvsErrors.insufficientFilterValues(raw.condition);
  if (raw.values.length !== arity) throw kvsErrors.invalidFilterValues(`${what}: ${raw.condition} takes ${arity} value(s)`);
  return { condition: raw.condition, values: raw.values };
}

export function parseFilters(raw: unknown, what: string): Filters | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) throw kvsErrors.badRequest(`${what} must be { and } or { or }`);
  const keys = Object.keys(raw).filter((k) => raw[k] !== undefined);
  if (keys.includes('and') && keys.includes('or')) throw kvsErrors.invalidFilterOperatorsCombination();
  if (keys.length !== 1 || (keys[0] !== 'and' && keys[0] !== 'or')) throw kvsErrors.badRequest(`${what} must be { and } or { or }`);
  const op = keys[0];
  const list = raw[op];
  if (!Array.isArray(list)) throw kvsErrors.badRequest(`${what}.${op} must be a list`);
  if (list.length === 0) throw kvsErrors.emptyFilterOperator();
  const items = list.map((item): FilterItem => {
    const cond = parseCondition(item, FILTER_CONDITIONS, what);
    const property = isRecord(item) ? item.property : undefined;
    if (typeof property !== 'string') throw kvsErrors.badRequest(`${what}: every condition needs a property`);
    return { ...cond, property };
  });
  return op === 'and' ? { and: items } : { or: items };
}

type Scalar = string | number | boolean;

function isScalar(v: unknown): v is Scalar {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Orders two scalars of the same type; undefined when the types differ (no comparison). */
export function compareScalars(a: unknown, b: unknown): number | undefined {
  if (!isScalar(a) || !isScalar(b) || typeof a !== typeof b) return undefined;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function contains(actual: unknown, needle: unknown): boolean | undefined {
  if (typeof actual === 'string' && typeof needle === 'string') return actual.includes(needle);
  if (Array.isArray(actual)) return actual.some((x) => x === needle);
  return undefined;
}

/** DynamoDB-like semantics: a comparison with a missing attribute or another type is false. */
export function matchesCondition(actual: unknown, cond: Condition): boolean {
  const [v0, v1] = cond.values;
  const cmp = (v: unknown) => compareScalars(actual, v);
  switch (cond.condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'EQUAL_TO':
      return cmp(v0) === 0;
    case 'NOT_EQUAL_TO': {
      const c = cmp(v0);
      return actual !== undefined && c !== 0;
    }
    case 'GREATER_THAN':
      return (cmp(v0) ?? 0) > 0;
    case 'GREATER_THAN_EQUAL_TO': {
      const c = cmp(v0);
      return c !== undefined && c >= 0;
    }
    case 'LESS_THAN':
      return (cmp(v0) ?? 0) < 0;
    case 'LESS_THAN_EQUAL_TO': {
      const c = cmp(v0);
      return c !== undefined && c <= 0;
    }
    case 'BETWEEN': {
      const lo = cmp(v0);
      const hi = cmp(v1);
      return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
    }
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(v0));
    case 'CONTAINS':
      return contains(actual, v0) === true;
    case 'NOT_CONTAINS':
      return contains(actual, v0) === false;
    default:
      return false;
  }
}

/** Evaluates filters against an entity value; a missing entity has no attributes. */
export function matchesFilters(value: Record<string, unknown> | undefined, filters: Filters): boolean {
  const test = (f: FilterItem) => matchesCondition(value?.[f.property], f);
  if (filters.and) return filters.and.every(test);
  if (filters.or) return filters.or.some(test);
  return true;
}
