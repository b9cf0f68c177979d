import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { DEMO_CUSTOM_FIELDS, DEMO_ORGANIZATION_LIST, DEMO_PEOPLE, DEMO_PROJECT_KEY } from '../demo/cast';
import { seedDemo } from '../demo/seed';
import { JiraStandIn, SqliteJiraStore, WORKFLOW_STATUSES } from '../jira';
import { dataFile, lockDataDir, wipeData } from './data-dir';
import { demoDriver } from './demo-driver';
import { ForgeApp } from './forge-app';
import { isOwnHost, ownHosts, requestListener } from './http/server';
import { sendJiraError } from './http/messages';
import { DEFAULT_SESSION_LIMITS, Sessions, type SessionLimits } from './http/sessions';
import { readManifest } from './manifest';
import { PanelTokens } from './panel-contexts';
import { WebTriggers } from './web-triggers';
import { ScheduledTriggers, type ScheduledRunResult } from './scheduled-triggers';
import { RuntimeStateStore, type ScheduledTriggerRow } from './state-store';
import { TriggerQueue } from './triggers';

export interface RuntimeOptions {
  /** TCP port on 127.0.0.1; 0 (the default here) picks a free one. */
  readonly port?: number;
  readonly host?: string;
  /** Where the SQLite files live; defaults to `.data` in the app folder. */
  readonly dataDir?: string;
  /** Start again from the demo data (the data folder's databases are removed first). */
  readonly reset?: boolean;
  /** Seed the demo data into a new data folder (default true); false leaves the app unconfigured, with the demo people only. */
  readonly demo?: boolean;
  readonly log?: (line: string) => void;
  /** Also log each step of the demo seeding. */
  readonly verbose?: boolean;
  /** The app's folder (manifest.yml, src/, static/); defaults to this repository. */
  readonly appRoot?: string;
  /** How long a sign-in lasts (idle, and in all); defaults to 2 and 12 hours. */
  readonly sessionLimits?: Partial<SessionLimits>;
  /** The clock of sessions and scheduled triggers (tests move it); defaults to Date.now. */
  readonly clock?: () => number;
}

/** The manifest's scheduledTrigger modules: where their schedules stand, and runs on demand. */
export interface ScheduledTriggerControl {
  schedules(): ScheduledTriggerRow[];
  /** Runs every trigger due at the clock's now (what the timer does when a slot comes). */
  runDue(): Promise<ScheduledRunResult[]>;
  /** Runs one trigger now, outside its schedule. */
  runNow(moduleKey: string): Promise<ScheduledRunResult>;
}

export interface Runtime {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** What the data folder was filled with when it was new: the demo, or the site only (`--no-demo`). */
  readonly data: 'demo' | 'empty';
  readonly scheduledTriggers: ScheduledTriggerControl;
  /** Resolves once every trigger event queued so far has been delivered. */
  settle(): Promise<void>;
  /** Stops accepting requests, finishes the trigger delivery under way, closes every database. */
  close(): Promise<void>;
}

const DEFAULT_APP_ROOT = resolve(__dirname, '..', '..', '..');
/** Longest a page waits for the triggers its write caused before it shows the result anyway. */
const PAGE_SETTLE_MS = 10_000;

function doneStatus(statusId: string): boolean {
  return WORKFLOW_STATUSES.find((s) => s.id === statusId)?.category.key === 'done';
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} on ${host} is in use: stop what uses it, or set PORT to another port.`) : error));
    server.listen(port, host, () => resolvePort((server.address() as AddressInfo).port));
  });
}

/**
 * The whole app on this machine: the Jira stand-in (SQLite), the app's real Forge functions loaded from the manifest
 * with @forge/api and @forge/kvs served by the forge host (SQLite), the trigger queue, and one HTTP server for Jira's
 * REST API, the bridge endpoints, the panels and the pages. A new data folder is filled with the demo first.
 */
export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const appRoot = options.appRoot ?? DEFAULT_APP_ROOT;
  const host = options.host ?? '127.0.0.1';
  const dataDir = resolve(options.dataDir ?? join(appRoot, '.data'));
  const manifest = readManifest(appRoot);
  const unlock = lockDataDir(dataDir);
  const cleanups: (() => void | Promise<void>)[] = [unlock];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step();
  };

  try {
    if (options.reset) wipeData(dataDir);
    let state = new RuntimeStateStore(dataFile(dataDir, 'state'));
    const status = state.getMeta('data');
    if (status === undefined || status === 'seeding') {
      // A new folder, or one whose first start did not finish: nothing in it is kept (a half-seeded demo would not add up).
      if (status === 'seeding') log('The demo data was not finished last time (the process stopped while seeding): starting again from the demo.');
      state.close();
      wipeData(dataDir);
      state = new RuntimeStateStore(dataFile(dataDir, 'state'));
    }
    const stateStore = state;
    cleanups.push(() => stateStore.close());

    const jira = new JiraStandIn({
      store: new SqliteJiraStore(dataFile(dataDir, 'jira')),
      projectKey: DEMO_PROJECT_KEY,
      projectName: 'FHSD Service Desk',
      users: DEMO_PEOPLE,
      organizations: DEMO_ORGANIZATION_LIST,
      customFields: DEMO_CUSTOM_FIELDS,
      appDisplayName: 'ClinSpark upgrade planner',
      indexedProperties: manifest.indexedProperties,
      logError: (message, error) => log(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    });
    cleanups.push(() => jira.close());

    let origin = `http://${host}:${options.port ?? 0}`;
    const webTriggers = new WebTriggers(stateStore, manifest.webTriggers, () => origin);
    const app = new ForgeApp({ appRoot, manifest, kvsFile: dataFile(dataDir, 'kvs'), jira, siteUrl: () => origin, log, webTriggerUrls: webTriggers });
    cleanups.push(() => app.close());

    const triggers = new TriggerQueue({ state: stateStore, app, triggers: manifest.triggers, appAccountId: jira.config.appAccountId, log });
    jira.onEvent((event) => triggers.accept(event));
    cleanups.push(() => triggers.close());
    for (const validator of manifest.validators) {
      jira.addTransitionValidator((request) => (doneStatus(request.transition.to.id) ? app.validate(validator, request) : { result: true }));
    }

    const settle = async (): Promise<void> => {
      for (;;) {
        await jira.whenEventsDelivered();
        await triggers.idle();
        if (stateStore.nextTrigger(Date.now()) === undefined) return;
      }
    };
    const delivered = () => Promise.race([settle(), new Promise<void>((r) => setTimeout(r, PAGE_SETTLE_MS).unref())]);

    const clock = options.clock ?? Date.now;
    const scheduled = new ScheduledTriggers({ state: stateStore, app, triggers: manifest.scheduledTriggers, log, now: clock });
    cleanups.push(() => scheduled.close());

    let ready = false;
    let hosts: ReadonlySet<string> = new Set();
    const tokens = new PanelTokens(stateStore, manifest);
    const sessions = new Sessions(stateStore, jira, { ...DEFAULT_SESSION_LIMITS, ...options.sessionLimits }, clock);
    const listener = requestListener({ appRoot, jira, app, manifest, tokens, sessions, webTriggers, origin: () => origin, queued: () => jira.whenEventsDelivered(), delivered, log });
    const server = createServer((request, response) => {
      if (!isOwnHost(request, hosts)) return sendJiraError(response, 421, `This server answers to ${[...hosts].join(', ')} only; the Host header named ${JSON.stringify(request.headers.host ?? '')}.`);
      if (!ready) return sendJiraError(response, 503, 'The runtime is starting; try again in a moment.', {}, { 'retry-after': '2' });
      listener(request, response);
    });
    server.keepAliveTimeout = 5_000;
    const port = await listen(server, options.port ?? 0, host);
    origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    hosts = ownHosts(port, host);
    cleanups.push(
      () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 2_000).unref();
        }),
    );

    triggers.start();
    await settle();
    if (stateStore.getMeta('data') === undefined) {
      if (options.demo ?? true) {
        stateStore.setMeta('data', 'seeding');
        log('Seeding the demo data (organizations, environments, settings, plans)…');
        const started = Date.now();
        await seedDemo(demoDriver({ jira, app, manifest, origin: () => origin, settle }), options.verbose ? log : () => undefined);
        stateStore.setMeta('data', 'demo');
        log(`Demo data ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      } else {
        stateStore.setMeta('data', 'empty');
      }
    }
    if (options.demo === false && stateStore.getMeta('data') === 'demo') log('This data folder holds the demo data (--reset --no-demo starts it empty).');
    stateStore.deleteExpiredTokens(Date.now());
    sessions.sweep();
    scheduled.start();
    ready = true;

    let closing: Promise<void> | undefined;
    return {
      url: origin,
      port,
      dataDir,
      data: stateStore.getMeta('data') === 'empty' ? 'empty' : 'demo',
      scheduledTriggers: {
        schedules: () => scheduled.schedules(),
        runDue: () => scheduled.runDue(),
        runNow: (moduleKey) => scheduled.runNow(moduleKey),
      },
      settle,
      close: () => (closing ??= cleanup()),
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
