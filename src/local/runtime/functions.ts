import { join } from 'node:path';
import type { AppManifest } from './manifest';

export type ForgeFunction = (...args: unknown[]) => unknown;

/**
 * Loads a function module's handler as Forge does: `index.onIssueEvent` is the `onIssueEvent` export of
 * `src/index`. Nothing else of the app is imported by the runtime, so the code that runs is the deployed code.
 */
export function loadHandler(appRoot: string, handler: string): ForgeFunction {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) throw new Error(`handler "${handler}" is not <file>.<export>`);
  const file = join(appRoot, 'src', handler.slice(0, dot));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = (require(file) as Record<string, unknown>)[handler.slice(dot + 1)];
  if (typeof exported !== 'function') throw new Error(`handler "${handler}": src/${handler.slice(0, dot)} exports no function ${handler.slice(dot + 1)}`);
  return exported as ForgeFunction;
}

/** Every function module of the manifest, loaded once. */
export class AppFunctions {
  private readonly loaded = new Map<string, ForgeFunction>();

  constructor(appRoot: string, manifest: AppManifest) {
    for (const [key, handler] of manifest.functions) this.loaded.set(key, loadHandler(appRoot, handler));
  }

  get(functionKey: string): ForgeFunction {
    const fn = this.loaded.get(functionKey);
    if (!fn) throw new Error(`no function module "${functionKey}" in manifest.yml`);
    return fn;
  }
}
