import { z } from 'zod';
import { refuse } from '../domain/errors';
import { PLAN_KINDS } from '../domain/kinds';
import { ROLES } from '../domain/roles';
import { compareVersions, isVersion } from '../domain/version';
import { DEFAULT_VENDOR_NAME, VENDOR_NAME_MAX_LENGTH } from '../domain/vendor';
import { resolveFields } from './fieldResolution';
import { accountTypesFor, cardOf, checkOrganizations, checkPeople, directoryOf, displayNameOf, mergeDirectory, peopleNamedIn, RoleRemovalWarning, roleRemovalsOnOpenPlans, SEARCH_MAX_RESULTS, SETTINGS_MAX_PEOPLE, type PersonOption, type PickerKind } from './people';
import type { AppPorts } from './ports';
import { DEFAULT_CLOSING_RESOLUTION, DEFAULT_FORM_FIELD_NAMES, FORM_FIELD_KEYS, PLAN_TICKET_KINDS, SERVICE_DESK_FIELD_TYPES, type AppSettings, type FieldKey } from './settings';

const accountId = z.string().trim().min(1).max(128);
const people = z.array(accountId).max(50);
const assignments = z.partialRecord(z.enum(ROLES), people);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as yyyy-MM-dd');
const fieldId = z.string().regex(/^[a-zA-Z0-9_]{1,64}$/, 'a Jira field id such as customfield_10100');
const fieldName = z.string().trim().min(1, 'the name of a Jira custom field').max(255);
const resolvedField = z.strictObject({ id: fieldId, foundBy: z.union([z.strictObject({ schema: z.string().min(1).max(255) }), z.strictObject({ name: fieldName })]) });
const FIELD_KEYS = [...(Object.keys(SERVICE_DESK_FIELD_TYPES) as FieldKey[]), ...FORM_FIELD_KEYS];

/** The settings a project admin may save, checked field by field. */
export const settingsSchema = z.strictObject({
  projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'a Jira project key such as FHSD'),
  roles: z.strictObject({
    projectDefault: assignments,
    organizations: z.record(z.string().trim().min(1).max(128), assignments),
  }),
  requestTypes: z.record(z.string().trim().min(1).max(255), z.enum(PLAN_TICKET_KINDS)),
  statusEffects: z
    .array(
      z
        .strictObject({ ticketKind: z.enum(PLAN_TICKET_KINDS), status: z.string().trim().min(1).max(255), completesStage: z.number().int().min(1).max(999).optional() })
        .superRefine((effect, context) => {
          // The stage must be one of the plan the ticket kind belongs to.
          const steps = PLAN_KINDS.list.find((kind) => kind.ticketKinds.includes(effect.ticketKind))?.projectDefaults.steps ?? [];
          if (effect.completesStage !== undefined && !steps.includes(effect.completesStage)) {
            context.addIssue({ code: 'custom', path: ['completesStage'], message: `a ${effect.ticketKind} ticket's plan has no stage ${effect.completesStage}` });
          }
        }),
    )
    .max(50),
  resolvedStatuses: z.array(z.string().trim().min(1).max(255)).min(1).max(20),
  closingResolution: z.string().trim().min(1).max(255).optional(),
  releases: z.array(z.string().refine(isVersion, 'a ClinSpark version such as 25.1')).max(500),
  calendar: z.strictObject({
    workingWeekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    holidays: z.array(day).max(400),
  }),
  formFieldNames: z.strictObject(Object.fromEntries(FORM_FIELD_KEYS.map((key) => [key, fieldName.default(DEFAULT_FORM_FIELD_NAMES[key])])) as Record<(typeof FORM_FIELD_KEYS)[number], z.ZodDefault<typeof fieldName>>).default({ ...DEFAULT_FORM_FIELD_NAMES }),
  // The field ids are the server's to find: whatever a client sends back is checked, then found again on save.
  fields: z.strictObject(Object.fromEntries(FIELD_KEYS.map((key) => [key, resolvedField])) as Record<FieldKey, typeof resolvedField>).nullable().default(null),
  // The hand-kept directory of older releases, sent back by their pages: accepted, and dropped (names come from Jira).
  people: z.record(accountId, z.string().trim().min(1).max(255)).optional(),
  decisionMakers: z.record(z.string().trim().min(1).max(128), people).default({}),
  vendorName: z
    .string()
    .trim()
    .min(1, `the vendor's name as customers know it, 1 to ${VENDOR_NAME_MAX_LENGTH} characters`)
    .max(VENDOR_NAME_MAX_LENGTH, `the vendor's name is at most ${VENDOR_NAME_MAX_LENGTH} characters`)
    .default(DEFAULT_VENDOR_NAME),
});

/** The first problem of a zod result, as "field: message". */
export function firstIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.') || '(payload)';
  return { field, message: `${field}: ${issue.message}` };
}

export function validateSettings(input: unknown): AppSettings {
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    refuse('settingsValid', message, { field });
  }
  const { people: _handKept, ...settings } = parsed.data as AppSettings;
  return { ...settings, releases: [...new Set(settings.releases)].sort(compareVersions) };
}

async function requireProjectAdmin(ports: AppPorts, accountId: string, ticketKeyOrProject: { ticketKey?: string; projectKey: string }): Promise<void> {
  const permissions = ticketKeyOrProject.ticketKey ? await ports.jira.permissionsOf(accountId, ticketKeyOrProject.ticketKey) : await ports.jira.projectPermissionsOf(accountId, ticketKeyOrProject.projectKey);
  if (!permissions.has('ADMINISTER_PROJECTS')) refuse('projectAdmin', `only an administrator of project ${ticketKeyOrProject.projectKey} may read or change its settings`, { field: 'account' });
}

/** A ticket kind as the settings page offers it: its label, and the steps a status effect on it may complete. */
export interface TicketKindGuide {
  ticketKind: string;
  label: string;
  /** The steps of the plan this ticket kind belongs to, whatever its facts. */
  stages: readonly number[];
}

/** What the settings page needs of the kinds of plan to edit the settings; read only, never part of the saved settings. */
export interface SettingsGuide {
  /** Every ticket kind of every kind of plan, in the kinds' order. */
  ticketKinds: readonly TicketKindGuide[];
  /** The ticket kind a new request type row, or a new status effect row, starts at. */
  newRow: { requestType: string; statusEffect: string };
  /** What some settings do to the plans, in the kinds' words (empty when no kind says anything). */
  help: { resolvedStatuses: string; closingResolution: string; releases: string; statusEffectExample: string; vendorName: string };
}

/** The settings as the settings page reads them: the saved settings and the guide to edit them. */
export interface SettingsAnswer extends Omit<AppSettings, 'directory' | 'people'> {
  guide: SettingsGuide;
  /** The people the settings name, with their names and avatars as Jira last gave them (the pickers' values). */
  directory: Readonly<Record<string, PersonOption>>;
  /** Every Service Management organization of the site (the organization picker). */
  organizations: readonly { id: string; name: string }[];
}

function answerOf(settings: AppSettings, organizations: readonly { id: string; name: string }[]): SettingsAnswer {
  const { directory: _site, people: _handKept, ...rest } = settings;
  return { ...rest, directory: directoryOf(settings), organizations, guide: settingsGuide() };
}

/** The guide, from the kinds' declarations: their ticket kinds, steps, default status effects and notes. */
export function settingsGuide(): SettingsGuide {
  const ticketKinds = PLAN_KINDS.list.flatMap((kind) => kind.ticketKinds.map((ticketKind) => ({ ticketKind, label: kind.ticketLabels[ticketKind] ?? ticketKind, stages: kind.projectDefaults.steps })));
  const notes = (topic: 'resolvedStatuses' | 'closingResolution' | 'releases' | 'vendorName'): string => PLAN_KINDS.list.flatMap((kind) => kind.projectDefaults.notes?.[topic] ?? []).join(' ');
  const example = PLAN_KINDS.list.flatMap((kind) => kind.projectDefaults.statusEffects.map((effect) => ({ ...effect, label: kind.ticketLabels[effect.ticketKind] ?? effect.ticketKind })))[0];
  const first = ticketKinds[0]!.ticketKind;
  return {
    ticketKinds,
    newRow: { requestType: first, statusEffect: example?.ticketKind ?? first },
    help: {
      resolvedStatuses: notes('resolvedStatuses'),
      closingResolution: notes('closingResolution'),
      releases: notes('releases'),
      statusEffectExample: example ? `a ${example.label} reaching ${example.status} completes stage ${example.completesStage}.` : '',
      vendorName: notes('vendorName'),
    },
  };
}

export async function getProjectSettings(ports: AppPorts, accountId: string, projectKey: string): Promise<SettingsAnswer> {
  await requireProjectAdmin(ports, accountId, { projectKey });
  const [settings, organizations] = await Promise.all([ports.plans.loadSettings(projectKey), ports.jira.listOrganizations()]);
  // The page shows the resolution in force, the default included, so that saving keeps it.
  return answerOf({ ...settings, closingResolution: settings.closingResolution ?? DEFAULT_CLOSING_RESOLUTION, vendorName: settings.vendorName ?? DEFAULT_VENDOR_NAME }, organizations);
}

/**
 * Saves an admin's settings, all or nothing: every person they name must be a Jira account that can hold the seat and
 * every organization one of the site's (each refusal names its field); a form field name Jira does not know is refused;
 * a change that takes a role away from someone on an open plan is held back until the admin confirms it. The names and
 * avatars Jira gives for the people named (and the admin) refresh the cached directory in the same write.
 */
export async function saveProjectSettings(ports: AppPorts, accountId: string, projectKey: string, input: unknown, options: { confirmRoleRemovals?: boolean } = {}): Promise<SettingsAnswer> {
  await requireProjectAdmin(ports, accountId, { projectKey });
  const validated = validateSettings(input);
  if (validated.projectKey !== projectKey) refuse('settingsValid', `projectKey: these settings belong to ${projectKey}`, { field: 'projectKey' });
  const organizations = await ports.jira.listOrganizations();
  checkOrganizations(validated, organizations);
  const named = peopleNamedIn(validated);
  if (new Set(named.map((n) => n.accountId)).size > SETTINGS_MAX_PEOPLE) checkPeople(validated, new Map());
  const people = new Map((await ports.jira.usersByIds([...new Set([...named.map((n) => n.accountId), accountId])])).map((p) => [p.accountId, p]));
  checkPeople(validated, people);
  const fields = resolveFields(await ports.jira.listFields(), validated.formFieldNames);
  const before = await ports.plans.loadSettings(projectKey);
  const nameOf = (id: string): string | null => people.get(id)?.displayName ?? displayNameOf(before, id);
  const removals = await roleRemovalsOnOpenPlans(ports, projectKey, before, validated, organizations.map((o) => o.id), nameOf);
  if (removals.length > 0 && !options.confirmRoleRemovals) throw new RoleRemovalWarning(removals);
  const now = ports.clock.now();
  const directory = mergeDirectory(before.directory ?? {}, Object.fromEntries([...people.values()].map((p) => [p.accountId, cardOf(p, now)])));
  const settings: AppSettings = { ...validated, fields, directory };
  await ports.plans.saveSettings(settings);
  return answerOf(settings, organizations);
}

/**
 * The people a picker offers for a search: Jira's user picker as the admin sees it, narrowed to the accounts the seat
 * can hold (IQVIA's roles: Jira users; the Customer role and decision makers: portal customers first, then Jira users).
 */
export async function searchPeople(ports: AppPorts, accountId: string, projectKey: string, query: string, kind: PickerKind): Promise<PersonOption[]> {
  await requireProjectAdmin(ports, accountId, { projectKey });
  const allowed = accountTypesFor(kind === 'agent' ? 'IQVIA PM' : 'Customer');
  const found = (await ports.jira.searchUsers(query, SEARCH_MAX_RESULTS * 2)).filter((p) => p.active && allowed.includes(p.accountType));
  const ordered = kind === 'customer' ? [...found.filter((p) => p.accountType === 'customer'), ...found.filter((p) => p.accountType !== 'customer')] : found;
  return ordered.slice(0, SEARCH_MAX_RESULTS).map(({ accountId: id, displayName, avatarUrl, accountType }) => ({ accountId: id, displayName, avatarUrl, accountType }));
}
