import { z } from 'zod';
import { INSTANCE_NAMES } from '../domain/environments/kinds';
import { GO, NO_GO } from '../domain/upgrade/stages';
import { UPGRADE_STAGES } from '../domain/upgrade/stages';
import { REASON_MAX_LENGTH } from '../domain/engine';
import { PROD_INSTANCES } from '../domain/upgrade/rules';

const stage = z.number().int().min(1).max(UPGRADE_STAGES.length);
const reason = z.string().trim().min(1).max(REASON_MAX_LENGTH);
const shortText = z.string().trim().min(1).max(255);
const isoInstant = z.string().max(40);

/** What each resolver accepts from the browser: only what the person chose, never an issue, account or role. */
export const PAYLOADS = {
  getPlanView: z.strictObject({}),
  getHistory: z.strictObject({}),
  startStage: z.strictObject({ stage, reason: reason.optional() }),
  completeStage: z.strictObject({ stage, slot: isoInstant.optional(), reason: reason.optional() }),
  skipStage: z.strictObject({ stage, reason }),
  blockStage: z.strictObject({ stage, reason }),
  reopenStage: z.strictObject({ stage, reason }),
  decideGoNoGo: z.strictObject({ outcome: z.enum([GO, NO_GO]), reason: reason.optional() }),
  decideStage: z.strictObject({ stage, outcome: shortText, reason: reason.optional() }),
  recordDocument: z.strictObject({
    phase: shortText,
    document: shortText,
    reference: shortText.optional(),
    sentOverSecureChannel: z.literal(true).optional(),
    reason: reason.optional(),
  }),
  recordBackup: z.strictObject({ instance: z.enum(PROD_INSTANCES), version: shortText, reference: shortText, reason: reason.optional() }),
  provideDetails: z.strictObject({
    kind: z.enum(['valRequest', 'prodRequest']),
    details: z.strictObject({
      targetVersion: shortText.optional(),
      instances: z.array(z.enum(INSTANCE_NAMES as [string, ...string[]])).max(10).optional(),
      configuration: z
        .discriminatedUnion('mode', [z.strictObject({ mode: z.literal('synchronise-latest') }), z.strictObject({ mode: z.literal('keep-listed'), keep: z.array(shortText).min(1).max(100) })])
        .optional(),
      preferredSlots: z.array(isoInstant).max(10).optional(),
    }),
  }),
  getEnvironments: z.strictObject({}),
  recordIqDocumentation: z.strictObject({ instance: z.enum(['VAL', 'VAL MAIN', 'VAL TEST', 'PROD', 'PROD MAIN', 'PROD TEST']), reference: shortText }),
  getSettings: z.strictObject({}),
  saveSettings: z.strictObject({ settings: z.unknown() }),
} as const;

export type ResolverName = keyof typeof PAYLOADS;
export type Payload<N extends ResolverName> = z.infer<(typeof PAYLOADS)[N]>;
