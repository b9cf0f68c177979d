import { DEMO_SIGNING_PASSPHRASES, PEOPLE, type DemoPerson, type PersonKey } from './cast';
import type { Answer, DemoDriver, PanelSurface } from './driver';
import type { Timeline } from './timeline';

const HOUR_MS = 60 * 60 * 1000;

/** A story's steps, each one thing a person does; a refused resolver call stops the seeding (the demo must be genuine). */
class Story {
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly driver: DemoDriver,
    private readonly timeline: Timeline,
    private readonly name: string,
  ) {}

  key(ticket: string): string {
    const key = this.keys.get(ticket);
    if (!key) throw new Error(`${this.name}: ticket "${ticket}" was not raised yet`);
    return key;
  }

  raise(at: Date, ticket: string, person: DemoPerson, form: Parameters<DemoDriver['raise']>[1]): void {
    this.timeline.add(at, `${this.name}: ${person.displayName} raises "${form.summary}"`, async () => {
      this.keys.set(ticket, await this.driver.raise(person, form));
    });
  }

  /** A resolver call from a panel; a payload naming a ticket raised earlier in the story is made when the step runs. */
  act(at: Date, person: DemoPerson, ticket: string, functionKey: string, payload: Record<string, unknown> | (() => Record<string, unknown>) = {}, surface: PanelSurface = person.accountType === 'customer' ? 'portal' : 'issue'): void {
    this.timeline.add(at, `${this.name}: ${person.displayName} ${functionKey} ${typeof payload === 'function' ? '' : JSON.stringify(payload)}`, async () => {
      const answer: Answer = await this.driver.invoke(person, surface, this.key(ticket), functionKey, typeof payload === 'function' ? payload() : payload);
      if (!answer.ok) throw new Error(`${functionKey} refused: ${answer.error.rule}: ${answer.error.message}`);
    });
  }

  /**
   * A signed act as the panel's signing dialog takes it (Part 11): the person reads the plan (its revision, the act's
   * meaning) and signs with their passphrase; the resolver checks both and binds the signature to the record.
   */
  sign(at: Date, person: DemoPerson, ticket: string, functionKey: 'completeStage' | 'decideStage', payload: { stage: number; outcome?: string; reason?: string }): void {
    const surface: PanelSurface = person.accountType === 'customer' ? 'portal' : 'issue';
    this.timeline.add(at, `${this.name}: ${person.displayName} signs ${functionKey} ${JSON.stringify(payload)}`, async () => {
      const view = await this.driver.invoke(person, surface, this.key(ticket), 'getPlanView');
      if (!view.ok) throw new Error(`getPlanView refused: ${view.error.message}`);
      const plan = view.data as { revision: number; phases: { stages: { number: number; actions: { type: string; outcome?: string; signatureMeaning?: string }[] }[] }[] };
      const type = functionKey === 'decideStage' ? 'decide' : 'complete';
      const meaning = plan.phases.flatMap((p) => p.stages).find((st) => st.number === payload.stage)?.actions.find((a) => a.type === type && (type !== 'decide' || a.outcome === payload.outcome))?.signatureMeaning;
      if (!meaning) throw new Error(`${functionKey} ${payload.stage} is not offered to ${person.displayName} as a signed act`);
      const answer = await this.driver.invoke(person, surface, this.key(ticket), functionKey, { ...payload, signature: { passphrase: passphraseOf(person), revision: plan.revision, meaning } });
      if (!answer.ok) throw new Error(`${functionKey} refused: ${answer.error.rule}: ${answer.error.message}`);
    });
  }

  /**
   * IQ documentation as the Environments tab records it, signed (Part 11): the engineer reads the environments (the
   * registry revision, the record's meaning) and signs with their passphrase.
   */
  recordIq(at: Date, person: DemoPerson, ticket: string, record: { instance: string; reference: string }): void {
    this.timeline.add(at, `${this.name}: ${person.displayName} signs the IQ documentation ${JSON.stringify(record)}`, async () => {
      const shown = await this.driver.invoke(person, 'issue', this.key(ticket), 'getEnvironments');
      if (!shown.ok) throw new Error(`getEnvironments refused: ${shown.error.message}`);
      const instance = (shown.data as { name: string; registryRevision: number; iqSignatureMeaning: string | null }[]).find((i) => i.name === record.instance || i.name === `${record.instance} MAIN`);
      if (!instance?.iqSignatureMeaning) throw new Error(`the IQ documentation of ${record.instance} is not offered to ${person.displayName} as a signed record`);
      const answer = await this.driver.invoke(person, 'issue', this.key(ticket), 'recordIqDocumentation', { ...record, signature: { passphrase: passphraseOf(person), revision: instance.registryRevision, meaning: instance.iqSignatureMeaning } });
      if (!answer.ok) throw new Error(`recordIqDocumentation refused: ${answer.error.rule}: ${answer.error.message}`);
    });
  }

  /** The person sets their signing passphrase once, from the panel of one of their tickets (Part 11 §11.200: the second component). */
  setPassphrase(at: Date, person: DemoPerson, ticket: string): void {
    const passphrase = passphraseOf(person);
    this.act(at, person, ticket, 'setSigningPassphrase', { passphrase, confirm: passphrase });
  }

  complete(at: Date, person: DemoPerson, ticket: string, ...stages: number[]): void {
    stages.forEach((stage, i) => this.act(new Date(at.getTime() + i * 7 * 60_000), person, ticket, 'completeStage', { stage }));
  }

  comment(at: Date, person: DemoPerson, ticket: string, text: string, internal = false): void {
    this.timeline.add(at, `${this.name}: ${person.displayName} comments on ${ticket}`, () => this.driver.comment(person, this.key(ticket), text, internal));
  }

  transition(at: Date, person: DemoPerson, ticket: string, toStatus: string): void {
    this.timeline.add(at, `${this.name}: ${person.displayName} moves ${ticket} to ${toStatus}`, () => this.driver.transition(person, this.key(ticket), toStatus));
  }
}

function passphraseOf(person: DemoPerson): string {
  const passphrase = DEMO_SIGNING_PASSPHRASES[person.key as PersonKey];
  if (!passphrase) throw new Error(`${person.displayName} has no demo signing passphrase`);
  return passphrase;
}

/** A working day of the demo's calendar (Monday to Friday) at least `days` after `now`, as yyyy-MM-dd. */
function workingDayAfter(now: Date, days: number): string {
  const day = new Date(now.getTime() + days * 24 * HOUR_MS);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/**
 * The Day of Upgrade is today: the slot started at the last full hour at least 90 minutes ago; on a weekend, the Friday
 * before at that hour, since a slot falls on a working day of the project's (standard) calendar (slotOnWorkingDays).
 */
export function slotOf(now: Date): Date {
  const slot = new Date(now.getTime() - 90 * 60_000);
  slot.setUTCMinutes(0, 0, 0);
  while (slot.getUTCDay() === 0 || slot.getUTCDay() === 6) slot.setUTCDate(slot.getUTCDate() - 1);
  return slot;
}

/**
 * Acme Clinical Research (VAL pair at 24.2) upgrades to 25.1: VAL request ten weeks ago, a validation issue raised,
 * addressed by Support and resolved, the PROD request, the slot proposed by the PM three weeks ago for today and agreed
 * by Carla in the portal; the backups are taken and PROD MAIN is
 * being upgraded right now (stage 21 in progress).
 */
function acmeOnTheDayOfUpgrade(driver: DemoDriver, t: Timeline): void {
  const s = new Story(driver, t, 'Acme');
  const { carla, victor, pm, engineer, support, specialist } = PEOPLE;
  const slot = slotOf(t.now);
  const nextWeek = new Date(slot.getTime() + 7 * 24 * HOUR_MS);
  s.raise(t.daysAgo(70, '14:12'), 'val', carla, {
    requestType: 'VAL environment request',
    summary: 'VAL at 25.1 for our upgrade',
    description: 'We plan to move PROD from 24.2 to 25.1 this quarter. Please provide VAL at 25.1 for our validation.',
    targetVersion: '25.1',
    currentVersion: '24.2',
    instances: ['VAL'],
    keepConfigurations: ['Dosing schedule dashboard', 'Lab results export (CSV)'],
  });
  s.complete(t.daysAgo(70, '15:30'), carla, 'val', 1);
  s.complete(t.daysAgo(69, '09:40'), pm, 'val', 3, 4);
  s.act(t.daysAgo(66, '08:15'), engineer, 'val', 'startStage', { stage: 6 });
  // IQ documentation is Erik's signed record (Part 11): he sets his signing passphrase first.
  s.setPassphrase(t.daysAgo(64, '16:10'), engineer, 'val');
  s.recordIq(t.daysAgo(64, '16:20'), engineer, 'val', { instance: 'VAL', reference: 'IQ-ACME-VAL-25.1' });
  s.complete(t.daysAgo(64, '16:45'), engineer, 'val', 6);
  s.comment(t.daysAgo(63, '10:05'), carla, 'val', 'We can log in to VAL MAIN and VAL TEST. Thank you!');
  s.complete(t.daysAgo(63, '11:00'), pm, 'val', 7);
  s.complete(t.daysAgo(62, '13:00'), victor, 'val', 8);
  s.act(t.daysAgo(61, '09:00'), victor, 'val', 'startStage', { stage: 9 });
  s.raise(t.daysAgo(52, '10:30'), 'issue', victor, { requestType: 'Validation issue', summary: 'Dosing schedule dashboard shows times in UTC after the upgrade', description: 'On VAL 25.1 the dosing schedule dashboard shows UTC instead of site time.', targetVersion: '25.1' });
  s.complete(t.daysAgo(52, '10:45'), victor, 'val', 10);
  s.comment(t.daysAgo(51, '14:00'), support, 'issue', 'Reproduced on VAL MAIN: the dashboard kept its 24.2 time zone setting. Fix: set "Display time zone" to "Site" in the dashboard configuration.', true);
  s.comment(t.daysAgo(51, '14:10'), support, 'issue', 'Please set "Display time zone" to "Site" in the dashboard configuration; the times then follow each site again.');
  s.transition(t.daysAgo(49, '09:00'), support, 'issue', 'Resolved');
  s.complete(t.daysAgo(45, '17:00'), victor, 'val', 9);
  // Sofia handled the validation ticket: recording it addressed, with the ticket resolved, completes stage 11.
  s.act(t.daysAgo(44, '10:00'), support, 'val', 'addressPart', () => ({ stage: 11, part: s.key('issue'), note: 'Display time zone set to "Site"; confirmed on VAL MAIN.' }));
  // Validation complete is Carla's signed act (Part 11): her account and her signing passphrase, set in the portal first.
  s.setPassphrase(t.daysAgo(40, '16:20'), carla, 'val');
  s.sign(t.daysAgo(40, '16:30'), carla, 'val', 'completeStage', { stage: 12 });
  s.raise(t.daysAgo(30, '09:20'), 'prod', carla, {
    requestType: 'PROD upgrade request',
    summary: 'Upgrade PROD MAIN and TEST to 25.1',
    targetVersion: '25.1',
    currentVersion: '24.2',
    instances: ['PROD MAIN', 'PROD TEST'],
    keepConfigurations: ['Dosing schedule dashboard', 'Lab results export (CSV)'],
    preferredSlots: [slot.toISOString(), nextWeek.toISOString()],
  });
  s.complete(t.daysAgo(28, '11:00'), specialist, 'prod', 14);
  s.complete(t.daysAgo(27, '15:00'), engineer, 'prod', 15);
  // Stage 16 (rule 6): Priya proposes the first of Carla's preferred slots; Carla agrees in the portal that afternoon.
  s.act(t.daysAgo(21, '10:00'), pm, 'prod', 'proposeStage', { stage: 16, value: slot.toISOString() });
  s.act(t.daysAgo(21, '15:20'), carla, 'prod', 'agreeStage', { stage: 16 });
  const on = (minutes: number) => new Date(slot.getTime() + minutes * 60_000);
  s.complete(on(-45), carla, 'prod', 17, 18);
  s.complete(on(-10), carla, 'prod', 19);
  s.act(on(5), engineer, 'prod', 'startStage', { stage: 20 });
  s.act(on(25), engineer, 'prod', 'recordBackup', { instance: 'PROD MAIN', version: '24.2', reference: `snap-acme-prod-main-${slot.toISOString().slice(0, 10)}` });
  s.act(on(32), engineer, 'prod', 'recordBackup', { instance: 'PROD TEST', version: '24.2', reference: `snap-acme-prod-test-${slot.toISOString().slice(0, 10)}` });
  s.complete(on(35), engineer, 'prod', 20);
  s.act(on(40), engineer, 'prod', 'startStage', { stage: 21 });
}

/**
 * Globex Pharma (PROD at 24.1, no VAL pair) starts its upgrade to 25.2, three releases ahead: the intent four days
 * ago, then a VAL request that forgot which instances (stage 5 blocked, rule 4) completed from the portal panel the
 * next day. Stage 6, creating the VAL, is the engineer's next step.
 */
function globexInPreparation(driver: DemoDriver, t: Timeline): void {
  const s = new Story(driver, t, 'Globex');
  const { gina, hugo, pm } = PEOPLE;
  s.raise(t.daysAgo(4, '08:50'), 'intent', gina, { requestType: 'Upgrade request', summary: 'We would like to upgrade to ClinSpark 25.2', description: 'Our study start-up team needs the 25.2 randomisation features.', targetVersion: '25.2', currentVersion: '24.1' });
  s.complete(t.daysAgo(4, '13:15'), gina, 'intent', 1);
  s.complete(t.daysAgo(3, '09:30'), pm, 'intent', 3, 4);
  s.transition(t.daysAgo(3, '09:55'), pm, 'intent', 'Resolved');
  s.raise(t.daysAgo(2, '11:05'), 'val', hugo, { requestType: 'VAL environment request', summary: 'VAL for the 25.2 upgrade', targetVersion: '25.2', currentVersion: '24.1' });
  s.act(t.daysAgo(1, '08:40'), hugo, 'val', 'provideDetails', { kind: 'valRequest', details: { instances: ['VAL'], configuration: { mode: 'synchronise-latest' } } });
}

/**
 * Northwind Trials, mid-migration (VAL dry run at 25.1), wants to go live on 25.2: the new VAL is at 25.2, validation
 * is under way with one validation issue still open, handed by the PM to the solution specialist (stage 11 waits for
 * it, rule 5). A request to upgrade the Sandbox
 * is refused (rule 1).
 */
function northwindInValidation(driver: DemoDriver, t: Timeline): void {
  const s = new Story(driver, t, 'Northwind');
  const { nadia, omar, pm, engineer, support, specialist } = PEOPLE;
  s.raise(t.daysAgo(35, '09:10'), 'val', nadia, { requestType: 'VAL environment request', summary: 'Go live on 25.2: VAL at 25.2 please', targetVersion: '25.2', currentVersion: '25.1', instances: ['VAL'] });
  // The form listed no configuration to keep: Nadia decides in the request's details (the seed: "The customer must decide").
  s.act(t.daysAgo(35, '09:25'), nadia, 'val', 'provideDetails', { kind: 'valRequest', details: { configuration: { mode: 'synchronise-latest' } } });
  s.complete(t.daysAgo(35, '10:00'), nadia, 'val', 1);
  // Nadia will sign validation complete (stage 12): she sets her signing passphrase in the portal.
  s.setPassphrase(t.daysAgo(35, '10:05'), nadia, 'val');
  s.complete(t.daysAgo(34, '09:30'), pm, 'val', 3, 4);
  s.act(t.daysAgo(31, '08:00'), engineer, 'val', 'startStage', { stage: 6 });
  s.recordIq(t.daysAgo(30, '15:00'), engineer, 'val', { instance: 'VAL', reference: 'IQ-NW-VAL-25.2' });
  s.complete(t.daysAgo(30, '15:30'), engineer, 'val', 6);
  s.complete(t.daysAgo(29, '10:00'), pm, 'val', 7);
  s.complete(t.daysAgo(28, '11:00'), omar, 'val', 8);
  s.act(t.daysAgo(27, '09:00'), omar, 'val', 'startStage', { stage: 9 });
  s.raise(t.daysAgo(9, '13:40'), 'issue', omar, { requestType: 'Validation issue', summary: 'Specimen barcode labels print off-centre on VAL 25.2', description: 'The 2D specimen label template prints 3 mm to the left since the upgrade.', targetVersion: '25.2' });
  s.complete(t.daysAgo(9, '13:50'), omar, 'val', 10);
  s.comment(t.daysAgo(8, '10:20'), support, 'issue', 'Reproduced with the migrated label template; the printer offset setting did not carry over.', true);
  // Stage 11's note: the responsible party depends on the issue. Label templates are configuration: Priya hands it to Samuel.
  s.act(t.daysAgo(8, '10:25'), pm, 'val', 'handPart', () => ({ stage: 11, part: s.key('issue'), owner: specialist.accountId, reason: 'Label templates are configuration: Samuel reviews them with the customer.' }));
  s.comment(t.daysAgo(8, '10:30'), specialist, 'issue', 'I will review the barcode label configuration with the customer on Thursday.', true);
  s.transition(t.daysAgo(8, '10:35'), support, 'issue', 'In progress');
  s.act(t.daysAgo(8, '10:40'), support, 'val', 'startStage', { stage: 11 });
  // Rule 9: Prep for Upgrade's length is agreed in discussion; Priya sets its end, well after Validation's planned end.
  s.act(t.daysAgo(7, '11:00'), pm, 'val', 'planPhaseEnd', { phase: 'prep-for-upgrade', end: workingDayAfter(t.now, 100) });
  s.raise(t.daysAgo(5, '16:00'), 'sandbox', nadia, { requestType: 'Upgrade request', summary: 'Please upgrade our Sandbox to 25.3', targetVersion: '25.3', currentVersion: '25.1', instances: ['Sandbox MAIN', 'Sandbox TEST'] });
}

/**
 * Northwind Trials goes live in PROD at 25.1, the version its migration produced (PROD MAIN and TEST are being
 * provisioned at 25.1): the go-live request two days ago, the final source dump delivered the same day, the configuration
 * extracted and the migration program run yesterday; the engineer is populating and reviewing PROD MAIN (step 4 in
 * progress). The IQ documentation (step 5) and the customer's final QC (step 6) are still to come. Raised after every
 * other demo request, so the earlier tickets keep their keys.
 */
function northwindGoingLive(driver: DemoDriver, t: Timeline): void {
  const s = new Story(driver, t, 'Northwind go-live');
  const { nadia, engineer } = PEOPLE;
  s.raise(t.daysAgo(2, '13:30'), 'golive', nadia, {
    requestType: 'PROD go-live',
    summary: 'Go live in PROD at ClinSpark 25.1',
    description: 'The migration dry run on VAL 25.1 is signed off. Please take PROD MAIN and TEST live at 25.1.',
    targetVersion: '25.1',
  });
  s.complete(t.daysAgo(2, '16:10'), nadia, 'golive', 1);
  s.complete(t.daysAgo(1, '09:30'), engineer, 'golive', 2);
  s.complete(t.daysAgo(1, '15:00'), engineer, 'golive', 3);
  s.act(t.daysAgo(1, '16:30'), engineer, 'golive', 'startStage', { stage: 4 });
  // Erik signs the IQ documentation next (step 5), with the signing passphrase he set for Acme's VAL.
}

/**
 * Globex Pharma starts an implementation under scenario A (its own cloud, IAM permissions granted to IQVIA): the PM
 * and Gina define the deployment (step 1 in progress) and all three Definition & Specification documents are on record,
 * the Specific UAT Definition recorded by Gina from the portal. Closing step 1 and the contract come next.
 */
function globexImplementation(driver: DemoDriver, t: Timeline): void {
  const s = new Story(driver, t, 'Globex implementation');
  const { gina, pm, engineer } = PEOPLE;
  s.raise(t.daysAgo(2, '15:00'), 'implementation', gina, {
    requestType: 'Implementation',
    summary: 'Implementation on our own cloud',
    description: 'We host the deployment on our own cloud account (scenario A).',
    scenario: 'A',
  });
  s.act(t.daysAgo(2, '16:40'), pm, 'implementation', 'startStage', { stage: 1 });
  s.act(t.daysAgo(1, '10:05'), engineer, 'implementation', 'recordDocument', { phase: 'definition', document: 'deployment-specifications', reference: 'DSD-GLX-2026-01 v1.0' });
  s.act(t.daysAgo(1, '10:20'), pm, 'implementation', 'recordDocument', { phase: 'definition', document: 'support-service-definition', reference: 'SSD-GLX-2026-01 (Gold tier)' });
  s.act(t.daysAgo(1, '14:45'), gina, 'implementation', 'recordDocument', { phase: 'definition', document: 'uat-definition', reference: 'https://docs.globex.example/qa/uat-implementation-2026.pdf' });
  // Gina will sign the UAT decision and the DAC: her signing passphrase is set from the portal.
  s.setPassphrase(t.daysAgo(1, '14:50'), gina, 'implementation');
}

/**
 * Acme Clinical Research starts an implementation under scenario B (IQVIA's infrastructure): specification and contract
 * are done, Carla sends the integration credentials over a secure channel and then the readiness confirmation herself,
 * in the portal (the customer's own message, which the app posts attributed to her); the engineer starts the deployment.
 * Raised after Globex's implementation, so every earlier ticket keeps its key.
 */
function acmeImplementation(driver: DemoDriver, t: Timeline): void {
  const s = new Story(driver, t, 'Acme implementation');
  const { carla, pm, engineer } = PEOPLE;
  s.raise(t.daysAgo(2, '15:30'), 'implementation', carla, {
    requestType: 'Implementation',
    summary: 'Implementation on IQVIA infrastructure',
    description: 'IQVIA hosts the deployment; we provide the data feeds and integration credentials (scenario B).',
    scenario: 'B',
  });
  s.act(t.daysAgo(2, '16:00'), pm, 'implementation', 'recordDocument', { phase: 'definition', document: 'deployment-specifications', reference: 'DSD-ACME-2026-02 v1.0' });
  s.act(t.daysAgo(2, '16:10'), pm, 'implementation', 'recordDocument', { phase: 'definition', document: 'support-service-definition', reference: 'SSD-ACME-2026-02 (Silver tier)' });
  s.act(t.daysAgo(2, '16:30'), carla, 'implementation', 'recordDocument', { phase: 'definition', document: 'uat-definition', reference: 'UAT-ACME-2026-02' });
  s.complete(t.daysAgo(1, '09:00'), pm, 'implementation', 1);
  s.act(t.daysAgo(1, '09:30'), pm, 'implementation', 'recordDocument', { phase: 'contractualization', document: 'contract', reference: 'CTR-ACME-2026-031' });
  s.complete(t.daysAgo(1, '09:45'), pm, 'implementation', 2);
  s.act(t.daysAgo(1, '11:20'), carla, 'implementation', 'recordDocument', { phase: 'readiness', document: 'integration-credentials', sentOverSecureChannel: true });
  s.complete(t.daysAgo(1, '11:30'), carla, 'implementation', 3);
  s.act(t.daysAgo(1, '14:00'), engineer, 'implementation', 'startStage', { stage: 4 });
}

/**
 * Where the calendar's planted conflict falls: an hour of overlap with Acme's Day of Upgrade today, for the same
 * engineer, within the same UTC day (a slot touching a weekend day would be refused by slotOnWorkingDays).
 */
export function initechSlotOf(acmeSlot: Date): { start: Date; hours: number } {
  const hours = 4;
  const later = new Date(acmeSlot.getTime() + 3 * HOUR_MS);
  const fitsTheDay = later.getUTCDate() === acmeSlot.getUTCDate() && later.getUTCHours() + hours <= 24;
  return { start: fitsTheDay ? later : new Date(acmeSlot.getTime() - 3 * HOUR_MS), hours };
}

/**
 * Initech Biosciences (PROD at 25.2) fast-tracks a configuration-only upgrade to 25.3 in two days: VAL created, validated
 * without issues, the PROD request naming today's afternoon; Priya proposes it, and the slot overlaps Erik's Day of
 * Upgrade at Acme: the calendar flags the double booking (the conflict the demo plants), and Ines has not agreed yet.
 * Raised after every other demo request, so the earlier tickets keep their keys.
 */
function initechDoubleBooked(driver: DemoDriver, t: Timeline): void {
  const s = new Story(driver, t, 'Initech');
  const { ines, pm, engineer, support, specialist } = PEOPLE;
  const slot = initechSlotOf(slotOf(t.now));
  // Dated in working days before the slot's day, not from today: between 00:00 and 01:30 UTC, or on a weekend, Acme's
  // slot (and so this one) is on an earlier day, and a proposal made on or after the working day before it is overdue.
  const before = (days: number, time: string) => t.workingDaysBefore(slot.start, days, time);
  s.raise(before(2, '17:10'), 'val', ines, {
    requestType: 'VAL environment request',
    summary: 'VAL at 25.3 for a quick upgrade',
    description: 'A configuration-only upgrade: we need VAL at 25.3 for a short validation.',
    targetVersion: '25.3',
    currentVersion: '25.2',
    instances: ['VAL'],
  });
  s.act(before(2, '17:15'), ines, 'val', 'provideDetails', { kind: 'valRequest', details: { configuration: { mode: 'synchronise-latest' } } });
  s.complete(before(2, '17:20'), ines, 'val', 1);
  s.complete(before(2, '17:40'), pm, 'val', 3, 4);
  s.act(before(2, '18:00'), engineer, 'val', 'startStage', { stage: 6 });
  s.recordIq(before(2, '19:30'), engineer, 'val', { instance: 'VAL', reference: 'IQ-INI-VAL-25.3' });
  s.complete(before(2, '19:40'), engineer, 'val', 6);
  s.complete(before(2, '19:50'), pm, 'val', 7);
  s.complete(before(1, '07:00'), ines, 'val', 8, 9, 10);
  s.complete(before(1, '08:00'), support, 'val', 11);
  // Validation complete is Ines's signed act (Part 11): she sets her signing passphrase in the portal first.
  s.setPassphrase(before(1, '08:05'), ines, 'val');
  s.sign(before(1, '08:10'), ines, 'val', 'completeStage', { stage: 12 });
  s.raise(before(1, '08:30'), 'prod', ines, {
    requestType: 'PROD upgrade request',
    summary: 'Upgrade PROD MAIN and TEST to 25.3',
    targetVersion: '25.3',
    currentVersion: '25.2',
    instances: ['PROD MAIN', 'PROD TEST'],
    preferredSlots: [slot.start.toISOString()],
  });
  s.act(before(1, '08:35'), ines, 'prod', 'provideDetails', { kind: 'prodRequest', details: { configuration: { mode: 'synchronise-latest' } } });
  s.complete(before(1, '09:00'), specialist, 'prod', 14);
  s.complete(before(1, '10:00'), engineer, 'prod', 15);
  s.act(before(1, '11:00'), pm, 'prod', 'proposeStage', { stage: 16, value: slot.start.toISOString(), hours: slot.hours });
}

export function planStories(driver: DemoDriver, timeline: Timeline): void {
  acmeOnTheDayOfUpgrade(driver, timeline);
  globexInPreparation(driver, timeline);
  northwindInValidation(driver, timeline);
  northwindGoingLive(driver, timeline);
  globexImplementation(driver, timeline);
  acmeImplementation(driver, timeline);
  initechDoubleBooked(driver, timeline);
}
