import { ForgeKvsAPIError } from '@forge/kvs';
import { parseEntityDefinitions } from '../../../src/local/kvs';

/** The entity the app uses, as it would appear under app.storage.entities in manifest.yml. */
export const PLAN_ENTITIES = parseEntityDefinitions([
  {
    name: 'plan',
    attributes: {
      organizationId: { type: 'string' },
      targetVersion: { type: 'string' },
      revision: { type: 'integer' },
      nextDue: { type: 'string' },
      phase: { type: 'string' },
      plan: { type: 'any' },
    },
    indexes: [
      { name: 'by-organization', partition: ['organizationId'], range: ['targetVersion'] },
      { name: 'by-next-due', range: ['nextDue'] },
    ],
  },
]);

export interface Plan {
  organizationId: string;
  targetVersion: string;
  revision: number;
  nextDue: string;
  phase: string;
  plan: unknown;
}

export const plan = (over: Partial<Plan> = {}): Plan => ({
  organizationId: 'org-1',
  targetVersion: '2024.1',
  revision: 1,
  nextDue: '2025-01-01',
  phase: 'planning',
  plan: { stages: [] },
  ...over,
});

/** Awaits a rejection and returns the ForgeKvsAPIError the real client threw. */
export async function kvsError(p: Promise<unknown>): Promise<ForgeKvsAPIError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ForgeKvsAPIError) return e;
    throw e;
  }
  throw new Error('expected the KVS call to fail');
}
