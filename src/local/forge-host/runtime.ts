import { randomBytes } from 'node:crypto';
import type { Invocations } from './invocation';

/** Identity of the emulated installation; every field has a local default. */
export interface AppIdentity {
  /** The UUID part of the app ARI (`ari:cloud:ecosystem::app/<appId>`). */
  readonly appId: string;
  readonly appVersion: string;
  readonly environmentId: string;
  readonly environmentType: string;
  readonly installationId: string;
  readonly cloudId: string;
  readonly moduleKey: string;
  readonly moduleType: string;
  readonly functionKey: string;
  readonly scopes: readonly string[];
}

export const DEFAULT_APP: AppIdentity = {
  appId: '00000000-0000-4000-8000-000000000000',
  appVersion: '0.0.0-local',
  environmentId: '00000000-0000-4000-8000-000000000001',
  environmentType: 'DEVELOPMENT',
  installationId: '00000000-0000-4000-8000-000000000002',
  cloudId: '00000000-0000-4000-8000-000000000003',
  moduleKey: 'local',
  moduleType: 'core:function',
  functionKey: 'local',
  scopes: [],
};

export interface RuntimeParts {
  readonly app: AppIdentity;
  readonly invocations: Invocations;
  readonly metricCounts: Record<string, number>;
  /** Remaining-time budget of one invocation (Forge resolvers: 25 s). */
  readonly timeoutMs: number;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

function metrics(counts: Record<string, number>) {
  const bump = (name: string, by: number) => {
    counts[name] = (counts[name] ?? 0) + by;
  };
  return {
    counter: (name: string) => ({
      incr: () => bump(name, 1),
      incrBy: (v: number) => bump(name, v),
      decr: () => bump(name, -1),
      decrBy: (v: number) => bump(name, -v),
    }),
    timing: () => ({ measure: () => ({ stop: () => undefined }) }),
    gauge: () => ({ set: () => undefined }),
  };
}

/**
 * The object @forge/api reads as `global.__forge_runtime__` (its ForgeRuntime type in
 * api/runtime.d.ts). `kvs` is deliberately absent so @forge/kvs uses its
 * `{ type: 'kvs', provider: 'app', remote: 'kvs' }` fetch target. Per-invocation fields
 * (aaid, invocationId, remaining time) are getters over the current invocation.
 */
export function buildRuntime({ app, invocations, metricCounts, timeoutMs }: RuntimeParts): object {
  const installationAri = `ari:cloud:ecosystem::installation/${app.installationId}`;
  const siteAri = `ari:cloud:jira::site/${app.cloudId}`;
  const remaining = () => {
    const inv = invocations.current();
    return inv ? Math.max(0, timeoutMs - (Date.now() - inv.startedAt)) : timeoutMs;
  };
  return {
    proxy: { token: 'local-forge-host', url: 'http://forge-host.invalid' },
    contextAri: siteAri,
    container: { region: 'local', runtime: 'nodejs', handler: app.functionKey },
    appContext: {
      appId: app.appId,
      appVersion: app.appVersion,
      environmentId: app.environmentId,
      environmentType: app.environmentType,
      get invocationId() {
        return invocations.current()?.invocationId ?? 'local-invocation';
      },
      installationId: app.installationId,
      functionKey: app.functionKey,
      moduleType: app.moduleType,
      moduleKey: app.moduleKey,
      installation: {
        ari: { installationId: app.installationId, toString: () => installationAri, toJSON: () => installationAri },
        contexts: [{ cloudId: app.cloudId, toString: () => siteAri }],
      },
      permissions: { scopes: [...app.scopes], external: {} },
    },
    get aaid() {
      return invocations.current()?.accountId;
    },
    lambdaContext: {
      get awsRequestId() {
        return invocations.current()?.invocationId ?? 'local-invocation';
      },
      getRemainingTimeInMillis: remaining,
    },
    tracing: { traceId: hex(16), spanId: hex(8) },
    realtime: {},
    metrics: metrics(metricCounts),
    featureFlags: () => false,
  };
}
