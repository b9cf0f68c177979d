import { randomBytes } from 'node:crypto';
import { grantedScopesOf, installForgeHost, type ForgeHost, type ProductCall, type ProductReply, type WebTriggerUrlService } from '../forge-host';
import { asApp, asUser, type JiraStandIn, type TransitionValidationRequest, type TransitionValidationResult } from '../jira';
import { entitiesFromManifest, KvsEmulator, SqliteStore } from '../kvs';
import { FunctionLogs } from './function-logs';
import { unsupportedMediaType } from './http/jira-api';
import { AppFunctions } from './functions';
import { moduleAllows, type AppManifest, type ForgeAccountType, type PanelModule, type ScheduledTriggerModule, type TriggerModule, type ValidatorModule, type WebTriggerModule } from './manifest';
import { accountTypeOf } from './panel-contexts';

export interface ForgeAppOptions {
  readonly appRoot: string;
  readonly manifest: AppManifest;
  /** The SQLite file behind @forge/kvs. */
  readonly kvsFile: string;
  readonly jira: JiraStandIn;
  /** The origin Jira's `self` links carry (the server's URL once it listens). */
  readonly siteUrl: () => string;
  /** Where the functions' console output goes. */
  readonly log: (line: string) => void;
  /** Forge stops a product-event trigger after 25 s (limits-invocation); shorter in tests. */
  readonly triggerTimeoutMs?: number;
  /** The platform's register of web trigger URLs (webTrigger.getUrl and friends). */
  readonly webTriggerUrls?: WebTriggerUrlService;
}

/** Forge's limit for a function invoked by a product event (limits-invocation: 25 runtime seconds). */
export const TRIGGER_TIMEOUT_MS = 25_000;
/** A web trigger's function has longer (limits-invocation: "web-trigger, action and rovo:agentConnector modules | 55"). */
export const WEB_TRIGGER_TIMEOUT_MS = 55_000;

/** How a trigger invocation ended: what the function returned, or stopped at the time limit. A throw propagates. */
export type TriggerRun = { returned: unknown } | { timedOut: true };

/** The Forge context of one panel, derived by the runtime: never taken from the browser. */
export interface PanelContext extends Record<string, unknown> {
  accountId: string;
  accountType: ForgeAccountType;
  moduleKey: string;
  extension: Record<string, unknown>;
}

/** An invocation of a module Forge does not run for the person's account type. */
export class ModuleNotAllowed extends Error {}

const APP_ID = /^ari:cloud:ecosystem::app\/([0-9a-f-]{36})$/;

/**
 * The app's functions as Forge runs them: loaded from the manifest's function modules, each call one invocation
 * (`runAs`) of the real @forge/api and @forge/kvs, whose backend (`__forge_fetch__`) the forge host serves from
 * the SQLite KVS and the Jira stand-in.
 */
export class ForgeApp {
  readonly host: ForgeHost;
  readonly cloudId: string;
  private readonly functions: AppFunctions;
  private readonly logs: FunctionLogs;

  constructor(private readonly options: ForgeAppOptions) {
    const { manifest, jira } = options;
    this.cloudId = jira.config.cloudId;
    const appId = APP_ID.exec(String((manifest.raw.app as Record<string, unknown> | undefined)?.id ?? ''))?.[1];
    this.host = installForgeHost({
      kvs: new KvsEmulator({ store: new SqliteStore(options.kvsFile), entities: entitiesFromManifest(manifest.raw), now: () => Date.now() }),
      jira: (call) => this.requestJira(call),
      accountTypeOf: (accountId) => {
        const person = jira.store.findUser(accountId);
        return person ? accountTypeOf(person) : undefined;
      },
      grantedScopes: grantedScopesOf(manifest.raw),
      ...(options.webTriggerUrls ? { webTriggerUrls: options.webTriggerUrls } : {}),
      app: { cloudId: this.cloudId, ...(appId ? { appId } : {}), environmentType: 'DEVELOPMENT', appVersion: '0.1.0-local' },
    });
    try {
      this.functions = new AppFunctions(options.appRoot, manifest);
    } catch (error) {
      this.host.uninstall();
      this.host.kvs.close();
      throw error;
    }
    this.logs = new FunctionLogs(options.log);
  }

  /** One invocation of a function module: its account, and its console output attributed to it. */
  private run<T>(functionKey: string, accountId: string | undefined, work: () => Promise<T>): Promise<T> {
    return this.logs.run(functionKey, () => this.host.runAs(accountId, work));
  }

  private async requestJira(call: ProductCall): Promise<ProductReply> {
    if (unsupportedMediaType(call.method, call.headers['content-type'], call.body ?? '')) {
      // fetch labels a string body without Content-Type text/plain, which Jira refuses: the app must say JSON.
      const refusal = { errorMessages: ['Unsupported Media Type: send the body as application/json (Content-Type: application/json).'], errors: {} };
      return { status: 415, headers: { 'content-type': 'application/json;charset=UTF-8' }, body: JSON.stringify(refusal) };
    }
    const caller = call.asApp ? asApp() : asUser(call.accountId ?? '');
    const request = { method: call.method, path: call.path, headers: call.headers, baseUrl: this.options.siteUrl(), ...(call.body === undefined ? {} : { body: call.body }) };
    const response = await this.options.jira.handle(request, caller);
    return { status: response.status, headers: response.headers, body: response.body === undefined ? null : JSON.stringify(response.body) };
  }

  /** A bridge `invoke` from a panel: the module's resolver function, as the context's person. */
  invokeResolver(panel: PanelModule, context: PanelContext, functionKey: string, payload: unknown): Promise<unknown> {
    if (!moduleAllows(panel, context.accountType)) {
      return Promise.reject(new ModuleNotAllowed(`${panel.key} does not run for ${context.accountType} accounts (manifest unlicensedAccess).`));
    }
    const definitions = this.functions.get(panel.resolverFunction);
    return this.run(panel.resolverFunction, context.accountId, async () =>
      definitions(
        { call: { functionKey, payload }, context },
        { principal: { accountId: context.accountId }, installContext: `ari:cloud:jira::site/${this.cloudId}` },
      ),
    );
  }

  /** One delivery of a product event to a trigger's function (no user: triggers run as the app), stopped at its time limit. */
  async runTrigger(trigger: TriggerModule, event: Record<string, unknown>): Promise<TriggerRun> {
    const handler = this.functions.get(trigger.functionKey);
    const delivered = { ...event, context: { cloudId: this.cloudId, moduleKey: trigger.key } };
    const timeoutMs = this.options.triggerTimeoutMs ?? TRIGGER_TIMEOUT_MS;
    const run = await this.logs.run(trigger.functionKey, () =>
      this.host.runWithin(undefined, timeoutMs, async () => handler(delivered, { installContext: `ari:cloud:jira::site/${this.cloudId}` })),
    );
    return 'timedOut' in run ? run : { returned: run.value };
  }

  /**
   * One run of a scheduled trigger's function: the request Forge sends (`context` and an opaque `contextToken`) and a
   * context with no principal, as the app. Answers what the function returned (the platform only records it).
   */
  async runScheduledTrigger(trigger: ScheduledTriggerModule): Promise<unknown> {
    const handler = this.functions.get(trigger.functionKey);
    const request = { context: { cloudId: this.cloudId, moduleKey: trigger.key }, contextToken: randomBytes(32).toString('base64url') };
    return this.run(trigger.functionKey, undefined, async () => handler(request, { principal: undefined, installContext: `ari:cloud:jira::site/${this.cloudId}` }));
  }

  /**
   * One HTTP request to a web trigger's URL: the function gets the request as events-reference/web-trigger describes
   * it and runs with no user ("asUser API calls will not work in web trigger functions"), stopped at 55 s.
   */
  async runWebTrigger(module: WebTriggerModule, request: Record<string, unknown>): Promise<TriggerRun> {
    const handler = this.functions.get(module.functionKey);
    const run = await this.logs.run(module.functionKey, () =>
      this.host.runWithin(undefined, this.options.triggerTimeoutMs ?? WEB_TRIGGER_TIMEOUT_MS, async () => handler(request, { installContext: `ari:cloud:jira::site/${this.cloudId}` })),
    );
    return 'timedOut' in run ? run : { returned: run.value };
  }

  /** A workflow validator call, as the person making the transition. */
  async validate(validator: ValidatorModule, request: TransitionValidationRequest): Promise<TransitionValidationResult> {
    const handler = this.functions.get(validator.functionKey);
    const accountId = request.accountId === this.options.jira.config.appAccountId ? undefined : request.accountId;
    const args = { issue: request.issue, transition: request.transition, modifiedFields: request.modifiedFields, context: { cloudId: this.cloudId, moduleKey: validator.key, accountId } };
    const answer = (await this.run(validator.functionKey, accountId, async () => handler(args))) as Partial<TransitionValidationResult> | undefined;
    if (!answer || typeof answer.result !== 'boolean') return { result: false, errorMessage: `The workflow validator ${validator.key} gave no answer.` };
    return { result: answer.result, ...(answer.errorMessage ? { errorMessage: answer.errorMessage } : {}) };
  }

  close(): void {
    this.logs.restore();
    this.host.uninstall();
    this.host.kvs.close();
  }
}
