import { z } from 'zod';
import { environmentOfInstance, ENVIRONMENT_KINDS, INSTANCE_NAMES } from '../domain/environments/kinds';
import { REASON_MAX_LENGTH } from '../domain/engine';
import { PLAN_KINDS } from '../domain/kinds';
import { EXISTING_STATES } from '../domain/environments/existing';
import { INSTANCE_STATES } from '../domain/environments/instance';
import { ENVIRONMENT_KIND_NAMES } from '../domain/environments/kinds';
import { IMPORT_MAX_BYTES } from '../app/importLimits';
import { PASSPHRASE_MAX_LENGTH, PASSPHRASE_MIN_LENGTH } from '../app/signing';

/** A step number of any kind of plan: the engine refuses one its plan does not have (`knownStage`). */
const stage = z.number().int().min(1).max(999);
/** The kinds of ticket any kind of plan lives on: the plan's own kind refuses one it has no details for. */
const TICKET_KINDS = [...new Set(PLAN_KINDS.list.flatMap((kind) => kind.ticketKinds))] as [string, ...string[]];
const instance = z.enum(INSTANCE_NAMES as [string, ...string[]]);
/** The instances (or whole pairs) of the environments that receive IQ documentation. */
const documentedInstance = z.enum(INSTANCE_NAMES.filter((name) => ENVIRONMENT_KINDS[environmentOfInstance(name)!].iqDocumentation) as [string, ...string[]]);
const reason = z.string().trim().min(1).max(REASON_MAX_LENGTH);
const shortText = z.string().trim().min(1).max(255);
const isoInstant = z.string().max(40);

/** Environments kept by engineers and admins: the organization only on the settings page (the tab's is its ticket's). */
const organizationId = z.string().trim().min(1).max(128).optional();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day written yyyy-MM-dd');
const iqDocument = z.strictObject({ reference: shortText, documentedOn: day, version: shortText });
const sandboxOrigin = z.discriminatedUnion('from', [z.strictObject({ from: z.literal('empty') }), z.strictObject({ from: z.literal('Demo'), carriedOver: z.array(shortText).min(1).max(20).optional() })]);
const onboarding = { contractSignedOn: day.nullable().optional(), sourceDatabaseMigrated: z.boolean().optional() };

/** A signed act's signature as the dialog sends it: the passphrase, and the revision (the plan's; the registry's for an IQ record) and meaning it showed (never an account). */
const passphrase = z.string().min(1, 'your signing passphrase').max(PASSPHRASE_MAX_LENGTH);
const signature = z.strictObject({ passphrase, revision: z.number().int().min(0).max(2_147_483_647), meaning: z.string().trim().min(1, 'the meaning of the signature, as shown').max(255) });

/** What each resolver accepts from the browser: only what the person chose, never an issue, account or role. */
export const PAYLOADS = {
  getPlanView: z.strictObject({}),
  /** The calendar page of every customer's slots (jiraServiceManagement:queuePage): nothing to choose. */
  getSlotCalendar: z.strictObject({}),
  /** The engineer's own iCalendar feed link; `renew` replaces a link that leaked. */
  getSlotFeedLink: z.strictObject({ renew: z.boolean().optional() }),
  /** `before`: the seq of the oldest entry the panel has, for the page before it. */
  getHistory: z.strictObject({ before: z.number().int().min(1).max(2_147_483_647).optional() }),
  /** An answer of the CSV export: from the start (nothing given), or where the previous answer's `next` said. */
  getHistoryExport: z.strictObject({ source: z.enum(['plan', 'environments']).optional(), before: z.number().int().min(1).max(2_147_483_647).optional() }),
  startStage: z.strictObject({ stage, reason: reason.optional() }),
  completeStage: z.strictObject({ stage, reason: reason.optional(), signature: signature.optional() }),
  skipStage: z.strictObject({ stage, reason }),
  blockStage: z.strictObject({ stage, reason }),
  reopenStage: z.strictObject({ stage, reason }),
  decideStage: z.strictObject({ stage, outcome: shortText, reason: reason.optional(), signature: signature.optional() }),
  /** A step that needs the other party's agreement: its owner proposes (the slot), the other party agrees or declines. */
  proposeStage: z.strictObject({ stage, value: shortText, reason: reason.optional(), hours: z.number().min(1).max(24).multipleOf(0.5, 'whole or half hours').optional() }),
  agreeStage: z.strictObject({ stage }),
  declineStage: z.strictObject({ stage, reason }),
  /** `owner`: the account id of the person the stage (or one of its parts) is handed to. */
  reassignStage: z.strictObject({ stage, owner: shortText, reason }),
  handPart: z.strictObject({ stage, part: shortText, owner: shortText, reason }),
  addressPart: z.strictObject({ stage, part: shortText, note: reason.optional() }),
  recordDocument: z.strictObject({
    phase: shortText,
    document: shortText,
    reference: shortText.optional(),
    sentOverSecureChannel: z.literal(true).optional(),
    reason: reason.optional(),
  }),
  recordBackup: z.strictObject({ instance, version: shortText, reference: shortText, reason: reason.optional() }),
  /** Rule 9: the planned end (a working day) of a phase whose length is agreed in discussion; the domain checks the day. */
  planPhaseEnd: z.strictObject({ phase: shortText, end: day, reason: reason.optional() }),
  /** The engineer's confirmation of a restore a decision opened: when it started and ended, the version it runs now. */
  recordRestore: z.strictObject({ startedAt: isoInstant, endedAt: isoInstant, version: shortText, note: shortText.optional(), reason: reason.optional() }),
  provideDetails: z.strictObject({
    kind: z.enum(TICKET_KINDS),
    details: z.strictObject({
      targetVersion: shortText.optional(),
      instances: z.array(instance).max(10).optional(),
      configuration: z
        .discriminatedUnion('mode', [z.strictObject({ mode: z.literal('synchronise-latest') }), z.strictObject({ mode: z.literal('keep-listed'), keep: z.array(shortText).min(1).max(100) })])
        .optional(),
      preferredSlots: z.array(isoInstant).max(10).optional(),
    }),
  }),
  getEnvironments: z.strictObject({}),
  /** The audit chains of the ticket's plan and its organization's environments, checked on the server: nothing to choose. */
  verifyAudit: z.strictObject({}),
  /** The printable record of the ticket's plan: nothing to choose. */
  getPlanRecord: z.strictObject({}),
  recordIqDocumentation: z.strictObject({ instance: documentedInstance, reference: shortText, signature: signature.optional() }),
  getOrganizationEnvironments: z.strictObject({ organizationId }),
  registerEnvironment: z.strictObject({
    organizationId,
    environment: z.strictObject({
      kind: z.enum(ENVIRONMENT_KIND_NAMES as [string, ...string[]]),
      instances: z.array(z.enum(['MAIN', 'TEST'])).min(1).max(2).optional(),
      version: shortText,
      state: z.enum(EXISTING_STATES).optional(),
      providedOn: day.optional(),
      iqDocumentation: iqDocument.optional(),
      origin: sandboxOrigin.optional(),
      reason: reason.optional(),
    }),
    onboarding: z.strictObject(onboarding).optional(),
  }),
  editEnvironment: z.strictObject({ organizationId, instance, reason, version: shortText.optional(), state: z.enum(INSTANCE_STATES).optional(), iqDocumentation: iqDocument.optional(), origin: sandboxOrigin.optional() }),
  terminateEnvironment: z.strictObject({ organizationId, instance, reason }),
  recordOnboarding: z.strictObject({ organizationId, ...onboarding, reason: reason.optional() }),
  importEnvironments: z.strictObject({ csv: z.string().min(1, 'the CSV file\'s text').max(IMPORT_MAX_BYTES, `at most ${IMPORT_MAX_BYTES} bytes (${IMPORT_MAX_BYTES / 1024} KiB): split the file`), dryRun: z.boolean() }),
  getSettings: z.strictObject({}),
  /** `confirmRoleRemovals`: the admin saw which people lose roles on open plans, and saves anyway. */
  saveSettings: z.strictObject({ settings: z.unknown(), confirmRoleRemovals: z.literal(true).optional() }),
  /** A picker's search: what the admin typed, and whom the seat takes (agents or customers). */
  searchPeople: z.strictObject({ query: z.string().trim().min(1).max(100), kind: z.enum(['agent', 'customer']) }),
  /** The person's own signing: whether they set a passphrase, a lock, the name their signatures carry. */
  getSigningStatus: z.strictObject({}),
  /** Sets the person's signing passphrase once; a change gives the current one. */
  setSigningPassphrase: z.strictObject({
    passphrase: z.string().min(PASSPHRASE_MIN_LENGTH, `at least ${PASSPHRASE_MIN_LENGTH} characters`).max(PASSPHRASE_MAX_LENGTH),
    confirm: z.string().max(PASSPHRASE_MAX_LENGTH),
    current: passphrase.optional(),
  }),
  /** The project admin's list of people whose signing is locked, and the unlock with a reason. */
  getSigningLocks: z.strictObject({}),
  unlockSigning: z.strictObject({ accountId: shortText, reason }),
} as const;

export type ResolverName = keyof typeof PAYLOADS;
export type Payload<N extends ResolverName> = z.infer<(typeof PAYLOADS)[N]>;
