import fc from 'fast-check';
import { PlanRefusal } from '../../../src/domain/errors';
import { INSTANCE_STATES, INSTANCE_TRANSITIONS, moveInstance, type EnvironmentInstance, type InstanceState } from '../../../src/domain/environments/instance';
import {
  liveInstance,
  recordInstanceBackup,
  recordIqDocumentation,
  requestEnvironment,
  transitionInstance,
  type EnvironmentRegistry,
} from '../../../src/domain/environments/registry';
import { compareVersions } from '../../../src/domain/version';
import { customerRegistry, ENGINEER, iqSignerFor, NOW, withLivePair } from './helpers';

const VERSIONS = ['23.0', '24.1', '24.2', '25.1', '25.2', '26.0'];
const REFERENCES = ['bk-0', 'bk-1', 'bk-2'];

type Operation =
  | { type: 'move'; instance: string; to: InstanceState; version?: string; backupReference?: string }
  | { type: 'backup'; instance: string; version: string; reference: string }
  | { type: 'iq'; instance: string; reference: string };

const instanceName = fc.constantFrom('PROD MAIN', 'PROD TEST');
// Termination is final, so it is drawn rarely to let runs reach upgrades and rollbacks.
const target = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...INSTANCE_STATES.filter((s) => s !== 'terminated')) }, { weight: 1, arbitrary: fc.constant<InstanceState>('terminated') });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ type: fc.constant('move' as const), instance: instanceName, to: target, version: fc.option(fc.constantFrom(...VERSIONS), { nil: undefined, freq: 2 }), backupReference: fc.option(fc.constantFrom(...REFERENCES), { nil: undefined, freq: 2 }) }, { requiredKeys: ['type', 'instance', 'to'] }) },
  // 'current' stands for the version the instance runs, so that backups (and then rollbacks) are often accepted.
  { weight: 3, arbitrary: fc.record({ type: fc.constant('backup' as const), instance: instanceName, version: fc.constantFrom(...VERSIONS, 'current', 'current', 'current'), reference: fc.constantFrom(...REFERENCES) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('iq' as const), instance: instanceName, reference: fc.constant('IQ-1') }) },
);

function apply(registry: EnvironmentRegistry, op: Operation): EnvironmentRegistry {
  if (op.type === 'backup') {
    const version = op.version === 'current' ? (liveInstance(registry, op.instance)?.version ?? '24.1') : op.version;
    return recordInstanceBackup(registry, { ...op, version }, ENGINEER, NOW).registry;
  }
  if (op.type === 'iq') return recordIqDocumentation(registry, op, ENGINEER, NOW, undefined, iqSignerFor(ENGINEER, registry)).registry;
  const { type: _type, ...change } = op;
  return transitionInstance(registry, change, ENGINEER, NOW).registry;
}

const requested = requestEnvironment(customerRegistry(), { kind: 'PROD', version: '24.1' }, ENGINEER, NOW).registry;
const live = withLivePair(customerRegistry(), 'PROD', '24.1');
const byId = (registry: EnvironmentRegistry): Map<string, EnvironmentInstance> => new Map(registry.instances.map((i) => [i.id, i]));

describe('the environment state machine (property)', () => {
  test('no transition outside the allowed graph; versions never go backwards except to a recorded backup; terminated is final; refusals change nothing', () => {
    fc.assert(
      fc.property(fc.constantFrom(requested, live), fc.array(operation, { minLength: 20, maxLength: 60 }), (initial, operations) => {
        let registry = initial;
        for (const op of operations) {
          const snapshot = JSON.stringify(registry);
          let next: EnvironmentRegistry;
          try {
            next = apply(registry, op);
          } catch (error) {
            if (!(error instanceof PlanRefusal)) throw error;
            expect(JSON.stringify(registry)).toBe(snapshot);
            continue;
          }
          const before = byId(registry);
          for (const after of next.instances) {
            const was = before.get(after.id)!;
            if (was.state === 'terminated') expect(after).toEqual(was);
            for (const event of after.history.slice(was.history.length)) {
              expect(INSTANCE_TRANSITIONS[event.from!]).toContain(event.to);
            }
            if (compareVersions(after.version, was.version) < 0) {
              expect(after.state).toBe('rolled back');
              expect(was.backups.some((b) => b.version === after.version)).toBe(true);
            }
            after.history.forEach((event, i) => {
              if (i > 0) expect(event.from).toBe(after.history[i - 1]!.to);
            });
          }
          registry = next;
        }
      }),
      { numRuns: 200 },
    );
  });

  test('on any single instance, a move is accepted only along an edge of the graph, and never out of terminated', () => {
    const base = requested.instances[0]!;
    fc.assert(
      fc.property(
        fc.constantFrom(...INSTANCE_STATES),
        fc.constantFrom(...INSTANCE_STATES),
        fc.option(fc.constantFrom(...VERSIONS), { nil: undefined, freq: 2 }),
        fc.option(fc.constantFrom(...REFERENCES), { nil: undefined, freq: 2 }),
        fc.boolean(),
        (from, to, version, backupReference, documented) => {
          const instance: EnvironmentInstance = {
            ...base,
            state: from,
            targetVersion: from === 'upgrading' ? '25.1' : null,
            iqDocumentation: documented ? [{ reference: 'IQ-1', by: 'eng-1', at: NOW.toISOString(), version: '24.1' }] : [],
            backups: [{ reference: 'bk-0', version: '24.1', at: NOW.toISOString(), by: 'eng-1', planId: null }],
          };
          const request = { to, ...(version ? { version } : {}), ...(backupReference ? { backupReference } : {}) };
          let moved: EnvironmentInstance | undefined;
          try {
            moved = moveInstance(instance, request, { seq: 2, at: NOW.toISOString(), by: 'eng-1', planId: null });
          } catch (error) {
            if (!(error instanceof PlanRefusal)) throw error;
          }
          if (moved) {
            expect(INSTANCE_TRANSITIONS[from]).toContain(to);
            expect(from).not.toBe('terminated');
            if (compareVersions(moved.version, instance.version) < 0) expect(instance.backups.map((b) => b.version)).toContain(moved.version);
          }
          if (from === 'terminated') expect(moved).toBeUndefined();
        },
      ),
      { numRuns: 500 },
    );
  });

  test('the graph itself: terminated has no way out, and every state can reach terminated', () => {
    expect(INSTANCE_TRANSITIONS.terminated).toEqual([]);
    const reaches = (from: InstanceState, seen = new Set<InstanceState>()): boolean =>
      from === 'terminated' || INSTANCE_TRANSITIONS[from].some((to) => !seen.has(to) && reaches(to, new Set([...seen, from])));
    for (const state of INSTANCE_STATES) expect(reaches(state)).toBe(true);
  });
});
