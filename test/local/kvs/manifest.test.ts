import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifestEntities, parseEntityDefinitions } from '../../../src/local/kvs';
import { PLAN_ENTITIES } from './helpers';

const MANIFEST = `
app:
  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000
  storage:
    entities:
      - name: plan
        attributes:
          organizationId: { type: string }
          targetVersion: { type: string }
          revision: { type: integer }
          nextDue: { type: string }
          phase: { type: string }
          plan: { type: any }
        indexes:
          - name: by-organization
            partition: [organizationId]
            range: [targetVersion]
          - name: by-next-due
            range: [nextDue]
`;

describe('entity definitions', () => {
  it('reads app.storage.entities from manifest.yml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    try {
      writeFileSync(join(dir, 'manifest.yml'), MANIFEST);
      expect(loadManifestEntities(join(dir, 'manifest.yml'))).toEqual(PLAN_ENTITIES);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts a bare attribute name as an index', () => {
    const [def] = parseEntityDefinitions([{ name: 'task', attributes: { due: { type: 'string' } }, indexes: ['due'] }]);
    expect(def?.indexes).toEqual([{ name: 'due', partition: [], range: 'due' }]);
  });

  it('refuses malformed definitions', () => {
    expect(() => parseEntityDefinitions([{ name: 'Task', attributes: {} }])).toThrow(/entity names/);
    expect(() => parseEntityDefinitions([{ name: 'task', attributes: { a: { type: 'date' } } }])).toThrow(/unknown type/);
    expect(() => parseEntityDefinitions([{ name: 'task', attributes: { a: { type: 'any' } }, indexes: ['a'] }])).toThrow(/type any/);
    expect(() => parseEntityDefinitions([{ name: 'task', attributes: {}, indexes: [{ name: 'x', range: ['b'] }] }])).toThrow(/undeclared/);
    // limits-kvs-ce, "Custom Entity Store limits".
    expect(() => parseEntityDefinitions([{ name: 'task', attributes: { ['a'.repeat(31)]: { type: 'string' } } }])).toThrow(/attribute name/);
    expect(() => parseEntityDefinitions([{ name: 'task', attributes: { due: { type: 'string' } }, indexes: [{ name: 'by', range: ['due'] }] }])).toThrow(/index name/);
    const attributes = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`a${i}`, { type: 'string' }]));
    expect(() => parseEntityDefinitions([{ name: 'task', attributes }])).toThrow(/50 attributes/);
    const indexes = Array.from({ length: 8 }, (_, i) => ({ name: `by-a${i}`, range: [`a${i}`] }));
    expect(() => parseEntityDefinitions([{ name: 'task', attributes, indexes }])).toThrow(/50 attributes/);
    const eight = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`a${i}`, { type: 'string' }]));
    expect(() => parseEntityDefinitions([{ name: 'task', attributes: eight, indexes }])).toThrow(/7 indexes/);
    expect(() => parseEntityDefinitions(Array.from({ length: 21 }, (_, i) => ({ name: `task${i}`, attributes: {} })))).toThrow(/20 custom entities/);
  });
});
