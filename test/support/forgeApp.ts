import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { AppPorts } from '../../src/app/ports';
import { defaultSettings, type AppSettings } from '../../src/app/settings';
import type { Release } from '../../src/domain/releases';
import { buildResolver, type ResolverAnswer } from '../../src/forge/resolvers';
import { forgePorts } from '../../src/forge/runtime';
import { answerIssueEvent, type IssueEventAnswer } from '../../src/forge/triggers';
import { ForgeJiraClient } from '../../src/forge/jiraClient';
import { validateResolution } from '../../src/forge/workflowValidator';
import type { TicketEventOutcome } from '../../src/app/ticketEvents';
import { grantedScopesOf, installForgeHost, type ForgeHost } from '../../src/local/forge-host';
import { entitiesFromManifest } from '../../src/local/kvs';
import { asApp, asUser, JiraStandIn, ORGANIZATIONS_FIELD, REQUEST_TYPE_FIELD, type CustomFieldConfig, type JiraEvent, type JiraUserInput } from '../../src/local/jira';
import { DEMO_CUSTOM_FIELDS, DEMO_FORM_FIELD_IDS } from '../../src/local/demo/cast';
import { resolveFields, type JiraField } from '../../src/app/fieldResolution';
import { KvsPlanRepository } from '../../src/forge/planStore';
import { readManifest } from '../../src/local/runtime/manifest';

export const MANIFEST = parse(readFileSync(join(__dirname, '..', '..', 'manifest.yml'), 'utf8')) as Record<string, unknown>;

const TRIGGER = ((MANIFEST.modules as { trigger?: { filter?: { ignoreSelf?: boolean } }[] }).trigger ?? [])[0];
const IGNORE_SELF = TRIGGER?.filter?.ignoreSelf === true;
/** The plan summary values Jira indexes for JQL, as the manifest's jira:entityProperty module declares them. */
const INDEXED_PROPERTIES = readManifest(join(__dirname, '..', '..')).indexedProperties;

/** The signing passphrase a test person sets: theirs alone, long enough. */
export const testPassphraseOf = (accountId: string): string => `correct horse battery staple of ${accountId}`;

export const ORGS = [
  { id: '1', name: 'Acme Clinical' },
  { id: '2', name: 'Beta Research' },
];

/** One person per role and organization; customers belong to one organization each. */
export const PEOPLE: Record<string, JiraUserInput> = {
  pm: { accountId: 'acc-pm', displayName: 'Paula PM', emailAddress: 'pm@iqvia.test' },
  engineer: { accountId: 'acc-eng', displayName: 'Eric Engineer', emailAddress: 'eng@iqvia.test' },
  support: { accountId: 'acc-sup', displayName: 'Sam Support', emailAddress: 'sup@iqvia.test' },
  specialist: { accountId: 'acc-ss', displayName: 'Sol Specialist', emailAddress: 'ss@iqvia.test' },
  admin: { accountId: 'acc-admin', displayName: 'Ada Admin', emailAddress: 'admin@iqvia.test', isAdmin: true },
  outsider: { accountId: 'acc-out', displayName: 'Otto Outsider', emailAddress: 'out@iqvia.test' },
  acmeCustomer: { accountId: 'acc-acme', displayName: 'Alice Acme', emailAddress: 'alice@acme.test', accountType: 'customer', organizationIds: ['1'] },
  acmeColleague: { accountId: 'acc-acme2', displayName: 'Aaron Acme', emailAddress: 'aaron@acme.test', accountType: 'customer', organizationIds: ['1'] },
  betaCustomer: { accountId: 'acc-beta', displayName: 'Bob Beta', emailAddress: 'bob@beta.test', accountType: 'customer', organizationIds: ['2'] },
};

/** The test site's release catalogue: each release with its date and notes link, as an admin saves them. */
export const TEST_RELEASES: readonly Release[] = [
  { version: '24.1', date: '2024-02-12', notesUrl: 'https://docs.clinspark.example/releases/24.1' },
  { version: '24.2', date: '2024-06-03', notesUrl: 'https://docs.clinspark.example/releases/24.2' },
  { version: '25.1', date: '2025-02-17', notesUrl: 'https://docs.clinspark.example/releases/25.1' },
  { version: '25.2', date: '2025-06-09', notesUrl: 'https://docs.clinspark.example/releases/25.2' },
];

export function testSettings(): AppSettings {
  return {
    ...defaultSettings('FHSD'),
    roles: {
      projectDefault: { 'IQVIA PM': ['acc-pm'], 'IQVIA Engineer': ['acc-eng'], 'IQVIA Support': ['acc-sup'], 'Solution Specialist': ['acc-ss'] },
      organizations: { '1': { Customer: ['acc-acme'] }, '2': { Customer: ['acc-beta'] } },
    },
    releases: TEST_RELEASES.map((release) => ({ ...release })),
  };
}

/** The Forge account type of a person of the stand-in: agents are licensed, portal customers are `customer`. */
export function forgeAccountType(jiraAccountType: string | undefined): string | undefined {
  return jiraAccountType === 'atlassian' ? 'licensed' : jiraAccountType === 'customer' ? 'customer' : undefined;
}

export type Surface = 'jira:issuePanel' | 'jiraServiceManagement:portalRequestDetailPanel' | 'jira:projectSettingsPage';

/** The app as Forge runs it, on this machine: real resolver definitions, real @forge/kvs and @forge/api, a Jira stand-in behind them. */
export class ForgeAppHarness {
  readonly jira: JiraStandIn;
  readonly host: ForgeHost;
  readonly ports: AppPorts & ReturnType<typeof forgePorts>;
  private readonly resolver: ReturnType<ReturnType<typeof buildResolver>['getDefinitions']>;
  now: Date;
  readonly eventOutcomes: TicketEventOutcome[] = [];
  autoDeliver = true;
  private readonly pending: JiraEvent[] = [];
  private readonly removeValidator: () => void;

  /** The request form's field ids on this site, by the app's name for each (the app finds them by name). */
  private readonly formFieldIds: Readonly<Record<string, string>>;

  constructor(now = new Date('2026-11-23T09:00:00Z'), site: { customFields?: readonly CustomFieldConfig[]; formFieldIds?: Readonly<Record<string, string>> } = {}) {
    this.now = now;
    this.formFieldIds = site.formFieldIds ?? DEMO_FORM_FIELD_IDS;
    this.jira = new JiraStandIn({ organizations: ORGS.map((o) => ({ id: o.id, name: o.name })), users: Object.values(PEOPLE), customFields: site.customFields ?? DEMO_CUSTOM_FIELDS, indexedProperties: INDEXED_PROPERTIES, clock: () => this.now });
    this.host = installForgeHost({
      entities: entitiesFromManifest(MANIFEST),
      // Forge knows each account's type: asUser() is refused for anyone but a licensed user.
      accountTypeOf: (accountId) => forgeAccountType(this.jira.store.findUser(accountId)?.accountType),
      grantedScopes: grantedScopesOf(MANIFEST),
      jira: async (call) => {
        const response = await this.jira.handle({ method: call.method, path: call.path, headers: call.headers, ...(call.body !== undefined ? { body: call.body } : {}) }, call.asApp ? asApp() : asUser(call.accountId!));
        return { status: response.status, headers: response.headers, body: response.body === undefined ? null : (response.body as object) };
      },
    });
    this.ports = { ...forgePorts(), clock: { now: () => this.now } };
    this.resolver = buildResolver(() => this.ports).getDefinitions();
    this.jira.onEvent(async (event) => {
      if (event.eventType !== 'avi:jira:created:issue' && event.eventType !== 'avi:jira:updated:issue') return;
      // The manifest's trigger filters with ignoreSelf: Forge never delivers an event the app's own call caused.
      if (IGNORE_SELF && event.atlassianId === this.jira.config.appAccountId) return;
      if (this.autoDeliver) await this.deliver(event);
      else this.pending.push(event);
    });
    // A Forge validator function gets the transition's status ids only (jira-workflow-validator: "to": { "id": "status id" }).
    this.removeValidator = this.jira.addTransitionValidator(async ({ issue, transition }) => validateResolution({ issue: { key: issue.key }, transition: { from: { id: transition.from.id }, to: { id: transition.to.id } } }, this.ports));
  }

  /** The ports of one trigger invocation: its own Jira client, which hands Jira's waits to Forge instead of sleeping. */
  triggerPorts(): AppPorts & ReturnType<typeof forgePorts> {
    return { ...this.ports, jira: new ForgeJiraClient({ kind: 'trigger' }) };
  }

  /** One delivery as Forge makes it (onIssueEvent): what the handler did, and the InvocationError it returned, if any. */
  async deliverAsForge(event: unknown): Promise<IssueEventAnswer> {
    const answer = await this.host.runAs(undefined, () => answerIssueEvent(event, this.triggerPorts()));
    if (answer.outcome) this.eventOutcomes.push(answer.outcome);
    return answer;
  }

  /** One delivery; a delivery that asks Forge to retry it fails, as the platform counts it. */
  async deliver(event: unknown): Promise<TicketEventOutcome> {
    const answer = await this.deliverAsForge(event);
    if (answer.retry) throw new Error(`the trigger asked to be retried: ${JSON.stringify(answer.retry)}`);
    return answer.outcome!;
  }

  /** A workflow without the app's validator: Jira admins add it to a workflow, and until they do, nothing holds a transition back. */
  withoutWorkflowValidator(): void {
    this.removeValidator();
  }

  /** Events held back while autoDeliver is off, for redelivery and reordering tests. */
  takePending(): JiraEvent[] {
    return this.pending.splice(0);
  }

  /**
   * Stores settings as the admin's save does, with their fields found in the stand-in's field list (read directly, so
   * the setup costs the app no Jira call), unless told not to: then the first ticket event finds them.
   */
  async saveSettings(settings: AppSettings = testSettings(), options: { findFields?: boolean } = {}): Promise<void> {
    const list = async () => (await this.jira.handle({ method: 'GET', path: '/rest/api/3/field' }, asApp())).body as unknown as JiraField[];
    const fields = options.findFields === false ? null : (settings.fields ?? resolveFields(await list(), settings.formFieldNames));
    await new KvsPlanRepository().saveSettings({ ...settings, fields });
  }

  /** A resolver call as the Forge platform makes it: the account from the principal, the ticket from the module context. */
  async invoke<T = unknown>(functionKey: string, payload: unknown, as: { accountId: string; surface?: Surface; ticketKey?: string; projectKey?: string; accountType?: string }): Promise<ResolverAnswer<T>> {
    const surface = as.surface ?? 'jira:issuePanel';
    // A portal request detail panel names the request and its portal; the other panels name the issue and project.
    const extension =
      surface === 'jiraServiceManagement:portalRequestDetailPanel'
        ? { type: surface, ...(as.ticketKey ? { request: { key: as.ticketKey, typeId: '11' } } : {}), portal: { id: '1' } }
        : { type: surface, ...(as.ticketKey ? { issue: { key: as.ticketKey, id: '1', type: 'Service Request', typeId: '10003' } } : {}), project: { key: as.projectKey ?? 'FHSD', id: '10000', type: 'service_desk' } };
    const accountType = as.accountType ?? forgeAccountType(this.jira.store.findUser(as.accountId)?.accountType);
    return this.host.runAs(as.accountId, () =>
      this.resolver({ call: { functionKey, payload }, context: { accountType, extension } }, { principal: { accountId: as.accountId } }),
    ) as Promise<ResolverAnswer<T>>;
  }

  /**
   * A step act as a panel takes it: when the view says the act is signed (Part 11), the person signs it with their
   * signing passphrase (set the first time, as the dialog asks), sending the revision and meaning they were shown.
   */
  async act<T = unknown>(functionKey: 'completeStage' | 'decideStage', payload: { stage: number; outcome?: string; reason?: string }, as: { accountId: string; surface?: Surface; ticketKey?: string; projectKey?: string; accountType?: string }): Promise<ResolverAnswer<T>> {
    const view = await this.invoke<{ revision: number; phases: { stages: { number: number; actions: { type: string; outcome?: string; signatureMeaning?: string }[] }[] }[] }>('getPlanView', {}, as);
    const type = functionKey === 'decideStage' ? 'decide' : 'complete';
    const action = view.ok ? view.data.phases.flatMap((p) => p.stages).find((s) => s.number === payload.stage)?.actions.find((a) => a.type === type && (type !== 'decide' || a.outcome === payload.outcome)) : undefined;
    if (!view.ok || !action?.signatureMeaning) return this.invoke<T>(functionKey, payload, as);
    const passphrase = testPassphraseOf(as.accountId);
    const status = await this.invoke<{ passphraseSet: boolean }>('getSigningStatus', {}, as);
    if (status.ok && !status.data.passphraseSet) await this.invoke('setSigningPassphrase', { passphrase, confirm: passphrase }, as);
    return this.invoke<T>(functionKey, { ...payload, signature: { passphrase, revision: view.data.revision, meaning: action.signatureMeaning } }, as);
  }

  /**
   * IQ documentation as the Environments tab records it: when the environments say a record is signed (Part 11), the
   * person signs it with their passphrase (set the first time), sending the registry revision and meaning they were shown.
   */
  async recordIq<T = unknown>(record: { instance: string; reference: string }, as: { accountId: string; surface?: Surface; ticketKey?: string; projectKey?: string; accountType?: string }): Promise<ResolverAnswer<T>> {
    const shown = await this.invoke<{ name: string; registryRevision: number; iqSignatureMeaning: string | null }[]>('getEnvironments', {}, as);
    const instance = shown.ok ? shown.data.find((i) => i.name === record.instance || i.name === `${record.instance} MAIN`) : undefined;
    if (!instance?.iqSignatureMeaning) return this.invoke<T>('recordIqDocumentation', record, as);
    const passphrase = testPassphraseOf(as.accountId);
    const status = await this.invoke<{ passphraseSet: boolean }>('getSigningStatus', {}, as);
    if (status.ok && !status.data.passphraseSet) await this.invoke('setSigningPassphrase', { passphrase, confirm: passphrase }, as);
    return this.invoke<T>('recordIqDocumentation', { ...record, signature: { passphrase, revision: instance.registryRevision, meaning: instance.iqSignatureMeaning } }, as);
  }

  /** Raises a request in the service desk as a customer would, with the upgrade form's answers. */
  async raise(requestType: string, reporter: JiraUserInput, fields: Record<string, unknown> = {}): Promise<string> {
    const f: Record<string, string> = { ...this.formFieldIds, requestType: REQUEST_TYPE_FIELD, organizations: ORGANIZATIONS_FIELD };
    const type = this.jira.config.requestTypes.find((t) => t.name === requestType);
    const response = await this.jira.handle(
      {
        method: 'POST',
        path: '/rest/api/3/issue',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          fields: {
            project: { key: 'FHSD' },
            issuetype: { id: type?.issueTypeId ?? '10003' },
            summary: `${requestType} from ${reporter.displayName}`,
            [f.requestType]: type ? type.id : requestType,
            [f.organizations]: (reporter.organizationIds ?? []).map((id) => Number(id)),
            ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [f[k] ?? k, v])),
          },
        }),
      },
      asUser(reporter.accountId),
    );
    if (response.status !== 201) throw new Error(`create failed ${response.status}: ${JSON.stringify(response.body)}`);
    await this.jira.whenEventsDelivered();
    return (response.body as { key: string }).key;
  }

  async transition(ticketKey: string, toStatus: string, by: JiraUserInput): Promise<{ status: number; body: unknown }> {
    const list = await this.jira.handle({ method: 'GET', path: `/rest/api/3/issue/${ticketKey}/transitions` }, asUser(by.accountId));
    const transition = (list.body as { transitions: { id: string; to: { name: string }; hasScreen: boolean }[] }).transitions.find((t) => t.to.name === toStatus);
    if (!transition) throw new Error(`no transition to ${toStatus}`);
    // Resolving shows the Resolve screen: the person picks a resolution, as in Jira.
    const fields = this.jira.config.transitionScreens[transition.id]?.some((f) => f.fieldId === 'resolution') ? { fields: { resolution: { name: 'Done' } } } : {};
    const response = await this.jira.handle({ method: 'POST', path: `/rest/api/3/issue/${ticketKey}/transitions`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ transition: { id: transition.id }, ...fields }) }, asUser(by.accountId));
    await this.jira.whenEventsDelivered();
    return { status: response.status, body: response.body };
  }

  async comments(ticketKey: string): Promise<{ text: string; internal: boolean }[]> {
    const response = await this.jira.handle({ method: 'GET', path: `/rest/api/3/issue/${ticketKey}/comment?expand=properties` }, asApp());
    const comments = (response.body as { comments: { body: unknown; properties?: { key: string; value: { internal?: boolean } }[] }[] }).comments;
    return comments.map((c) => ({ text: JSON.stringify(c.body), internal: c.properties?.find((p) => p.key === 'sd.public.comment')?.value.internal === true }));
  }

  async issue(ticketKey: string): Promise<{ fields: Record<string, unknown> }> {
    return (await this.jira.handle({ method: 'GET', path: `/rest/api/3/issue/${ticketKey}?properties=clinspark-plan` }, asApp())).body as { fields: Record<string, unknown> };
  }

  /**
   * The customer's configuration decision (seed stage 5: "The customer must decide"; nothing is decided for them), given
   * from the portal panel's details form of the request: IQVIA's usual approach unless they list configurations to keep.
   */
  async decideConfiguration(ticketKey: string, kind: 'valRequest' | 'prodRequest', by: JiraUserInput = PEOPLE.acmeCustomer!, configuration: { mode: 'synchronise-latest' } | { mode: 'keep-listed'; keep: string[] } = { mode: 'synchronise-latest' }): Promise<void> {
    const answer = await this.invoke('provideDetails', { kind, details: { configuration } }, { accountId: by.accountId, surface: 'jiraServiceManagement:portalRequestDetailPanel', ticketKey });
    if (!answer.ok) throw new Error(`provideDetails: ${answer.error.message}`);
  }

  /** Stage 16 as rule 6 has it: the PM proposes one of the customer's preferred slots, the customer agrees in the portal. */
  async agreeSlot(ticketKey: string, slot: string, customer: JiraUserInput = PEOPLE.acmeCustomer!, pmAccountId = 'acc-pm'): Promise<void> {
    for (const [name, payload, as] of [
      ['proposeStage', { stage: 16, value: slot }, { accountId: pmAccountId, ticketKey }],
      ['agreeStage', { stage: 16 }, { accountId: customer.accountId, surface: 'jiraServiceManagement:portalRequestDetailPanel' as Surface, ticketKey }],
    ] as const) {
      const answer = await this.invoke(name, payload, as);
      if (!answer.ok) throw new Error(`${name}: ${answer.error.message}`);
    }
  }

  /** Stage 6 as the engineer does it: start (the VAL is provisioned), record its IQ documentation, complete (the VAL is ready). */
  async provideVal(ticketKey: string): Promise<void> {
    const engineer = { accountId: 'acc-eng', ticketKey };
    for (const step of [
      () => this.invoke('startStage', { stage: 6 }, engineer),
      () => this.recordIq({ instance: 'VAL', reference: 'IQ-VAL-2511' }, engineer),
      () => this.invoke('completeStage', { stage: 6 }, engineer),
    ]) {
      const answer = await step();
      if (!answer.ok) throw new Error(`stage 6: ${answer.error.message}`);
    }
  }

  close(): void {
    this.host.uninstall();
    this.jira.close();
  }
}
