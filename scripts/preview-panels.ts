/**
 * Dev preview of the Custom UI panels (not a test of the app): serves static/<panel>/build with a stub
 * Forge bridge answering from plans made by the real domain code, and takes screenshots with Chromium.
 *
 *   npm run build && tsx scripts/preview-panels.ts [--serve] [scenario ...]
 *
 * Screenshots go to test-output/preview/<scenario>.png (git-ignored). With --serve it keeps the server
 * running and prints the URLs, to look at a panel in a browser. Needs Debian's chromium (/usr/bin/chromium).
 */
import fs from 'fs';
import { IQ_SIGNATURE_MEANING } from '../src/domain/environments/iqSignature';
import http from 'http';
import path from 'path';
import { chromium, type Page } from 'playwright-core';
import type { AuditEntry } from '../src/domain/audit';
import { environmentsView } from '../src/app/environmentsView';
import { buildPlanView, type PlanView, type Surface } from '../src/app/planView';
import { settingsGuide, type SettingsAnswer } from '../src/app/projectSettings';
import { defaultSettings, type AppSettings } from '../src/app/settings';
import { createRegistry, recordInstanceBackup, recordIqDocumentation, requestEnvironment, transitionInstance, type EnvironmentRegistry, type RegistryChange } from '../src/domain/environments/registry';
import type { AnyPlan } from '../src/domain/kinds';
import { actOnGoLiveStep, createGoLivePlan } from '../src/domain/golive/plan';
import { actOnLifecycleStep, createLifecyclePlan } from '../src/domain/lifecycle/plan';
import { LIFECYCLE_PLAYBOOKS, type LifecyclePlan } from '../src/domain/lifecycle/playbook';
import type { Actor } from '../src/domain/playbook';
import { recordDocument } from '../src/domain/playbooks/documents';
import { recordOnboardingFacts } from '../src/domain/environments/existing';
import { CUSTOMER, ENGINEER, PM, PlanRun, ROLE_MAPPING, throughFinalTest, throughValidation } from '../test/domain/upgrade/fixtures';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'test-output', 'preview');

export type Answer = { ok: true; data: unknown } | { ok: false; error: { rule: string; field: string | null; message: string } };
export interface Fixture {
  panel: 'issue-panel' | 'portal-panel' | 'settings-page' | 'calendar-page';
  /** Where the built app is, when it is not the panel's own build (the floor of scripts/panel-figures.ts). */
  buildDir?: string;
  colorMode: 'light' | 'dark';
  answers: Record<string, Answer>;
  /** What to do on the page before the screenshot. */
  steps?: (page: Page) => Promise<void>;
  fullPage?: boolean;
  width?: number;
  /** The browser's clock, when the plan view was made for another day than today (the time line draws "today"). */
  now?: Date;
  /** How long the stub bridge takes to answer an invoke (default 120 ms, so loading states are seen). */
  delayMs?: number;
  /** Script run in the page before the bundle (after the stub bridge). */
  headScript?: string;
}

/** The directory Jira's answers filled: everyone but IQVIA Support, to show the account id fallback. */
const card = (displayName: string, accountType: 'atlassian' | 'customer' = 'atlassian') => ({ displayName, avatarUrl: null, accountType, refreshedAt: '2026-06-01T09:00:00.000Z' });
const DIRECTORY = { 'acc-pm': card('Priya Menon'), 'acc-engineer': card('Erik Johansson'), 'acc-specialist': card('Lena Fischer'), 'acc-customer': card('Dana Whitfield', 'customer') };
export const settings: AppSettings = { ...defaultSettings(), roles: ROLE_MAPPING, releases: ['24.1', '24.2', '25.1', '25.2'].map((version, i) => ({ version, date: ['2024-02-12', '2024-06-03', '2025-02-17', '2025-06-09'][i]!, notesUrl: `https://docs.clinspark.example/releases/${version}` })), calendar: { workingWeekdays: [1, 2, 3, 4, 5], holidays: ['2026-12-25', '2027-01-01'] }, directory: DIRECTORY };
/** The settings page's answer: the settings and the guide the server sends with them. */
export const settingsAnswer: SettingsAnswer = {
  ...defaultSettings(),
  roles: settings.roles,
  releases: settings.releases,
  calendar: settings.calendar,
  guide: settingsGuide(),
  directory: Object.fromEntries(Object.entries(DIRECTORY).map(([accountId, c]) => [accountId, { accountId, displayName: c.displayName, avatarUrl: null, accountType: c.accountType }])),
  organizations: [{ id: 'org-acme', name: 'Acme Clinical Research' }],
};

/** The customer's environments, made by the real registry code: PROD and VAL (VAL already on 25.2, its IQ document still for 24.1), a Sandbox and a Migration instance. */
export function demoRegistry(withProdBackup: boolean): EnvironmentRegistry {
  const engineer = { accountId: 'acc-engineer', role: 'IQVIA Engineer' };
  const pm = { accountId: 'acc-pm', role: 'IQVIA PM' };
  let registry = createRegistry('org-acme');
  let at = new Date('2026-06-01T09:00:00Z');
  const apply = (change: (r: EnvironmentRegistry, now: Date) => RegistryChange): void => {
    registry = change(registry, at).registry;
    at = new Date(at.getTime() + 86_400_000);
  };
  for (const kind of ['PROD', 'VAL'] as const) {
    apply((r, now) => requestEnvironment(r, { kind, version: '24.1' }, pm, now));
    for (const slot of ['MAIN', 'TEST']) apply((r, now) => transitionInstance(r, { instance: `${kind} ${slot}`, to: 'provisioning' }, engineer, now));
    apply((r, now) => recordIqDocumentation(r, { instance: kind, reference: `IQ-${kind}-2026-0${kind === 'PROD' ? 14 : 15}` }, engineer, now, undefined, { accountId: engineer.accountId, name: 'Erik Engineer', shownRevision: r.revision, meaning: IQ_SIGNATURE_MEANING }));
    for (const slot of ['MAIN', 'TEST']) apply((r, now) => transitionInstance(r, { instance: `${kind} ${slot}`, to: 'active' }, engineer, now));
  }
  for (const slot of ['MAIN', 'TEST']) {
    apply((r, now) => transitionInstance(r, { instance: `VAL ${slot}`, to: 'upgrading', version: '25.2' }, engineer, now));
    apply((r, now) => transitionInstance(r, { instance: `VAL ${slot}`, to: 'active' }, engineer, now));
  }
  // A Sandbox is created once the contract is signed, a Migration instance once the source database is migrated (seed 001).
  apply((r, now) => recordOnboardingFacts(r, { contractSignedOn: '2026-05-15', sourceDatabaseMigrated: true }, engineer, now)!);
  apply((r, now) => requestEnvironment(r, { kind: 'Sandbox', version: '24.1', origin: { from: 'empty' } }, pm, now));
  apply((r, now) => transitionInstance(r, { instance: 'Sandbox MAIN', to: 'provisioning' }, engineer, now));
  apply((r, now) => requestEnvironment(r, { kind: 'Migration', version: '24.1' }, pm, now));
  if (withProdBackup) apply((r, now) => recordInstanceBackup(r, { instance: 'PROD MAIN', version: '24.1', reference: 'snap://prod-main/2027-02-28' }, engineer, now));
  return registry;
}

export function view(run: PlanRun, accountId: string, surface: Surface, now: Date, registry: EnvironmentRegistry = demoRegistry(false)): PlanView {
  return { ...buildPlanView(run.plan, { accountId, accountType: surface === 'portal' ? 'customer' : 'licensed', ticketKey: 'FHSD-1', projectKey: 'FHSD', surface }, settings, now), environments: environmentsView(registry, surface) };
}

/** A plan of another kind than the upgrade, as a panel gets it. */
export function viewOfPlan(plan: AnyPlan, accountId: string, surface: Surface, now: Date, registry: EnvironmentRegistry = demoRegistry(false)): PlanView {
  return { ...buildPlanView(plan, { accountId, accountType: surface === 'portal' ? 'customer' : 'licensed', ticketKey: 'FHSD-2', projectKey: 'FHSD', surface }, settings, now), environments: environmentsView(registry, surface) };
}

const KIND_NOW = new Date('2027-02-10T10:00:00Z');
const at = (days: number): Date => new Date(KIND_NOW.getTime() - days * 86_400_000);

/** The PROD go-live at 25.1: source dump, configuration and migration done, PROD MAIN being populated (step 4). */
function goLivePartWay() {
  let plan = createGoLivePlan({ planId: 'golive-1', organizationId: 'org-acme', reporterAccountId: CUSTOMER.accountId, ticketKey: 'FHSD-2', version: '25.1' }, ROLE_MAPPING, undefined, at(6)).plan;
  const act = (action: Parameters<typeof actOnGoLiveStep>[1], actor: Actor, when: Date): void => void (plan = actOnGoLiveStep(plan, action, actor, when).plan);
  act({ type: 'complete', step: 1 }, CUSTOMER, at(5));
  act({ type: 'complete', step: 2 }, ENGINEER, at(4));
  act({ type: 'complete', step: 3 }, ENGINEER, at(2));
  act({ type: 'start', step: 4 }, ENGINEER, at(1));
  return plan;
}

/** The implementation lifecycle, scenario A: its definition documents recorded, step 1 done, the contract and step 2 done; `uat` carries it to the UAT. */
function lifecycleAt(stage: 'readiness' | 'uat'): LifecyclePlan {
  let plan = createLifecyclePlan({ planId: 'implementation-1', organizationId: 'org-acme', reporterAccountId: CUSTOMER.accountId, ticketKey: 'FHSD-2', scenario: 'A', vendorName: 'IQVIA' }, ROLE_MAPPING, undefined, at(9)).plan;
  const record = (phase: string, document: string, actor: Actor, when: Date, input: { reference?: string; sentOverSecureChannel?: true }): void =>
    void (plan = recordDocument(LIFECYCLE_PLAYBOOKS.A, plan, { phase, document, ...input }, actor, when).plan);
  const act = (action: Parameters<typeof actOnLifecycleStep>[1], actor: Actor, when: Date): void => void (plan = actOnLifecycleStep(plan, action, actor, when).plan);
  record('definition', 'deployment-specifications', ENGINEER, at(8), { reference: 'DSD-ACME-2027-01 v1.0' });
  record('definition', 'support-service-definition', PM, at(8), { reference: 'SSD-ACME-2027-01 (Gold tier)' });
  record('definition', 'uat-definition', CUSTOMER, at(7), { reference: 'https://docs.acme.example/qa/uat-2027.pdf' });
  act({ type: 'complete', step: 1 }, PM, at(7));
  record('contractualization', 'contract', PM, at(5), { reference: 'CTR-ACME-2027-004' });
  act({ type: 'complete', step: 2 }, PM, at(5));
  if (stage === 'uat') {
    record('readiness', 'iam-permissions', CUSTOMER, at(4), { sentOverSecureChannel: true });
    act({ type: 'complete', step: 3 }, CUSTOMER, at(4));
    record('deployment', 'installation-log', ENGINEER, at(2), { reference: 'INSTALL-ACME-001' });
    act({ type: 'complete', step: 4 }, ENGINEER, at(2));
  }
  return plan;
}

function scenarios(): Record<string, Fixture> {
  const mid = new PlanRun();
  mid.complete(1);
  mid.act({ type: 'skip', step: 3, reason: 'The customer was told about reports and dashboards in the kick-off call on 20 November.' }, PM);
  mid.completeAll([4, 6]);
  const midNow = new Date('2027-02-15T10:00:00Z');
  const decision = throughFinalTest();
  const decisionNow = new Date('2027-03-01T12:00:00Z');
  const history: AuditEntry[] = [...decision.audit];
  const ok = (data: unknown): Answer => ({ ok: true, data });
  const refusal: Answer = { ok: false, error: { rule: 'stageOrder', field: 'step', message: 'stage 7 cannot close the VAL request ticket while FHSD-1 is still waiting for the customer' } };
  const noPlan: Answer = { ok: false, error: { rule: 'planExists', field: 'issue', message: 'FHSD-99 belongs to no upgrade plan' } };
  const agentMid = view(mid, PM.accountId, 'agent', midNow);
  const portalDecision = view(decision, CUSTOMER.accountId, 'portal', decisionNow);
  return {
    'issue-light': { now: midNow, panel: 'issue-panel', colorMode: 'light', answers: { getPlanView: ok(agentMid), getHistory: ok(mid.audit) }, fullPage: true },
    'issue-dark': { now: midNow, panel: 'issue-panel', colorMode: 'dark', answers: { getPlanView: ok(agentMid), getHistory: ok(mid.audit) }, fullPage: true },
    'issue-notes-and-refusal': {
      now: midNow,
      panel: 'issue-panel',
      colorMode: 'light',
      answers: { getPlanView: ok(agentMid), completeStage: refusal, startStage: refusal },
      steps: async (page) => {
        await page.getByRole('button', { name: 'Show notes' }).first().click();
        await page.getByRole('group', { name: 'Actions on stage 7' }).getByRole('button', { name: 'Complete' }).click();
        await page.waitForTimeout(800);
      },
    },
    'issue-reason-dialog': {
      now: midNow,
      panel: 'issue-panel',
      colorMode: 'light',
      answers: { getPlanView: ok(agentMid) },
      steps: async (page) => {
        await page.getByRole('group', { name: 'Actions on stage 7' }).getByRole('button', { name: 'Block' }).click();
        await page.getByRole('button', { name: 'Block stage' }).click();
        await page.waitForTimeout(400);
      },
    },
    'issue-history': {
      now: decisionNow,
      panel: 'issue-panel',
      colorMode: 'light',
      answers: { getPlanView: ok(view(decision, PM.accountId, 'agent', decisionNow)), getHistory: ok(history) },
      steps: async (page) => {
        await page.getByRole('tab', { name: 'History' }).click();
        await page.getByText('Export CSV').waitFor();
      },
      fullPage: true,
    },
    'issue-backup-dialog': {
      now: decisionNow,
      panel: 'issue-panel',
      colorMode: 'light',
      answers: { getPlanView: ok(view(throughValidationToBackup(), 'acc-engineer', 'agent', decisionNow)), recordBackup: { ok: false, error: { rule: 'versionFormat', field: 'version', message: 'version "24.x" is not a ClinSpark version' } } },
      steps: async (page) => {
        await page.getByRole('button', { name: 'Record backup' }).click();
        await page.getByLabel('Version in the backup').fill('24.x');
        await page.getByLabel('Backup reference').fill('snap-prod-main-2027-03-01');
        await page.getByRole('button', { name: 'Record backup' }).last().click();
        await page.waitForTimeout(500);
      },
    },
    'issue-keyboard': {
      now: midNow,
      panel: 'issue-panel',
      colorMode: 'light',
      answers: { getPlanView: ok(agentMid), blockStage: ok(agentMid) },
      steps: async (page) => {
        const active = "(() => { const a = document.activeElement; const g = a && a.closest('[role=group]'); return (g ? g.getAttribute('aria-label') + ' / ' : '') + (a ? (a.textContent || a.tagName) : ''); })()";
        let tabs = 0;
        while (tabs < 120 && (await page.evaluate(active)) !== 'Actions on stage 7 / Block') {
          await page.keyboard.press('Tab');
          tabs += 1;
        }
        console.log(`  keyboard: reached stage 7's Block button after ${tabs} Tab presses`);
        await page.keyboard.press('Enter');
        await page.getByRole('dialog').waitFor();
        console.log(`  keyboard: dialog open, focus in ${await page.evaluate("document.activeElement.tagName + (document.activeElement.closest('[role=dialog]') ? ' inside the dialog' : ' OUTSIDE the dialog')")}`);
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
        await page.waitForTimeout(300);
        console.log(`  keyboard: after Escape, focus is on: ${await page.evaluate(active)}`);
        await page.keyboard.press('Enter');
        await page.getByRole('dialog').waitFor();
        await page.keyboard.type('VAL login fails for two users; IQVIA Support ticket FHSD-31.');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        console.log(`  keyboard: after typing and two Tabs, focus is on: ${await page.evaluate(active)}`);
        await page.keyboard.press('Enter');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
        console.log(`  keyboard: invoke calls: ${await page.evaluate("JSON.stringify(window.__calls.filter(c => c.name === 'invoke').map(c => [c.payload.functionKey, c.payload.payload]))")}`);
        await page.waitForTimeout(600);
        console.log(`  keyboard: after the server answered, focus is on: ${await page.evaluate(active)}`);
      },
    },
    'issue-timeline': {
      now: midNow,
      panel: 'issue-panel',
      colorMode: 'light',
      answers: { getPlanView: ok(agentMid) },
      steps: async (page) => {
        await page.getByRole('tab', { name: 'Timeline' }).click();
        await page.locator('.cs-tl-svg').waitFor();
      },
      fullPage: true,
    },
    'issue-timeline-slot': {
      now: decisionNow,
      panel: 'issue-panel',
      colorMode: 'dark',
      answers: { getPlanView: ok(view(decision, PM.accountId, 'agent', decisionNow)) },
      steps: async (page) => {
        await page.getByRole('tab', { name: 'Timeline' }).click();
        await page.locator('.cs-tl-svg').waitFor();
      },
      fullPage: true,
    },
    'issue-environments': {
      now: decisionNow,
      panel: 'issue-panel',
      colorMode: 'light',
      answers: { getPlanView: ok(view(decision, ENGINEER.accountId, 'agent', decisionNow, demoRegistry(true))) },
      steps: async (page) => {
        await page.getByRole('tab', { name: /Environments/ }).click();
        await page.getByRole('heading', { name: 'PROD' }).waitFor();
      },
      fullPage: true,
    },
    'issue-iq-refused': {
      now: decisionNow,
      panel: 'issue-panel',
      colorMode: 'light',
      answers: {
        getPlanView: ok(view(decision, ENGINEER.accountId, 'agent', decisionNow, demoRegistry(true))),
        recordIqDocumentation: { ok: false, error: { rule: 'stageOwnership', field: 'actor', message: 'only IQVIA Engineer / IQVIA PM may record IQ documentation' } },
      },
      steps: async (page) => {
        await page.getByRole('tab', { name: /Environments/ }).click();
        await page.getByRole('button', { name: 'Record IQ documentation' }).nth(1).click();
        await page.getByRole('dialog').waitFor();
        await page.getByLabel('IQ document reference').fill('IQ-VAL-2027-002');
        await page.getByRole('dialog').getByRole('button', { name: 'Record IQ documentation' }).click();
        await page.getByText('The IQ documentation was not recorded').first().waitFor();
        await page.waitForTimeout(300);
      },
    },
    'settings-people': {
      panel: 'settings-page',
      colorMode: 'light',
      answers: { getSettings: ok(settingsAnswer) },
      steps: async (page) => {
        await page.getByRole('heading', { name: 'People in each role', exact: true }).scrollIntoViewIfNeeded();
        await page.waitForTimeout(300);
      },
    },
    'issue-narrow': { now: midNow, panel: 'issue-panel', colorMode: 'light', answers: { getPlanView: ok(agentMid) }, width: 600 },
    'portal-narrow': { now: midNow, panel: 'portal-panel', colorMode: 'light', answers: { getPlanView: ok(view(mid, CUSTOMER.accountId, 'portal', midNow)) }, width: 480 },
    'issue-slot-dialog': {
      now: new Date('2027-01-10T10:00:00Z'),
      panel: 'issue-panel',
      colorMode: 'light',
      answers: { getPlanView: ok(view(readyForSlot(), PM.accountId, 'agent', new Date('2027-01-10T10:00:00Z'))) },
      steps: async (page) => {
        await page.getByRole('group', { name: 'Actions on stage 16' }).getByRole('button', { name: 'Complete' }).click();
        await page.getByRole('dialog').waitFor();
        await page.waitForTimeout(400);
      },
    },
    'portal-details-dialog': {
      now: new Date('2027-01-10T10:00:00Z'),
      panel: 'portal-panel',
      colorMode: 'light',
      answers: { getPlanView: ok(view(prodRequestMissingSlots(), CUSTOMER.accountId, 'portal', new Date('2027-01-10T10:00:00Z'))) },
      steps: async (page) => {
        await page.getByRole('button', { name: 'Provide the missing details' }).click();
        await page.getByRole('dialog').waitFor();
        await page.waitForTimeout(400);
      },
    },
    'issue-no-plan': { panel: 'issue-panel', colorMode: 'light', answers: { getPlanView: noPlan } },
    'portal-light': { now: midNow, panel: 'portal-panel', colorMode: 'light', answers: { getPlanView: ok(view(mid, CUSTOMER.accountId, 'portal', midNow)) }, fullPage: true },
    'portal-decision': {
      now: decisionNow,
      panel: 'portal-panel',
      colorMode: 'light',
      answers: { getPlanView: ok(portalDecision) },
      steps: async (page) => {
        await page.getByRole('button', { name: /Go \/ No-Go/ }).first().click();
        await page.getByRole('radio', { name: /^No-Go/ }).check();
        await page.waitForTimeout(400);
      },
    },
    'portal-dark': { now: decisionNow, panel: 'portal-panel', colorMode: 'dark', answers: { getPlanView: ok(portalDecision) }, fullPage: true },
    'settings-light': { panel: 'settings-page', colorMode: 'light', answers: { getSettings: ok(settingsAnswer), saveSettings: { ok: false, error: { rule: 'settingsValid', field: 'releases.1', message: 'releases.1: a ClinSpark version such as 25.1' } } }, fullPage: true },
    'settings-refused': {
      panel: 'settings-page',
      colorMode: 'light',
      answers: { getSettings: ok(settingsAnswer), saveSettings: { ok: false, error: { rule: 'settingsValid', field: 'calendar.holidays.1', message: 'calendar.holidays.1: a date as yyyy-MM-dd' } } },
      steps: async (page) => {
        await page.getByRole('button', { name: 'Save settings' }).click();
        await page.waitForTimeout(600);
      },
      fullPage: true,
    },
    'settings-dark': { panel: 'settings-page', colorMode: 'dark', answers: { getSettings: ok(settingsAnswer) }, fullPage: true },
    'issue-golive': { now: KIND_NOW, panel: 'issue-panel', colorMode: 'light', answers: { getPlanView: ok(viewOfPlan(goLivePartWay(), ENGINEER.accountId, 'agent', KIND_NOW)) }, fullPage: true },
    'issue-golive-iq-refused': {
      now: KIND_NOW,
      panel: 'issue-panel',
      colorMode: 'light',
      answers: {
        getPlanView: ok(viewOfPlan(goLivePartWay(), ENGINEER.accountId, 'agent', KIND_NOW)),
        recordIqDocumentation: { ok: false, error: { rule: 'documentOrder', field: 'document', message: 'Formal IQ documentation is recorded once stage 4 is finished' } },
      },
      steps: async (page) => {
        await page.getByRole('tab', { name: /^Documents/ }).click();
        await page.getByRole('button', { name: 'Record: Formal IQ documentation' }).click();
        await page.getByLabel('Document reference').fill('IQ-PROD-2027-003');
        await page.getByRole('button', { name: 'Record document' }).click();
        await page.getByText('The document was not recorded').waitFor();
        await page.waitForTimeout(300);
      },
    },
    'issue-lifecycle-documents': {
      now: KIND_NOW,
      panel: 'issue-panel',
      colorMode: 'light',
      answers: { getPlanView: ok(viewOfPlan(lifecycleAt('readiness'), PM.accountId, 'agent', KIND_NOW)) },
      steps: async (page) => {
        await page.getByRole('tab', { name: /^Documents/ }).click();
        await page.locator('tr[data-document]').first().waitFor();
      },
      fullPage: true,
    },
    'issue-lifecycle-dark': {
      now: KIND_NOW,
      panel: 'issue-panel',
      colorMode: 'dark',
      answers: { getPlanView: ok(viewOfPlan(lifecycleAt('readiness'), PM.accountId, 'agent', KIND_NOW)) },
      steps: async (page) => {
        await page.getByRole('tab', { name: /^Documents/ }).click();
        await page.locator('tr[data-document]').first().waitFor();
      },
      fullPage: true,
    },
    'portal-lifecycle': { now: KIND_NOW, panel: 'portal-panel', colorMode: 'light', answers: { getPlanView: ok(viewOfPlan(lifecycleAt('readiness'), CUSTOMER.accountId, 'portal', KIND_NOW)) }, fullPage: true },
    'portal-credentials-dialog': {
      now: KIND_NOW,
      panel: 'portal-panel',
      colorMode: 'light',
      answers: { getPlanView: ok(viewOfPlan(lifecycleAt('readiness'), CUSTOMER.accountId, 'portal', KIND_NOW)) },
      steps: async (page) => {
        await page.getByRole('button', { name: /^I sent it securely/ }).click();
        await page.getByRole('button', { name: 'Record as sent' }).click();
        await page.getByText(/Confirm that you sent them/).waitFor();
        await page.waitForTimeout(300);
      },
    },
    'portal-uat-decision': {
      now: KIND_NOW,
      panel: 'portal-panel',
      colorMode: 'light',
      answers: { getPlanView: ok(viewOfPlan(lifecycleAt('uat'), CUSTOMER.accountId, 'portal', KIND_NOW)) },
      steps: async (page) => {
        await page.getByRole('button', { name: 'Give the Pass / Fail decision' }).click();
        await page.getByRole('radio', { name: /^Conformity = Fail/ }).check();
        await page.waitForTimeout(400);
      },
    },
    'settings-no-admin': { panel: 'settings-page', colorMode: 'light', answers: { getSettings: { ok: false, error: { rule: 'projectAdmin', field: 'account', message: 'only an administrator of project FHSD may read or change its settings' } } } },
  };
}

function readyForSlot(): PlanRun {
  const run = throughValidation();
  run.attach('FHSD-13', 'prodRequest', { targetVersion: '25.2', instances: ['PROD MAIN', 'PROD TEST'], configuration: { mode: 'synchronise-latest' }, preferredSlots: ['2027-03-01T08:00:00.000Z', '2027-04-05T08:00:00.000Z'] });
  run.completeAll([14, 15]);
  return run;
}

function prodRequestMissingSlots(): PlanRun {
  const run = throughValidation();
  run.attach('FHSD-13', 'prodRequest', { targetVersion: '25.2', instances: ['PROD MAIN', 'PROD TEST'] });
  return run;
}

function throughValidationToBackup(): PlanRun {
  const run = throughValidation();
  run.attach('FHSD-13', 'prodRequest', { targetVersion: '25.2', instances: ['PROD MAIN', 'PROD TEST'], configuration: { mode: 'synchronise-latest' }, preferredSlots: ['2027-03-01T08:00:00.000Z'] });
  run.completeAll([14, 15]);
  run.confirmSlot('2027-03-01T08:00:00.000Z');
  run.completeAll([17, 18, 19]);
  run.backup('PROD MAIN');
  return run;
}

/** The stub Forge host: getContext, theming and invoke answered from the scenario's fixture; calls are recorded on window.__calls, the first answer of each resolver's time on window.__answeredAt. */
export function stubScript(fixture: Fixture): string {
  const data = JSON.stringify({ colorMode: fixture.colorMode, answers: fixture.answers, delay: fixture.delayMs ?? 120 }).replace(/</g, '\\u003c');
  return `<script>
(function () {
  var data = ${data};
  window.__calls = [];
  globalThis.__bridge = {
    callBridge: function (name, payload) {
      window.__calls.push({ name: name, payload: payload });
      if (name === 'enableTheming') { document.documentElement.setAttribute('data-color-mode', data.colorMode); return Promise.resolve(); }
      if (name === 'getContext') return Promise.resolve({ accountId: 'preview', theme: { colorMode: data.colorMode }, extension: { type: 'jira:issuePanel', issue: { key: 'FHSD-1' }, project: { key: 'FHSD' } } });
      if (name === 'invoke') {
        var answer = data.answers[payload.functionKey] || { ok: false, error: { rule: 'internal', field: null, message: 'the preview has no answer for ' + payload.functionKey } };
        return new Promise(function (resolve) { setTimeout(function () { window.__answeredAt = window.__answeredAt || {}; if (window.__answeredAt[payload.functionKey] === undefined) window.__answeredAt[payload.functionKey] = performance.now(); resolve(JSON.parse(JSON.stringify(answer))); }, data.delay); });
      }
      return Promise.resolve(undefined);
    }
  };
})();
</script>${fixture.headScript ? `\n<script>${fixture.headScript}</script>` : ''}`;
}

export function serve(fixtures: Record<string, Fixture>): Promise<http.Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    const [, scenario, ...rest] = url.pathname.split('/');
    const fixture = scenario ? fixtures[scenario] : undefined;
    if (!fixture) return void res.writeHead(404).end('unknown scenario');
    const buildDir = fixture.buildDir ?? path.join(ROOT, 'static', fixture.panel, 'build');
    const file = path.join(buildDir, rest.join('/') || 'index.html');
    if (!file.startsWith(buildDir) || !fs.existsSync(file)) return void res.writeHead(404).end('not found');
    let body: Buffer | string = fs.readFileSync(file);
    if (file.endsWith('index.html')) body = body.toString('utf8').replace('<script type="module"', `${stubScript(fixture)}\n<script type="module"`);
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main(argv: string[]): Promise<void> {
  const all = scenarios();
  const keep = argv.includes('--serve');
  const asked = argv.filter((a) => !a.startsWith('--'));
  const names = asked.length > 0 ? asked : Object.keys(all);
  const server = await serve(all);
  const port = (server.address() as { port: number }).port;
  if (keep) {
    for (const name of names) console.log(`${name}: http://127.0.0.1:${port}/${name}/`);
    return;
  }
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    for (const name of names) {
      const fixture = all[name];
      if (!fixture) throw new Error(`unknown scenario ${name}; known: ${Object.keys(all).join(', ')}`);
      const page = await browser.newPage({ viewport: { width: fixture.width ?? 900, height: 900 }, colorScheme: fixture.colorMode });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      if (fixture.now) await page.clock.setFixedTime(fixture.now);
      await page.goto(`http://127.0.0.1:${port}/${name}/`);
      await page.waitForFunction("!document.querySelector('.cs-loading') && document.getElementById('root').childElementCount > 0", undefined, { timeout: 15000 });
      await page.waitForTimeout(300);
      if (fixture.steps) await fixture.steps(page);
      const file = path.join(OUT, `${name}.png`);
      await page.screenshot({ path: file, fullPage: fixture.fullPage ?? false });
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const violations = (await page.evaluate("axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa'] }).then(r => ['checks passed: ' + r.passes.length].concat(r.violations.map(v => v.impact + ' ' + v.id + ' x' + v.nodes.length + ': ' + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', '))))")) as string[];
      console.log(`${name}: ${path.relative(ROOT, file)}${errors.length ? `  (page errors: ${errors.join(' | ')})` : ''}`);
      for (const v of violations) console.log(`  axe: ${v}`);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
