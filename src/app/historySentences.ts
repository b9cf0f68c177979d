import { format, parseISO } from 'date-fns';
import { ADMIN_OVERRIDE_ROLE, APP_ROLE, type AuditEntry } from '../domain/audit';
import { INSTANCE_STATES } from '../domain/environments/instance';
import { withNamesIn } from './namedRefusals';

/**
 * Every audit entry as one plain sentence in the domain's words, with people's names: the history tab and the CSV
 * export read these, never the entry's raw before → after. One pure function per kind of entry; the entry's storage
 * shape stays as it is (the audit is evidence), only its reading lives here.
 */

/** What a sentence needs to know besides the entry: names, and the plan's own words for its stages, phases, tickets and documents. */
export interface HistoryWords {
  /** A person's display name as Jira gave it; null when Jira does not know the account. */
  nameOf(accountId: string): string | null;
  phaseName(phaseId: string): string | null;
  documentName(documentId: string): string | null;
  /** A ticket kind as people name it ("PROD upgrade request"). */
  ticketLabel(ticketKind: string): string | null;
  /** What a step's proposal is about ("time slot"); null for a step that takes none. */
  proposalWhat(step: number): string | null;
  /** A plan an environment change names, as the reader knows it: "this plan", or another one. */
  planWords(planId: string): string;
}

/** One kind of entry's sentence. */
export type SentenceMaker = (entry: AuditEntry, words: HistoryWords) => string;

type Fields = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : null);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(text).filter((v): v is string => v !== null) : []);
const fields = (value: unknown): Fields => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : {});

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Stage numbers as runs of three or more: [14, 16, 17, 18] → "stages 14 and 16–18"; [3] → "stage 3". */
export function stageRuns(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
    if (j - i >= 2) parts.push(`${sorted[i]}–${sorted[j]}`);
    else for (let k = i; k <= j; k += 1) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return `${sorted.length === 1 ? 'stage' : 'stages'} ${listWords(parts)}`;
}

/** An ISO instant as "2026-12-01 04:00 UTC" (the server knows no reader's zone; the tab's When column is theirs). */
export function instantWords(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)) ? `${new Date(value).toISOString().slice(0, 10)} ${new Date(value).toISOString().slice(11, 16)} UTC` : value;
}

/** A working day (yyyy-MM-dd) as "11 March 2027". */
export function dayWords(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? format(parseISO(value), 'd MMMM yyyy') : value;
}

/** A person as a sentence names them: their name, else a phrase that says Jira does not know them (the CSV keeps the id). */
export function personWords(accountId: string | null | undefined, words: HistoryWords): string {
  if (!accountId || accountId === UNKNOWN_ACCOUNT) return 'someone Jira could not name';
  return words.nameOf(accountId) ?? 'a person Jira no longer knows';
}

/** What the app writes when it does not know who moved a ticket (a read-back with no changelog author). */
const UNKNOWN_ACCOUNT = 'unknown';

/** Whether the entry was made by the app itself (a ticket event, a status read back), not by a person's click. */
export const byTheApp = (entry: AuditEntry): boolean => entry.actor.role === APP_ROLE;

/** Who acted, as the sentence starts: their name, with the admin override said out loud. */
function actorWords(entry: AuditEntry, words: HistoryWords): string {
  const name = personWords(entry.actor.accountId, words);
  return entry.actor.role === ADMIN_OVERRIDE_ROLE ? `${name} (app admin, acting outside their roles)` : name;
}

/** A stage as a sentence names it: "stage 3" (the tab shows its activity beside the sentence). */
export function stageWords(step: number | null): string {
  return step === null ? 'the plan' : `stage ${step}`;
}

/** A person's free text with every account id the names know written as the name (an app's reason quotes who moved a ticket). */
export function withNames(value: string, words: HistoryWords, accountIds: readonly string[]): string {
  return withNamesIn(value, new Map(accountIds.flatMap((id): [string, string][] => {
    const name = words.nameOf(id);
    return name ? [[id, name]] : [];
  })));
}

/**
 * The reason, as the sentence's end: ": the validation found a blocking issue." When the sentence names the stage, a
 * reason the app wrote starting with that stage ("Stage 6: terminate the prior VAL…") does not say it twice.
 */
function because(entry: AuditEntry, words: HistoryWords, stageNamed = false): string {
  let reason = text(entry.reason);
  if (reason && stageNamed && entry.step !== null) reason = reason.replace(new RegExp(`^stage ${entry.step}:\\s*`, 'i'), '') || null;
  return reason ? `: ${withNames(reason, words, peopleIn(entry)).replace(/[.\s]+$/, '')}.` : '.';
}

/** What stages a change left in which status: "stage 2 is done, stage 5 is blocked". */
function stageStatuses(value: unknown): string | null {
  const byStatus = new Map<string, number[]>();
  for (const [number, status] of Object.entries(fields(value))) {
    const n = Number(number);
    if (!Number.isInteger(n) || typeof status !== 'string') continue;
    byStatus.set(status, [...(byStatus.get(status) ?? []), n]);
  }
  if (byStatus.size === 0) return null;
  return [...byStatus].map(([status, numbers]) => `${stageRuns(numbers)} ${numbers.length === 1 ? 'is' : 'are'} ${status}`).join(', ');
}

const withStages = (sentence: string, stages: unknown): string => {
  const statuses = stageStatuses(stages);
  return statuses ? `${sentence.replace(/\.$/, '')}; ${statuses}.` : sentence;
};

/** A label inside a sentence: "Validation issue" → "validation issue"; "VAL request" stays. */
const asNoun = (label: string): string => (/^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label);

/** camelCase field names as words: "preferredSlots" → "preferred slots". */
const fieldWords = (key: string): string => key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

// ——— Stage actions (the engine) ———

export const startSentence: SentenceMaker = (e, w) => (byTheApp(e) ? `The app started ${stageWords(e.step)}${because(e, w)}` : `${actorWords(e, w)} started ${stageWords(e.step)}${because(e, w)}`);

export const completeSentence: SentenceMaker = (e, w) => {
  if (byTheApp(e)) {
    const prompted = e.actor.accountId !== UNKNOWN_ACCOUNT && w.nameOf(e.actor.accountId) ? `, after ${w.nameOf(e.actor.accountId)}'s change in Jira` : '';
    return `The app completed ${stageWords(e.step)}${prompted}${because(e, w)}`;
  }
  const said = Array.isArray(fields(e.after).said) ? '; the app posted their message on the ticket in their name' : '';
  return `${actorWords(e, w)} completed ${stageWords(e.step)}${said}${because(e, w)}`;
};

export const skipSentence: SentenceMaker = (e, w) => `${byTheApp(e) ? 'The app' : actorWords(e, w)} skipped ${stageWords(e.step)}${because(e, w)}`;

export const blockSentence: SentenceMaker = (e, w) => `${byTheApp(e) ? 'The app' : actorWords(e, w)} marked ${stageWords(e.step)} blocked${because(e, w)}`;

export const reopenSentence: SentenceMaker = (e, w) => `${byTheApp(e) ? 'The app' : actorWords(e, w)} reopened ${stageWords(e.step)}${because(e, w)}`;

/** `decide <outcome>`: the decision taken, why, and the stages it restarted when it restarts them at once. */
export const decideSentence: SentenceMaker = (e, w) => {
  const outcome = e.action.slice('decide '.length);
  const after = fields(e.after);
  const decider = personWords(text(after.decidedBy) ?? e.actor.accountId, w);
  const override = e.actor.role === ADMIN_OVERRIDE_ROLE ? ' (app admin, acting outside their roles)' : '';
  const restarted = list(after.restartedStages).map(Number);
  const restart = restarted.length > 0 ? ` ${upper(stageRuns(restarted))} restart for attempt ${text(after.newAttempt) ?? e.attempt + 1}.` : '';
  return `${decider}${override} took ${outcome}${because(e, w)}${restart}`;
};

const upper = (value: string): string => value.charAt(0).toUpperCase() + value.slice(1);

const proposalOf = (record: unknown): Fields => fields(fields(record).proposal);
const proposalValue = (proposal: Fields): string => instantWords(text(proposal.value) ?? 'a value');
const hoursWords = (proposal: Fields): string => (typeof proposal.hours === 'number' ? ` (${proposal.hours} hours)` : '');

export const proposeSentence: SentenceMaker = (e, w) => {
  const proposal = proposalOf(e.after);
  const what = e.step !== null ? (w.proposalWhat(e.step) ?? 'proposal') : 'proposal';
  return `${actorWords(e, w)} proposed the ${what} ${proposalValue(proposal)}${hoursWords(proposal)} for ${stageWords(e.step)}${because(e, w)}`;
};

export const agreeSentence: SentenceMaker = (e, w) => {
  const proposal = proposalOf(e.after);
  const what = e.step !== null ? (w.proposalWhat(e.step) ?? 'proposal') : 'proposal';
  return `${actorWords(e, w)} agreed to the ${what} ${proposalValue(proposal)}${hoursWords(proposal)} proposed by ${personWords(text(proposal.proposedBy), w)}; ${stageWords(e.step)} is done.`;
};

export const declineSentence: SentenceMaker = (e, w) => {
  const proposal = proposalOf(e.after);
  const what = e.step !== null ? (w.proposalWhat(e.step) ?? 'proposal') : 'proposal';
  return `${actorWords(e, w)} declined the ${what} ${proposalValue(proposal)} proposed by ${personWords(text(proposal.proposedBy), w)}${because(e, w)}`;
};

export const reassignSentence: SentenceMaker = (e, w) => {
  const to = text(fields(e.after).owner);
  return `${actorWords(e, w)} handed ${stageWords(e.step)} to ${personWords(to, w)}${because(e, w)}`;
};

// ——— A plan's own records ———

/** The ticket's reporter raised it; the app opened the plan for it (a trigger), so the sentence says both. */
export const createPlanSentence: SentenceMaker = (e, w) => {
  const after = fields(e.after);
  const ticket = text(after.ticket) ?? text(after.ticketKey) ?? 'the ticket';
  const from = text(after.currentVersion);
  const to = text(after.targetVersion) ?? text(after.version);
  const versions = from && to ? ` to upgrade from ${from} to ${to}` : to ? ` for version ${to}` : '';
  const scenario = text(after.scenario) ? `, scenario ${text(after.scenario)}` : '';
  return withStages(`${actorWords(e, w)} raised ${ticket}, and the app opened this plan for it${versions}${scenario}.`, after.stages);
};

export const recordDocumentSentence: SentenceMaker = (e, w) => {
  const after = fields(e.after);
  const document = w.documentName(text(after.document) ?? '') ?? text(after.document) ?? 'a document';
  const phase = w.phaseName(text(after.phase) ?? '');
  const of = phase ? ` for ${phase}` : '';
  if (after.sentOverSecureChannel === true) return `${actorWords(e, w)} recorded that the ${document} were sent over a secure channel${of} (never stored by the app)${because(e, w)}`;
  return `${actorWords(e, w)} recorded the ${document}${of}: ${text(after.reference) ?? 'no reference'}${because(e, w)}`;
};

export const planPhaseEndSentence: SentenceMaker = (e, w) => {
  const after = fields(e.after);
  const before = fields(e.before);
  const phase = w.phaseName(text(after.phase) ?? '') ?? 'a phase';
  const was = text(before.end) ? ` (it was ${dayWords(text(before.end)!)})` : '';
  return `${actorWords(e, w)} planned ${phase} to end on ${dayWords(text(after.end) ?? '')}${was}${because(e, w)}`;
};

export const handValidationTicketSentence: SentenceMaker = (e, w) => {
  const after = fields(e.after);
  const role = text(after.role) ? ` (${text(after.role)})` : '';
  return `${actorWords(e, w)} handed ${text(after.ticket) ?? 'a ticket'} to ${personWords(text(after.handler), w)}${role}${because(e, w)}`;
};

export const addressValidationTicketSentence: SentenceMaker = (e, w) => {
  const after = fields(e.after);
  const note = text(after.note);
  return `${actorWords(e, w)} recorded ${text(after.ticket) ?? 'a ticket'} as addressed${note ? `: ${note.replace(/[.\s]+$/, '')}` : ''}${e.reason && e.reason !== note ? because(e, w) : '.'}`;
};

/** The engineer's confirmed restore after a decision that needed it; the stages it restarted and the new attempt. */
export const recordRestoreSentence: SentenceMaker = (e, w) => {
  const after = fields(e.after);
  const decided = (Array.isArray(after.stagesBefore) ? after.stagesBefore : []).map(fields).find((s) => s.number === e.step);
  const outcome = text(decided?.outcome);
  const minutes = typeof after.minutes === 'number' ? ` in ${after.minutes < 1 ? 'under a minute' : `${after.minutes} ${after.minutes === 1 ? 'minute' : 'minutes'}`}${after.overAnHour === true ? ', over the hour the plan expects' : ''}` : '';
  const restarted = list(after.restartedStages).map(Number);
  const restart = restarted.length > 0 ? `; ${stageRuns(restarted)} restarted for attempt ${text(after.newAttempt) ?? e.attempt + 1}` : '';
  return `${actorWords(e, w)} restored ${text(after.instance) ?? 'the instance'} to ${text(after.restoredVersion) ?? 'its backed-up version'}${outcome ? ` after the ${outcome}` : ''}${minutes}${restart}${because(e, w)}`;
};

/** A ticket raised by a person that the app, reading the ticket event, added to the plan. */
export const attachTicketSentence: SentenceMaker = (e, w) => {
  const after = fields(e.after);
  const label = w.ticketLabel(text(after.kind) ?? '');
  const ticket = text(after.ticket) ?? 'a ticket';
  return withStages(`${personWords(e.actor.accountId, w)} raised ${ticket}${label ? `, a ${asNoun(label)}` : ''}, and the app added it to this plan.`, after.stages);
};

export const provideDetailsSentence: SentenceMaker = (e, w) => {
  const before = fields(fields(e.before).details);
  const after = fields(e.after);
  const details = fields(after.details);
  const changed = Object.keys(details).filter((k) => JSON.stringify(details[k]) !== JSON.stringify(before[k]));
  const what = changed.length > 0 ? ` (${listWords(changed.map(fieldWords))})` : '';
  return withStages(`${actorWords(e, w)} provided the request's missing details${what}.`, after.stages);
};

/** `ticket resolved`, `ticket reopened`, `ticket status`: a linked ticket moved in Jira; the app read the move and recorded it. */
export const ticketStatusSentence: SentenceMaker = (e, w) => {
  const after = fields(e.after);
  const ticket = text(after.ticket) ?? 'a ticket';
  const mover = text(after.movedBy) ?? e.actor.accountId;
  const status = text(after.status);
  const verb = e.action === 'ticket resolved' ? 'resolved' : e.action === 'ticket reopened' ? 'reopened' : 'moved';
  const to = status ? (verb === 'moved' ? ` to ${status}` : ` (status ${status})`) : '';
  const who = mover && mover !== UNKNOWN_ACCOUNT && w.nameOf(mover) ? w.nameOf(mover)! : null;
  return who ? `${who} ${verb} ${ticket}${to} in Jira; the app recorded it on the plan.` : `${ticket} was ${verb}${to} in Jira; the app recorded it on the plan.`;
};

/** A backup of one instance at the version it runs (the plan's stage and the registry alike). */
export const recordBackupSentence: SentenceMaker = (e, w) => {
  const after = fields(e.after);
  const reference = text(after.reference);
  const replaced = text(fields(e.before).reference);
  return `${actorWords(e, w)} recorded the backup of ${text(after.instance) ?? 'an instance'} at ${text(after.version) ?? 'its version'}${reference ? `: ${reference}` : ''}${replaced ? ` (replacing ${replaced})` : ''}${because(e, w)}`;
};

// ——— The organization's environments (the registry) ———

const planWords = (e: AuditEntry, w: HistoryWords): string => {
  const plan = text(fields(e.after).plan);
  return plan ? ` for ${e.step !== null ? `stage ${e.step} of ` : ''}${w.planWords(plan)}` : '';
};

export const requestEnvironmentSentence: SentenceMaker = (e, w) => {
  const after = fields(e.after);
  const instances = list(after.instances);
  return `${actorWords(e, w)} asked for a new ${text(after.kind) ? `${text(after.kind)} ` : ''}environment at ${versionWords(after.version)}${instances.length ? ` (${listWords(instances)})` : ''}${planWords(e, w)}${because(e, w, text(fields(e.after).plan) !== null && e.step !== null)}`;
};

/** A version in a sentence; an entry of an older release may lack one. */
const versionWords = (value: unknown): string => text(value) ?? 'its version';

const STATE_VERBS: Record<(typeof INSTANCE_STATES)[number], (instance: string, before: Fields, after: Fields) => string> = {
  requested: (i) => `asked for ${i}`,
  provisioning: (i, _b, a) => `started provisioning ${i} at ${versionWords(a.version)}`,
  active: (i, b, a) => (text(b.state) === 'upgrading' ? `finished upgrading ${i} to ${versionWords(a.version)}` : `put ${i} in service at ${versionWords(a.version)}`),
  upgrading: (i, b, a) => `started upgrading ${i}${text(b.version) ? ` from ${text(b.version)}` : ''} to ${versionWords(a.targetVersion ?? a.version)}`,
  'rolled back': (i, b, a) => `rolled ${i} back${text(b.version) ? ` from ${text(b.version)}` : ''} to ${versionWords(a.version)}${text(a.backup) ? ` (backup ${text(a.backup)})` : ''}`,
  terminated: (i, b) => `terminated ${i}${text(b.version) ? ` (it ran ${text(b.version)})` : ''}`,
};

/** `instance <state>`: one instance moved along its state machine. */
export const instanceStateSentence: SentenceMaker = (e, w) => {
  const state = e.action.slice('instance '.length) as keyof typeof STATE_VERBS;
  const after = fields(e.after);
  const instance = text(after.instance) ?? 'an instance';
  return `${actorWords(e, w)} ${STATE_VERBS[state](instance, fields(e.before), after)}${planWords(e, w)}${because(e, w, text(fields(e.after).plan) !== null && e.step !== null)}`;
};

export const recordIqDocumentationSentence: SentenceMaker = (e, w) => {
  const after = fields(e.after);
  const versions = [...new Set(list(after.versions))];
  return `${actorWords(e, w)} ${text(after.signed) ? 'signed and recorded' : 'recorded'} the IQ documentation${text(after.reference) ? ` ${text(after.reference)}` : ''} of ${listWords(list(after.instances)) || 'an instance'}${versions.length ? ` at ${listWords(versions)}` : ''}${planWords(e, w)}${because(e, w, text(fields(e.after).plan) !== null && e.step !== null)}`;
};

export const registerExistingEnvironmentSentence: SentenceMaker = (e, w) => {
  const after = fields(e.after);
  const iq = fields(after.iqDocumentation);
  const facts = [text(after.version), text(after.state), text(after.providedOn) ? `provided on ${dayWords(text(after.providedOn)!)}` : null, text(iq.reference) ? `IQ documentation ${text(iq.reference)}` : null].filter((f): f is string => f !== null);
  const instances = listWords(list(after.instances));
  return `${actorWords(e, w)} registered an existing ${text(after.kind) ? `${text(after.kind)} ` : ''}environment${instances ? `, ${instances}` : ''}${facts.length ? ` (${facts.join(', ')})` : ''}${because(e, w)}`;
};

/** What an edit changed, instance by instance: "PROD MAIN #1: version 24.1 → 24.2". */
function editedWords(e: AuditEntry): string {
  const before = (Array.isArray(fields(e.before).instances) ? (fields(e.before).instances as unknown[]) : []).map(fields);
  const after = (Array.isArray(fields(e.after).instances) ? (fields(e.after).instances as unknown[]) : []).map(fields);
  return listWords(
    after.map((a) => {
      const b = before.find((x) => x.instance === a.instance) ?? {};
      const changes = ['version', 'state', 'iqDocumentation', 'origin']
        .filter((k) => JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null))
        .map((k) => `${fieldWords(k === 'iqDocumentation' ? 'IQ documentation' : k)} ${originWords(b[k])} → ${originWords(a[k])}`);
      return `${text(a.instance)}${changes.length ? ` (${changes.join(', ')})` : ''}`;
    }),
  );
}
const originWords = (value: unknown): string => (value === null || value === undefined ? 'none' : typeof value === 'object' ? (text(fields(value).from) ?? 'set') : String(value));

export const editEnvironmentSentence: SentenceMaker = (e, w) => `${actorWords(e, w)} edited ${editedWords(e)}${because(e, w)}`;

export const terminateEnvironmentSentence: SentenceMaker = (e, w) => {
  const instances = (Array.isArray(fields(e.after).instances) ? (fields(e.after).instances as unknown[]) : []).map((i) => text(fields(i).instance) ?? '');
  return `${actorWords(e, w)} terminated ${listWords(instances.filter(Boolean))}${because(e, w)}`;
};

export const recordOnboardingSentence: SentenceMaker = (e, w) => {
  const after = fields(e.after);
  const facts = [
    text(after.contractSignedOn) ? `the contract was signed on ${dayWords(text(after.contractSignedOn)!)}` : null,
    after.sourceDatabaseMigrated === true ? 'the source database is migrated' : after.sourceDatabaseMigrated === false ? 'the source database is not migrated yet' : null,
  ].filter((f): f is string => f !== null);
  return `${actorWords(e, w)} recorded the organization's onboarding: ${facts.length ? listWords(facts) : 'nothing known yet'}${because(e, w)}`;
};

export const releaseToCommunityDevSentence: SentenceMaker = (e, w) => {
  const after = fields(e.after);
  const before = fields(e.before);
  return `${actorWords(e, w)} released ${versionWords(after.version)} to ${text(after.instance) ?? 'Community Dev'}${text(before.version) ? ` (it ran ${text(before.version)})` : ''}${because(e, w)}`;
};

/**
 * The sentence of each kind of entry, by its action. `decide <outcome>` and `instance <state>` are one kind each (their
 * outcome or state is part of the action); every action the domain writes has its kind here (test/app/historySentences).
 */
export const HISTORY_SENTENCES: Readonly<Record<string, SentenceMaker>> = {
  start: startSentence,
  complete: completeSentence,
  skip: skipSentence,
  block: blockSentence,
  reopen: reopenSentence,
  decide: decideSentence,
  propose: proposeSentence,
  agree: agreeSentence,
  decline: declineSentence,
  reassign: reassignSentence,
  'create plan': createPlanSentence,
  'record document': recordDocumentSentence,
  'plan phase end': planPhaseEndSentence,
  'hand validation ticket': handValidationTicketSentence,
  'address validation ticket': addressValidationTicketSentence,
  'record restore': recordRestoreSentence,
  'attach ticket': attachTicketSentence,
  'provide details': provideDetailsSentence,
  'ticket resolved': ticketStatusSentence,
  'ticket reopened': ticketStatusSentence,
  'ticket status': ticketStatusSentence,
  'record backup': recordBackupSentence,
  'request environment': requestEnvironmentSentence,
  instance: instanceStateSentence,
  'record IQ documentation': recordIqDocumentationSentence,
  'register existing environment': registerExistingEnvironmentSentence,
  'edit environment': editEnvironmentSentence,
  'terminate environment': terminateEnvironmentSentence,
  'record onboarding': recordOnboardingSentence,
  'release to Community Dev': releaseToCommunityDevSentence,
};

/** The kinds of entry a stage action makes: when the app made one (on a change in Jira), the app is the sentence's subject. */
const STEP_KINDS: ReadonlySet<string> = new Set(['start', 'complete', 'skip', 'block', 'reopen', 'decide', 'propose', 'agree', 'decline', 'reassign']);

/** Whether the app is who acted: a stage action it took itself. A ticket raised or moved in Jira is the person's act, which the app recorded. */
export function actedByTheApp(entry: AuditEntry): boolean {
  return byTheApp(entry) && STEP_KINDS.has(historyKindOf(entry.action) ?? '');
}

/** The capacity someone acted in, as the tab shows it under their name: their role, or where the app read their act. */
export function roleWords(entry: AuditEntry): string {
  if (!byTheApp(entry)) return entry.actor.role;
  return actedByTheApp(entry) ? 'the app, on a change in Jira' : 'in Jira, recorded by the app';
}

/** The kind of entry an action is: itself, or `decide` / `instance` for the actions that carry an outcome or a state. */
export function historyKindOf(action: string): string | null {
  if (Object.prototype.hasOwnProperty.call(HISTORY_SENTENCES, action) && !['decide', 'instance'].includes(action)) return action;
  if (action.startsWith('decide ') && action.length > 'decide '.length) return 'decide';
  if (action.startsWith('instance ') && (INSTANCE_STATES as readonly string[]).includes(action.slice('instance '.length))) return 'instance';
  return null;
}

/** The entry's sentence; an action no release of the app wrote is still said in words (who, what, which stage), never as data. */
export function sentenceOf(entry: AuditEntry, words: HistoryWords): string {
  const kind = historyKindOf(entry.action);
  if (kind) return HISTORY_SENTENCES[kind]!(entry, words);
  return `${byTheApp(entry) ? 'The app' : actorWords(entry, words)} recorded “${entry.action}” on ${stageWords(entry.step)}${because(entry, words)}`;
}

/** The fields of an entry's before and after that hold an account id. */
const PERSON_FIELDS: ReadonlySet<string> = new Set(['decidedBy', 'owner', 'movedBy', 'by', 'handler', 'proposedBy', 'startedBy', 'completedBy', 'endedBy', 'reporter', 'recordedBy', 'handedBy']);

/** Every account id an entry names: who acted, and the people its before and after name (a decider, a new owner, who moved a ticket). */
export function peopleIn(entry: AuditEntry): string[] {
  const found = new Set<string>([entry.actor.accountId]);
  const walk = (value: unknown, depth: number): void => {
    if (depth > 6 || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((v) => walk(v, depth + 1));
    for (const [key, v] of Object.entries(value)) {
      if (PERSON_FIELDS.has(key) && typeof v === 'string' && v) found.add(v);
      else walk(v, depth + 1);
    }
  };
  walk(entry.before, 0);
  walk(entry.after, 0);
  found.delete(UNKNOWN_ACCOUNT);
  return [...found];
}
