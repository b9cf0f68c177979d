import { kvsErrors } from './errors';
import { ATTRIBUTE_NAME_PATTERN, ENTITY_NAME_PATTERN, FORGE_KVS_LIMITS, INT32_MAX, INT32_MIN } from './limits';

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
    const indexes = (Array.isArray(entry.indexes) ? entry.indexes : []).map((ix) => parseIndex(ix, { name, attributes }));
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
      if (typeof v !== 'string') throw bad('a string');
      return;
    case 'boolean':
      if (typeof v !== 'boolean') throw bad('a boolean');
      return;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) throw bad('a 32-bit signed integer');
      return;
    case 'float':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('a finite number');
      return;
    case 'any':
      return;
  }
}

/** Entity values are objects whose attributes are all declared and of the declared type. */
export function validateEntityValue(def: EntityDefinition, value: unknown): void {
  if (!isRecord(value)) throw kvsErrors.invalidEntityValue(`A value of entity "${def.name}" must be an object.`);
  for (const [attr, v] of Object.entries(value)) {
    const spec = def.attributes[attr];
    if (!spec) throw kvsErrors.invalidEntityValue(`Entity "${def.name}" has no attribute "${attr}".`);
    if (v === null || v === undefined) continue;
    checkAttribute(def.name, attr, spec.type, v);
  }
}
