import { kvsErrors } from './errors';
import { ATTRIBUTE_NAME_PATTERN, ENTITY_NAME_PATTERN, FLOAT_MAX_MAGNITUDE_EXCLUSIVE, FLOAT_MIN_MAGNITUDE, FORGE_KVS_LIMITS, INT32_MAX, INT32_MIN, type KvsLimits } from './limits';

/** Attribute types of manifest `app.storage.entities[].attributes` (custom-entities docs). */
export type AttributeType = 'string' | 'integer' | 'float' | 'boolean' | 'any';

export interface EntityIndex {
  readonly name: string;
  readonly partition: readonly string[];
  /** Exactly one attribute: the sort key of the index. */
  readonly range: string;
}

export interface EntityDefinition {
  readonly name: string;
  readonly attributes: Readonly<Record<string, { readonly type: AttributeType }>>;
  readonly indexes: readonly EntityIndex[];
}

const ATTRIBUTE_TYPES: ReadonlySet<string> = new Set(['string', 'integer', 'float', 'boolean', 'any']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(entity: string, detail: string): never {
  throw new Error(`Invalid custom entity definition "${entity}": ${detail}`);
}

function toNameList(v: unknown, entity: string, what: string): string[] {
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x): x is string => typeof x === 'string')) fail(entity, `${what} must list attribute names`);
  return list;
}

function parseIndex(raw: unknown, def: { name: string; attributes: Record<string, { type: AttributeType }> }): EntityIndex {
  const index = typeof raw === 'string' ? { name: raw, partition: [], range: [raw] } : raw;
  if (!isRecord(index) || typeof index.name !== 'string') fail(def.name, 'an index needs a name');
  const partition = toNameList(index.partition, def.name, `index ${index.name} partition`);
  const range = toNameList(index.range, def.name, `index ${index.name} range`);
  if (range.length !== 1) fail(def.name, `index ${index.name} needs exactly one range attribute`);
  for (const attr of [...partition, ...range]) {
    const type = def.attributes[attr]?.type;
    if (!type) fail(def.name, `index ${index.name} uses undeclared attribute ${attr}`);
    if (type === 'any') fail(def.name, `index ${index.name} cannot use attribute ${attr} of type any`);
  }
  return { name: index.name, partition, range: range[0] as string };
}

/** Normalises `app.storage.entities` as written in manifest.yml; throws on a malformed definition. */
export function parseEntityDefinitions(raw: unknown): EntityDefinition[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new Error('app.storage.entities must be a list');
  // limits-kvs-ce, "Custom Entity Store limits": 20 entities, 50 attributes and 7 indexes each, index names 3..50 characters.
  if (raw.length > 20) throw new Error('An app can have at most 20 custom entities');
  const seen = new Set<string>();
  return raw.map((entry): EntityDefinition => {
    if (!isRecord(entry) || typeof entry.name !== 'string') throw new Error('Every custom entity needs a name');
    const name = entry.name;
    if (!ENTITY_NAME_PATTERN.test(name)) fail(name, 'entity names use only a-z0-9:-_.');
    if (seen.has(name)) fail(name, 'duplicate entity name');
    seen.add(name);
    if (!isRecord(entry.attributes)) fail(name, 'attributes must be a map');
    const attributes: Record<string, { type: AttributeType }> = {};
    for (const [attr, spec] of Object.entries(entry.attributes)) {
      if (!ATTRIBUTE_NAME_PATTERN.test(attr) || attr.length > FORGE_KVS_LIMITS.maxAttributeNameLength) {
        fail(name, `attribute name ${attr} is invalid`);
      }
      const type = isRecord(spec) ? spec.type : undefined;
      if (typeof type !== 'string' || !ATTRIBUTE_TYPES.has(type)) fail(name, `attribute ${attr} has an unknown type`);
      attributes[attr] = { type: type as AttributeType };
    }
    if (Object.keys(attributes).length > 50) fail(name, 'at most 50 attributes');
    const indexes = (Array.isArray(entry.indexes) ? entry.indexes : []).map((ix) => parseIndex(ix, { name, attributes }));
    if (indexes.length > 7) fail(name, 'at most 7 indexes');
    for (const ix of indexes) {
      if (ix.name.length < 3 || ix.name.length > 50 || !/^[a-zA-Z0-9:\-_.]+$/.test(ix.name) || ix.name.startsWith('.') || ix.name.endsWith('.') || ix.name.includes('..')) {
        fail(name, `index name ${ix.name} is invalid`);
      }
    }
    const indexNames = new Set(indexes.map((ix) => ix.name));
    if (indexNames.size !== indexes.length) fail(name, 'index names must be unique');
    return { name, attributes, indexes };
  });
}

/** Extracts and normalises `app.storage.entities` from a parsed manifest object. */
export function entitiesFromManifest(manifest: unknown): EntityDefinition[] {
  const app = isRecord(manifest) ? manifest.app : undefined;
  const storage = isRecord(app) ? app.storage : undefined;
  return parseEntityDefinitions(isRecord(storage) ? storage.entities : undefined);
}

function checkAttribute(entity: string, attr: string, type: AttributeType, v: unknown): void {
  const bad = (what: string) => kvsErrors.invalidEntityValue(`Entity "${entity}" attribute "${attr}" must be ${what}.`);
  switch (type) {
    case 'string':
      // entities-api, "Limitations": a string "must contain at least one non-whitespace character".
      if (typeof v !== 'string' || v.trim() === '') throw bad('a string with at least one non-blank character');
      return;
    case 'boolean':
      if (typeof v !== 'boolean') throw bad('a boolean');
      return;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) throw bad('a 32-bit signed integer');
      return;
    case 'float': {
      const magnitude = typeof v === 'number' ? Math.abs(v) : NaN;
      if (magnitude !== 0 && !(magnitude >= FLOAT_MIN_MAGNITUDE && magnitude < FLOAT_MAX_MAGNITUDE_EXCLUSIVE)) throw bad('0 or a number of magnitude 1E-130 to 9.99E+125');
      return;
    }
    case 'any':
      return;
  }
}

const bytesOf = (values: readonly unknown[]): number => values.reduce<number>((sum, v) => sum + (v === undefined || v === null ? 0 : Buffer.byteLength(String(v), 'utf8')), 0);

/** Entity values are objects whose attributes are all declared and of the declared type, small enough for every index. */
export function validateEntityValue(def: EntityDefinition, value: unknown, limits: KvsLimits = FORGE_KVS_LIMITS): void {
  if (!isRecord(value)) throw kvsErrors.invalidEntityValue(`A value of entity "${def.name}" must be an object.`);
  for (const [attr, v] of Object.entries(value)) {
    const spec = def.attributes[attr];
    if (!spec) throw kvsErrors.invalidEntityValue(`Entity "${def.name}" has no attribute "${attr}".`);
    if (v === null || v === undefined) continue;
    checkAttribute(def.name, attr, spec.type, v);
  }
  for (const index of def.indexes) {
    if (bytesOf([value[index.range]]) > limits.maxIndexRangeBytes) {
      throw kvsErrors.invalidEntityValue(`Index "${index.name}" of entity "${def.name}": range values exceed ${limits.maxIndexRangeBytes} bytes.`);
    }
    if (bytesOf(index.partition.map((attr) => value[attr])) > limits.maxIndexPartitionBytes) {
      throw kvsErrors.invalidEntityValue(`Index "${index.name}" of entity "${def.name}": partition values exceed ${limits.maxIndexPartitionBytes} bytes.`);
    }
  }
}
