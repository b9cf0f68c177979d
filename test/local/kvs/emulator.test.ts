import { KvsEmulator, type KvsRequestEvent } from '../../../src/local/kvs';
import { PLAN_ENTITIES, plan } from './helpers';

describe('KvsEmulator.handle (no host)', () => {
  it('answers each path with the status and JSON the client expects', () => {
    const events: KvsRequestEvent[] = [];
    const emu = new KvsEmulator({ entities: PLAN_ENTITIES, now: () => 1000, onRequest: (e) => events.push(e) });
    expect(emu.handle('/api/v1/set', JSON.stringify({ key: 'a1', value: [1] }))).toEqual({ status: 204 });
    expect(JSON.parse(emu.handle('/api/v1/get', '{"key":"a1"}').body as string)).toEqual({ key: 'a1', value: [1], createdAt: 1000, updatedAt: 1000 });
    expect(emu.handle('/api/v1/get', '{"key":"b1"}')).toEqual({
      status: 404,
      body: JSON.stringify({ code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' }),
    });
    expect(emu.handle('/api/v1/nothing', '{}').status).toBe(404);
    expect(JSON.parse(emu.handle('/api/v1/set', '{not json').body as string).code).toBe('BAD_REQUEST');
    expect(emu.handle('/api/v1/entity/set', JSON.stringify({ entityName: 'plan', key: 'p', value: plan() })).status).toBe(204);
    expect(events.map((e) => [e.path, e.status, e.writes])).toEqual([
      ['/api/v1/set', 204, 1],
      ['/api/v1/get', 200, 0],
      ['/api/v1/get', 404, 0],
      ['/api/v1/nothing', 404, 0],
      ['/api/v1/set', 400, 0],
      ['/api/v1/entity/set', 204, 1],
    ]);
    expect(events[0]?.bytesWritten).toBe(3);
    expect(emu.counters).toMatchObject({ requests: 6, errors: 3, writes: 2, reads: 2, bytesWritten: 3 + JSON.stringify(plan()).length });
    emu.close();
  });

  it('applies limit overrides', () => {
    const emu = new KvsEmulator({ limits: { maxKeyLength: 3 } });
    expect(JSON.parse(emu.handle('/api/v1/set', '{"key":"abcd","value":1}').body as string).code).toBe('KEY_TOO_LONG');
  });
});
