import { Filter, FilterConditions, kvs, Sort, WhereConditions } from '@forge/kvs';
import { installForgeHost, type ForgeHost } from '../../../src/local/forge-host';
import { parseEntityDefinitions } from '../../../src/local/kvs';
import { kvsError, plan, PLAN_ENTITIES, type Plan } from './helpers';

let host: ForgeHost;
const plans = () => kvs.entity<Plan>('plan');

beforeEach(async () => {
  host = installForgeHost({ entities: PLAN_ENTITIES });
  const rows: Array<[string, Partial<Plan>]> = [
    ['p1', { organizationId: 'org-1', targetVersion: '2024.1', nextDue: '2025-03-01', phase: 'planning' }],
    ['p2', { organizationId: 'org-1', targetVersion: '2024.3', nextDue: '2025-01-15', phase: 'testing' }],
    ['p3', { organizationId: 'org-1', targetVersion: '2025.1', nextDue: '2025-02-01', phase: 'planning' }],
    ['p4', { organizationId: 'org-2', targetVersion: '2024.2', nextDue: '2025-01-01', phase: 'done' }],
  ];
  for (const [key, over] of rows) await plans().set(key, plan(over));
});
afterEach(() => host.uninstall());

describe('custom entity store through the real client', () => {
  it('sets, gets and deletes an entity value', async () => {
    expect(await plans().get('p1')).toEqual(plan({ nextDue: '2025-03-01' }));
    await plans().delete('p1');
    expect(await plans().get('p1')).toBeUndefined();
    expect(await kvs.get('p2')).toBeUndefined();
  });

  it('queries a partitioned index in range order', async () => {
    const { results } = await plans().query().index('by-organization', { partition: ['org-1'] }).getMany();
    expect(results.map((r) => r.key)).toEqual(['p1', 'p2', 'p3']);
    const desc = await plans().query().index('by-organization', { partition: ['org-1'] }).sort(Sort.DESC).getMany();
    expect(desc.results.map((r) => r.key)).toEqual(['p3', 'p2', 'p1']);
  });

  it('applies range conditions on the index range attribute', async () => {
    const q = () => plans().query().index('by-organization', { partition: ['org-1'] });
    expect((await q().where(WhereConditions.beginsWith('2024')).getMany()).results.map((r) => r.key)).toEqual(['p1', 'p2']);
    expect((await q().where(WhereConditions.greaterThan('2024.1')).getMany()).results.map((r) => r.key)).toEqual(['p2', 'p3']);
    expect((await q().where(WhereConditions.between('2024.2', '2024.9')).getMany()).results.map((r) => r.key)).toEqual(['p2']);
    expect((await q().where(WhereConditions.equalTo('2025.1')).getOne())?.key).toBe('p3');
  });

  it('queries an index without partition, with filters', async () => {
    const due = await plans().query().index('by-next-due').where(WhereConditions.lessThanEqualTo('2025-02-01')).getMany();
    expect(due.results.map((r) => r.key)).toEqual(['p4', 'p2', 'p3']);
    const planning = await plans()
      .query()
      .index('by-next-due')
      .filters(new Filter<Plan>().and('phase', FilterConditions.equalTo('planning')).and('organizationId', FilterConditions.equalTo('org-1')))
      .getMany();
    expect(planning.results.map((r) => r.key)).toEqual(['p3', 'p1']);
    const either = await plans()
      .query()
      .index('by-next-due')
      .filters(new Filter<Plan>().or('phase', FilterConditions.equalTo('done')).or('phase', FilterConditions.equalTo('testing')))
      .getMany();
    expect(either.results.map((r) => r.key)).toEqual(['p4', 'p2']);
  });

  it('pages with limit and cursor, also when values change between pages', async () => {
    const first = await plans().query().index('by-next-due').limit(2).getMany();
    expect(first.results.map((r) => r.key)).toEqual(['p4', 'p2']);
    expect(first.nextCursor).toBeDefined();
    await plans().set('p0', plan({ nextDue: '2024-12-01' }));
    const second = await plans().query().index('by-next-due').limit(2).cursor(first.nextCursor as string).getMany();
    expect(second.results.map((r) => r.key)).toEqual(['p3', 'p1']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('moves an entity between index positions when it is rewritten', async () => {
    await plans().set('p4', plan({ organizationId: 'org-1', targetVersion: '2023.9' }));
    const { results } = await plans().query().index('by-organization', { partition: ['org-1'] }).getMany();
    expect(results.map((r) => r.key)).toEqual(['p4', 'p1', 'p2', 'p3']);
  });

  it('rejects values that do not fit the entity definition', async () => {
    expect((await kvsError(plans().set('x', { ...plan(), revision: 1.5 }))).code).toBe('INVALID_ENTITY_VALUE');
    expect((await kvsError(plans().set('x', { ...plan(), unknown: 1 } as Plan))).code).toBe('INVALID_ENTITY_VALUE');
    expect((await kvsError(plans().set('x', { ...plan(), revision: 2 ** 31 }))).code).toBe('INVALID_ENTITY_VALUE');
    expect(await plans().get('x')).toBeUndefined();
  });

  it('refuses values the documented attribute types exclude (entities-api, "Limitations")', async () => {
    for (const blank of ['', '   ']) expect((await kvsError(plans().set('x', plan({ phase: blank })))).code).toBe('INVALID_ENTITY_VALUE');
    const floats = parseEntityDefinitions([{ name: 'measure', attributes: { size: { type: 'float' } } }]);
    host.uninstall();
    host = installForgeHost({ entities: floats });
    await kvs.entity('measure').set('m1', { size: 0 });
    await kvs.entity('measure').set('m2', { size: 1e-130 });
    for (const size of [1e-131, 1e126]) expect((await kvsError(kvs.entity('measure').set('m3', { size }))).code).toBe('INVALID_ENTITY_VALUE');
  });

  it('refuses index values over the documented sizes (range 900 bytes, partition 1700 bytes)', async () => {
    await plans().set('x', plan({ targetVersion: 'v'.repeat(900) }));
    expect((await kvsError(plans().set('x', plan({ targetVersion: 'v'.repeat(901) })))).code).toBe('INVALID_ENTITY_VALUE');
    expect((await kvsError(plans().set('x', plan({ organizationId: 'o'.repeat(1701) })))).code).toBe('INVALID_ENTITY_VALUE');
  });

  it('answers a bad page limit or filter with the documented codes (handling-errors-customentities)', async () => {
    const q = () => plans().query().index('by-next-due');
    expect((await kvsError(q().limit(101).getMany())).code).toBe('COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE');
    expect((await kvsError(q().limit(0).getMany())).code).toBe('COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE');
    await q().limit(100).getMany();
    const answer = (filters: unknown) => (JSON.parse(host.kvs.handle('/api/v1/entity/query', JSON.stringify({ entityName: 'plan', indexName: 'by-next-due', filters })).body as string) as { code: string }).code;
    const equal = { property: 'phase', condition: 'EQUAL_TO', values: ['done'] };
    expect(answer({ and: [] })).toBe('EMPTY_FILTER_OPERATOR');
    expect(answer({ and: [equal], or: [equal] })).toBe('INVALID_FILTER_OPERATORS_COMBINATION');
    expect(answer({ and: [{ ...equal, condition: 'BETWEEN', values: ['a'] }] })).toBe('INSUFFICIENT_FILTER_VALUES');
    expect(answer({ and: [{ ...equal, condition: 'LIKE' }] })).toBe('INVALID_FILTER_CONDITION');
  });

  it('rejects unknown entities and indexes, and a missing partition', async () => {
    expect((await kvsError(kvs.entity('nothing').get('k'))).code).toBe('ENTITY_NOT_FOUND');
    expect((await kvsError(kvs.entity('ab').get('k'))).code).toBe('ENTITY_TYPE_TOO_SHORT');
    expect((await kvsError(kvs.entity('.plan').get('k'))).code).toBe('INVALID_ENTITY_TYPE');
    expect((await kvsError(plans().query().index('by-nothing').getMany())).code).toBe('INDEX_NOT_FOUND');
    expect((await kvsError(plans().query().index('by-organization').getMany())).responseDetails.status).toBe(400);
  });
});
