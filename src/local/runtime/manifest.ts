import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { INDEXED_VALUE_TYPES, type IndexedPropertyValue, type IndexedValueType } from '../jira';

/** A UI module the runtime can show: a Custom UI resource and the function answering its bridge's invoke calls. */
export interface PanelModule {
  readonly key: string;
  readonly type: PanelModuleType;
  readonly title: string;
  readonly resourceKey: string;
  readonly resolverFunction: string;
  /** The unlicensed account types the module opts in to (`unlicensedAccess`); empty: licensed users only, Forge's default. */
  readonly unlicensedAccess: readonly UnlicensedAccountType[];
}

/** Forge's account types besides `licensed` (access-to-forge-apps-for-unlicensed-users). */
export const UNLICENSED_ACCOUNT_TYPES = ['unlicensed', 'customer', 'anonymous'] as const;
export type UnlicensedAccountType = (typeof UNLICENSED_ACCOUNT_TYPES)[number];
export type ForgeAccountType = 'licensed' | UnlicensedAccountType;

const ANY_UNLICENSED: readonly UnlicensedAccountType[] = UNLICENSED_ACCOUNT_TYPES;
const CONFLUENCE_UNLICENSED: readonly UnlicensedAccountType[] = ['unlicensed', 'anonymous'];

/**
 * The module types that take `unlicensedAccess`, with the account types each takes; on any other type Forge refuses the
 * property ("jiraServiceManagement:queuePage does not support the following Forge properties - 'unlicensedAccess'").
 * The copy of access-to-forge-apps-for-unlicensed-users has lost its module tables, so these are the types the copy
 * names: its text ("use Jira Service Management portal modules such as portalFooter, portalHeader, or portalSubheader",
 * portalUserMenuAction: "[unlicensed, customer]") and the module pages that list the property. The portal request
 * detail panel is taken as a portal module (its own page in the copy is empty); full-page modules are not listed.
 */
export const UNLICENSED_ACCESS_BY_MODULE_TYPE: Readonly<Record<string, readonly UnlicensedAccountType[]>> = {
  'jira:issuePanel': ANY_UNLICENSED,
  'jira:customField': ANY_UNLICENSED,
  'jira:customFieldType': ANY_UNLICENSED,
  'jira:uiModifications': ANY_UNLICENSED,
  'jiraServiceManagement:portalRequestCreatePropertyPanel': ANY_UNLICENSED,
  'jiraServiceManagement:portalRequestDetailPanel': ANY_UNLICENSED,
  'jiraServiceManagement:portalFooter': ANY_UNLICENSED,
  'jiraServiceManagement:portalHeader': ANY_UNLICENSED,
  'jiraServiceManagement:portalSubheader': ANY_UNLICENSED,
  'jiraServiceManagement:portalUserMenuAction': ['unlicensed', 'customer'],
  'customerServiceManagement:requestDetail': ['customer', 'unlicensed'],
  'confluence:contentBylineItem': CONFLUENCE_UNLICENSED,
  'confluence:customContent': CONFLUENCE_UNLICENSED,
  'confluence:pageBanner': CONFLUENCE_UNLICENSED,
  macro: CONFLUENCE_UNLICENSED,
};

/** Whether Forge runs a module for an account type: licensed users always, the others only where the manifest lists them and the module type takes them. */
export function moduleAllows(panel: PanelModule, accountType: ForgeAccountType): boolean {
  if (accountType === 'licensed') return true;
  return (UNLICENSED_ACCESS_BY_MODULE_TYPE[panel.type] ?? []).includes(accountType) && panel.unlicensedAccess.includes(accountType);
}

export const PANEL_MODULE_TYPES = ['jira:issuePanel', 'jiraServiceManagement:portalRequestDetailPanel', 'jira:projectSettingsPage', 'jiraServiceManagement:queuePage'] as const;
export type PanelModuleType = (typeof PANEL_MODULE_TYPES)[number];

export interface TriggerModule {
  readonly key: string;
  readonly functionKey: string;
  readonly events: readonly string[];
  readonly ignoreSelf: boolean;
}

/** The intervals Forge offers a scheduled trigger, and how long each is. */
export const SCHEDULE_INTERVALS_MS = { fiveMinute: 5 * 60_000, hour: 60 * 60_000, day: 24 * 60 * 60_000, week: 7 * 24 * 60 * 60_000 } as const;
export type ScheduleInterval = keyof typeof SCHEDULE_INTERVALS_MS;
/** A function run by a scheduled trigger may run 55 s unless its function module says otherwise (up to 900 s). */
export const SCHEDULED_DEFAULT_TIMEOUT_S = 55;
export const SCHEDULED_MAX_TIMEOUT_S = 900;
/** Apps can declare up to five scheduled triggers. */
export const MAX_SCHEDULED_TRIGGERS = 5;

export interface ScheduledTriggerModule {
  readonly key: string;
  readonly functionKey: string;
  readonly interval: ScheduleInterval;
  readonly timeoutSeconds: number;
}

/** A `webtrigger` module: a function Forge runs for an HTTP request to the module's URL (manifest-reference/modules/web-trigger). */
export interface WebTriggerModule {
  readonly key: string;
  readonly functionKey: string;
  /** v1: `/x1/<id>` on the app's domain (the default); v2: `/public/<id>` on the installation's domain. */
  readonly urlFormat: 'v1' | 'v2';
  /** `static` answers only with the manifest's outputs, chosen by the function's `outputKey`; `dynamic` (the default) with what the function returns. */
  readonly response: { readonly type: 'dynamic' } | { readonly type: 'static'; readonly outputs: readonly WebTriggerOutput[] };
}

export interface WebTriggerOutput {
  readonly key: string;
  readonly statusCode: number;
  readonly contentType?: string;
  readonly body?: string;
}

export interface ValidatorModule {
  readonly key: string;
  readonly functionKey: string;
}

/** What the runtime reads of manifest.yml: the same entries Forge uses to load and call the app's code. */
export interface AppManifest {
  readonly raw: Record<string, unknown>;
  /** Function key → handler, e.g. `on-issue-event` → `index.onIssueEvent`. */
  readonly functions: ReadonlyMap<string, string>;
  readonly panels: readonly PanelModule[];
  readonly triggers: readonly TriggerModule[];
  readonly scheduledTriggers: readonly ScheduledTriggerModule[];
  readonly validators: readonly ValidatorModule[];
  readonly webTriggers: readonly WebTriggerModule[];
  /** Issue entity property values the app's jira:entityProperty modules ask Jira to index for JQL. */
  readonly indexedProperties: readonly IndexedPropertyValue[];
  /** Resource key → folder relative to the app root. */
  readonly resources: ReadonlyMap<string, string>;
}

type Entry = Record<string, unknown>;
const list = (value: unknown): Entry[] => (Array.isArray(value) ? (value.filter((v) => v && typeof v === 'object') as Entry[]) : []);
const text = (value: unknown, what: string): string => {
  if (typeof value !== 'string' || !value) throw new Error(`manifest.yml: ${what} is missing`);
  return value;
};

function unlicensedAccessOf(type: string, module: Entry): UnlicensedAccountType[] {
  const value = module.unlicensedAccess;
  if (value === undefined) return [];
  const allowed = UNLICENSED_ACCESS_BY_MODULE_TYPE[type];
  if (!allowed) throw new Error(`manifest.yml: ${type} does not support the following Forge properties - 'unlicensedAccess' (module ${String(module.key)})`);
  const known = (v: unknown): v is UnlicensedAccountType => (allowed as readonly unknown[]).includes(v);
  if (!Array.isArray(value) || value.length === 0 || !value.every(known)) {
    throw new Error(`manifest.yml: unlicensedAccess of ${String(module.key)} must be a list of ${allowed.join(', ')}`);
  }
  return [...value];
}

export function readManifest(appRoot: string): AppManifest {
  const raw = parse(readFileSync(join(appRoot, 'manifest.yml'), 'utf8')) as Entry;
  const modules = (raw.modules ?? {}) as Record<string, unknown>;
  // Every module entry, not only those the runtime shows: forge deploy refuses the property wherever it is not supported.
  for (const [type, entries] of Object.entries(modules)) list(entries).forEach((m) => unlicensedAccessOf(type, m));
  const functions = new Map(list(modules.function).map((f) => [text(f.key, 'function key'), text(f.handler, `handler of ${String(f.key)}`)]));
  const panels: PanelModule[] = PANEL_MODULE_TYPES.flatMap((type) =>
    list(modules[type]).map((m) => ({
      key: text(m.key, `${type} key`),
      type,
      title: typeof m.title === 'string' ? m.title : String(m.key),
      resourceKey: text(m.resource, `resource of ${String(m.key)}`),
      resolverFunction: text((m.resolver as Entry | undefined)?.function, `resolver.function of ${String(m.key)}`),
      unlicensedAccess: unlicensedAccessOf(type, m),
    })),
  );
  const triggers = list(modules.trigger).map((t) => ({
    key: text(t.key, 'trigger key'),
    functionKey: text(t.function, `function of ${String(t.key)}`),
    events: Array.isArray(t.events) ? t.events.map(String) : [],
    ignoreSelf: (t.filter as Entry | undefined)?.ignoreSelf === true,
  }));
  const timeouts = new Map(list(modules.function).map((f) => [String(f.key), f.timeoutSeconds]));
  const scheduledTriggers = list(modules.scheduledTrigger).map((t): ScheduledTriggerModule => {
    const key = text(t.key, 'scheduledTrigger key');
    const functionKey = text(t.function, `function of ${key}`);
    const interval = t.interval;
    if (typeof interval !== 'string' || !Object.hasOwn(SCHEDULE_INTERVALS_MS, interval)) {
      throw new Error(`manifest.yml: interval of ${key} must be one of ${Object.keys(SCHEDULE_INTERVALS_MS).join(', ')}`);
    }
    const timeout = timeouts.get(functionKey) ?? SCHEDULED_DEFAULT_TIMEOUT_S;
    if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > SCHEDULED_MAX_TIMEOUT_S) {
      throw new Error(`manifest.yml: timeoutSeconds of ${functionKey} must be a whole number from 1 to ${SCHEDULED_MAX_TIMEOUT_S}`);
    }
    return { key, functionKey, interval: interval as ScheduleInterval, timeoutSeconds: timeout };
  });
  if (scheduledTriggers.length > MAX_SCHEDULED_TRIGGERS) throw new Error(`manifest.yml: at most ${MAX_SCHEDULED_TRIGGERS} scheduledTrigger modules are allowed`);
  const validators = list(modules['jira:workflowValidator']).map((v) => ({ key: text(v.key, 'validator key'), functionKey: text(v.function, `function of ${String(v.key)}`) }));
  const webTriggers = list(modules.webtrigger).map((w): WebTriggerModule => {
    const key = text(w.key, 'webtrigger key');
    if (!/^[a-zA-Z0-9_-]+$/.test(key)) throw new Error(`manifest.yml: webtrigger key ${key} must match ^[a-zA-Z0-9_-]+$`);
    const urlFormat = w.urlFormat ?? 'v1';
    if (urlFormat !== 'v1' && urlFormat !== 'v2') throw new Error(`manifest.yml: urlFormat of ${key} must be v1 or v2`);
    const response = (w.response ?? { type: 'dynamic' }) as Entry;
    if (response.type === 'static') {
      const outputs = list(response.outputs).map((o): WebTriggerOutput => {
        if (typeof o.statusCode !== 'number') throw new Error(`manifest.yml: an output of ${key} has no statusCode`);
        return { key: text(o.key, `output key of ${key}`), statusCode: o.statusCode, ...(typeof o.contentType === 'string' ? { contentType: o.contentType } : {}), ...(typeof o.body === 'string' ? { body: o.body } : {}) };
      });
      if (outputs.length === 0) throw new Error(`manifest.yml: a static webtrigger (${key}) needs outputs`);
      return { key, functionKey: text(w.function, `function of ${key}`), urlFormat, response: { type: 'static', outputs } };
    }
    if (response.type !== 'dynamic') throw new Error(`manifest.yml: response type of ${key} must be static or dynamic`);
    return { key, functionKey: text(w.function, `function of ${key}`), urlFormat, response: { type: 'dynamic' } };
  });
  const indexedProperties = list(modules['jira:entityProperty'])
    .filter((m) => (m.entityType ?? 'issue') === 'issue')
    .flatMap((m) => {
      const propertyKey = text(m.propertyKey, `propertyKey of ${String(m.key)}`);
      return list(m.values).map((v): IndexedPropertyValue => {
        const type = v.type;
        if (typeof type !== 'string' || !(INDEXED_VALUE_TYPES as readonly string[]).includes(type)) throw new Error(`manifest.yml: type of ${propertyKey}.${String(v.path)} must be one of ${INDEXED_VALUE_TYPES.join(', ')}`);
        return { propertyKey, path: text(v.path, `path of a value of ${String(m.key)}`), type: type as IndexedValueType, ...(typeof v.searchAlias === 'string' ? { searchAlias: v.searchAlias } : {}) };
      });
    });
  const resources = new Map(list(raw.resources).map((r) => [text(r.key, 'resource key'), text(r.path, `path of ${String(r.key)}`)]));
  for (const key of [...panels.map((p) => p.resolverFunction), ...triggers.map((t) => t.functionKey), ...scheduledTriggers.map((t) => t.functionKey), ...validators.map((v) => v.functionKey), ...webTriggers.map((w) => w.functionKey)]) {
    if (!functions.has(key)) throw new Error(`manifest.yml: no function module "${key}"`);
  }
  return { raw, functions, panels, triggers, scheduledTriggers, validators, webTriggers, indexedProperties, resources };
}

export function panelOfType(manifest: AppManifest, type: PanelModuleType): PanelModule | undefined {
  return manifest.panels.find((p) => p.type === type);
}
