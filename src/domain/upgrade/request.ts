import { refuse } from '../errors';
import { environmentOfInstance, ENVIRONMENT_KINDS, INSTANCE_NAMES } from '../environments/kinds';
import { compareVersions, isVersion } from '../version';

/**
 * What the customer decided about reports, dashboards and exports (stage 5 and 13 details). The seed: "The customer
 * must decide": there is no default; until they choose, the stage stays blocked.
 */
export type ConfigurationDecision =
  | { mode: 'synchronise-latest' }
  | { mode: 'keep-listed'; keep: readonly string[] };

/** The seed's warning for configurations kept at their older version (stage 5 notes). */
export const FORWARD_COMPATIBILITY_WARNING =
  'We cannot guarantee that older dashboards and reports / exports remain forward compatible with newer versions of ClinSpark.';

/** The tickets one upgrade spans; they all show the same plan. */
export const TICKET_KINDS = ['intent', 'valRequest', 'validationIssue', 'prodRequest'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

/** Each ticket kind as the panels and the settings page name it, in the order of TICKET_KINDS. */
export const TICKET_KIND_LABELS: Readonly<Record<TicketKind, string>> = {
  intent: 'Upgrade intent',
  valRequest: 'VAL request',
  validationIssue: 'Validation issue',
  prodRequest: 'PROD upgrade request',
};
export type RequestTicketKind = 'intent' | 'valRequest' | 'prodRequest';

/** The details a stage 5 (VAL) or stage 13 (PROD) request ticket must carry. */
export interface RequestDetails {
  targetVersion?: string;
  instances?: readonly string[];
  configuration?: ConfigurationDecision;
  preferredSlots?: readonly string[];
}

/** A customer's upgrade request, as raised in the service desk. */
export interface UpgradeRequest extends RequestDetails {
  organizationId: string;
  reporterAccountId: string;
  ticket: { key: string; kind: RequestTicketKind };
  currentVersion: string;
  targetVersion: string;
}

export const TEXT_MAX_LENGTH = 255;

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) refuse('requestComplete', `${field} is missing`, { field });
  if (value.length > TEXT_MAX_LENGTH) refuse('requestComplete', `${field} is longer than ${TEXT_MAX_LENGTH} characters`, { field });
  return value.trim();
}

function requireVersion(value: unknown, field: string): string {
  const text = requireText(value, field);
  if (!isVersion(text)) refuse('versionFormat', `${field} "${text}" is not a ClinSpark version such as 24.3 or 25.1.2`, { field });
  return text;
}

/** Rule 1: Sandbox instances are out of scope of standard upgrade cycles (stage 2 note). */
export function sandboxOutOfScope(instances: readonly string[] | undefined): void {
  const sandbox = instances?.find((name) => typeof name === 'string' && environmentOfInstance(name) === 'Sandbox');
  if (sandbox) refuse('sandboxOutOfScope', `${sandbox} cannot be upgraded: ${ENVIRONMENT_KINDS.Sandbox.note}`, { field: 'instances' });
}

/** Only VAL and PROD instances take part in an upgrade; the others are refused with the reason their kind gives. */
export function requireUpgradableInstances(instances: readonly string[] | undefined): void {
  sandboxOutOfScope(instances);
  for (const name of instances ?? []) {
    if (typeof name !== 'string' || !INSTANCE_NAMES.includes(name)) {
      refuse('knownInstance', `instance "${String(name)}" is unknown; use one of ${INSTANCE_NAMES.filter((n) => ENVIRONMENT_KINDS[environmentOfInstance(n)!].upgradable).join(', ')}`, { field: 'instances' });
    }
    const kind = environmentOfInstance(name)!;
    if (!ENVIRONMENT_KINDS[kind].upgradable) refuse('upgradableInstance', `${name} is not upgraded in an upgrade cycle: ${ENVIRONMENT_KINDS[kind].note}`, { field: 'instances' });
  }
}

/** Rule 2 (first half): the target version must be newer than the environment's current version. */
export function requireNewerTarget(current: string, target: string): void {
  if (compareVersions(target, current) <= 0) {
    refuse('targetNewerThanCurrent', `target version ${target} is not newer than the current version ${current}`, { field: 'targetVersion' });
  }
}

/** Preferred slots and confirmed slots are instants in the future. */
export function requireFutureSlot(value: unknown, field: string, now: Date): string {
  const text = requireText(value, field);
  const instant = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(instant.getTime())) refuse('slotFormat', `${field} "${text}" is not a date and time (ISO 8601)`, { field });
  if (instant.getTime() <= now.getTime()) refuse('slotInFuture', `${field} ${text} is in the past`, { field });
  return instant.toISOString();
}

/** Checks the shape and values of a request's details; refuses with the field named. */
export function validateDetails(details: RequestDetails, now: Date): RequestDetails {
  if (typeof details !== 'object' || details === null) refuse('requestComplete', 'details are missing', { field: 'details' });
  const checked: { -readonly [K in keyof RequestDetails]: RequestDetails[K] } = {};
  if (details.targetVersion !== undefined) checked.targetVersion = requireVersion(details.targetVersion, 'targetVersion');
  if (details.instances !== undefined) {
    if (!Array.isArray(details.instances)) refuse('requestComplete', 'instances must be a list', { field: 'instances' });
    requireUpgradableInstances(details.instances);
    checked.instances = [...new Set(details.instances)];
  }
  if (details.configuration !== undefined) checked.configuration = validateConfiguration(details.configuration);
  if (details.preferredSlots !== undefined) {
    if (!Array.isArray(details.preferredSlots)) refuse('requestComplete', 'preferredSlots must be a list', { field: 'preferredSlots' });
    checked.preferredSlots = details.preferredSlots.map((slot, i) => requireFutureSlot(slot, `preferredSlots[${i}]`, now));
  }
  return checked;
}

function validateConfiguration(value: ConfigurationDecision): ConfigurationDecision {
  if (value?.mode === 'synchronise-latest') return { mode: 'synchronise-latest' };
  if (value?.mode === 'keep-listed') {
    const keep = Array.isArray(value.keep) ? value.keep.map((k, i) => requireText(k, `configuration.keep[${i}]`)) : [];
    if (keep.length === 0) refuse('requestComplete', 'configuration.keep must list the configurations to keep', { field: 'configuration.keep' });
    return { mode: 'keep-listed', keep };
  }
  return refuse('requestComplete', 'configuration.mode is "synchronise-latest" or "keep-listed"', { field: 'configuration.mode' });
}

/** Checks a whole request; refuses with the field named, so that nothing is created from a bad one. */
export function validateUpgradeRequest(request: UpgradeRequest, now: Date): UpgradeRequest {
  const organizationId = requireText(request?.organizationId, 'organizationId');
  const reporterAccountId = requireText(request.reporterAccountId, 'reporterAccountId');
  const key = requireText(request.ticket?.key, 'ticket.key');
  const kind = request.ticket.kind;
  if (kind !== 'intent' && kind !== 'valRequest' && kind !== 'prodRequest') {
    refuse('requestComplete', 'ticket.kind is "intent", "valRequest" or "prodRequest"', { field: 'ticket.kind' });
  }
  const currentVersion = requireVersion(request.currentVersion, 'currentVersion');
  const targetVersion = requireVersion(request.targetVersion, 'targetVersion');
  const details = validateDetails(request, now);
  requireNewerTarget(currentVersion, targetVersion);
  return { ...details, organizationId, reporterAccountId, ticket: { key, kind }, currentVersion, targetVersion };
}

/** Rule 4: what a stage 5 or stage 13 request ticket still lacks, in the customer's words. */
export function missingDetails(stage: 5 | 13, details: RequestDetails | null): string[] {
  const missing: string[] = [];
  if (!details?.targetVersion) missing.push('target version');
  const wanted = stage === 5 ? 'VAL' : 'PROD';
  if (!details?.instances?.some((name) => environmentOfInstance(name) === wanted)) {
    missing.push(stage === 5 ? 'which instances (VAL)' : 'which instances (PROD MAIN and/or PROD TEST)');
  }
  if (!details?.configuration) missing.push("your configuration decision: upgrade reports, dashboards and exports to the latest version through system synchronisation (IQVIA's usual approach), or list the configurations to keep at their current version");
  if (stage === 13 && !details?.preferredSlots?.length) missing.push('preferred time slot(s)');
  return missing;
}
