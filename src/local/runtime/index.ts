/** The local runtime: `startRuntime({ port, dataDir, reset, log })` → `{ url, close() }`. See README, "Run it locally". */
export { startRuntime, type Runtime, type RuntimeOptions } from './runtime';
