import type { KvsCounters } from '../kvs/counters';

export interface ProductCounters {
  total: number;
  asApp: number;
  asUser: number;
  /** `${METHOD} ${path without query}` → calls, e.g. `GET /rest/api/3/issue/FHSD-1`. */
  byRoute: Record<string, number>;
}

export interface ForgeHostCounters {
  readonly jira: ProductCounters;
  /** The KVS emulator's own counters object (reads, writes, bytes, per path). */
  readonly kvs: KvsCounters;
  /** Increments the real packages made through `__forge_runtime__.metrics.counter(name)`. */
  readonly metrics: Record<string, number>;
}

export const newProductCounters = (): ProductCounters => ({ total: 0, asApp: 0, asUser: 0, byRoute: {} });

export function resetProductCounters(c: ProductCounters): void {
  Object.assign(c, { total: 0, asApp: 0, asUser: 0 });
  for (const k of Object.keys(c.byRoute)) delete c.byRoute[k];
}

export function countProductCall(c: ProductCounters, method: string, path: string, asApp: boolean): void {
  const route = `${method} ${path.split('?')[0] ?? path}`;
  c.total += 1;
  if (asApp) c.asApp += 1;
  else c.asUser += 1;
  c.byRoute[route] = (c.byRoute[route] ?? 0) + 1;
}

export function clearRecord(r: Record<string, number>): void {
  for (const k of Object.keys(r)) delete r[k];
}
