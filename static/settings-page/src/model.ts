import { isHttpsLink, isVersion, parseList, releaseKey } from '../../shared/forms';
import type { AppSettings, FieldKey, FormFieldKey, PlanTicketKind, Release, Role, SettingsAnswer, SettingsGuide } from '../../shared/types';

/** The roles the server knows (src/domain/roles.ts); test/static checks they stay equal. The ticket kinds come with the settings (their guide). */
export const ROLES = ['Customer', 'IQVIA PM', 'IQVIA Engineer', 'IQVIA Support', 'Solution Specialist'] as const satisfies readonly Role[];

/** A ticket kind as the guide labels it; the kind itself for one the guide does not list. */
export function ticketKindLabel(guide: SettingsGuide, ticketKind: PlanTicketKind): string {
  return guide.ticketKinds.find((k) => k.ticketKind === ticketKind)?.label ?? ticketKind;
}
export const WEEKDAYS = [
  { day: 1, label: 'Monday' },
  { day: 2, label: 'Tuesday' },
  { day: 3, label: 'Wednesday' },
  { day: 4, label: 'Thursday' },
  { day: 5, label: 'Friday' },
  { day: 6, label: 'Saturday' },
  { day: 7, label: 'Sunday' },
] as const;
/** The request form's fields, found in Jira by the names given here (src/app/settings.ts FORM_FIELD_KEYS). */
export const FORM_FIELD_LABELS: Record<FormFieldKey, string> = {
  currentVersion: 'Current version',
  targetVersion: 'Target version',
  instances: 'Instances',
  keepConfigurations: 'Configurations to keep',
  preferredSlots: 'Preferred time slots',
  scenario: 'Implementation scenario (A or B)',
};
/** Service Management's own fields, found in Jira by their type (src/app/settings.ts SERVICE_DESK_FIELD_TYPES). */
export const SERVICE_DESK_FIELD_LABELS: Record<Exclude<FieldKey, FormFieldKey>, string> = {
  requestType: 'Request type',
  organizations: 'Organizations',
  requestParticipants: 'Request participants',
};
export const FIELD_LABELS: Record<FieldKey, string> = { ...SERVICE_DESK_FIELD_LABELS, ...FORM_FIELD_LABELS };

/** How the server found a field, in the page's words. */
export function foundByText(found: AppSettings['fields'], key: FieldKey): string {
  const field = found?.[key];
  if (!field) return 'Not found in Jira yet: the app looks it up when you save.';
  return 'schema' in field.foundBy ? `${field.id}, found by its type ${field.foundBy.schema}` : `${field.id}, found by the name "${field.foundBy.name}"`;
}

/** Account ids per role, in the order the admin picked them (the first owns the role's stages). */
export type People = Record<Role, string[]>;

/** A person as the pickers show them: Jira's name and avatar (src/app/people.ts PersonOption). */
export type PersonOption = SettingsAnswer['directory'][string];
/** Who holds a seat: IQVIA's roles are agents; the Customer role and decision makers are customers. */
export const pickerKindOf = (role: Role | 'Decision maker'): 'agent' | 'customer' => (role === 'Customer' || role === 'Decision maker' ? 'customer' : 'agent');

/** The settings as the form edits them: lists as text, one row per organization, request type and status effect. */
export interface SettingsForm {
  projectKey: string;
  projectDefault: People;
  /** Per organization (chosen in the organization picker): its people per role, and who takes its decisions (none: the PROD request's reporter). */
  organizations: { key: number; id: string; people: People; decisionMakers: string[] }[];
  requestTypes: { key: number; name: string; kind: PlanTicketKind }[];
  statusEffects: { key: number; ticketKind: PlanTicketKind; status: string; completesStage: string }[];
  resolvedStatuses: string;
  /** The resolution the app sets when it closes a ticket and the transition's screen asks for one. */
  closingResolution: string;
  /** The release catalogue, one row per release, in the order the admin sees them (the server keeps them oldest first). */
  releases: ReleaseRow[];
  workingWeekdays: number[];
  holidays: string;
  /** The names of the request form's fields in Jira. */
  formFieldNames: Record<FormFieldKey, string>;
  /** The fields the server found in Jira when the settings were last saved: shown, not edited. */
  found: AppSettings['fields'];
  /** The vendor as customers know it, named by plans opened from now on. */
  vendorName: string;
}

/** A release as the form edits it: empty texts for what it lacks (a release kept from settings saved before releases had dates). */
export interface ReleaseRow {
  key: number;
  version: string;
  /** yyyy-MM-dd, as a date input gives it. */
  date: string;
  notesUrl: string;
}

let rowKey = 1;
export const newRowKey = (): number => rowKey++;

const people = (assignments: Partial<Record<Role, readonly string[]>> | undefined): People => Object.fromEntries(ROLES.map((r) => [r, [...(assignments?.[r] ?? [])]])) as People;
export const emptyPeople = (): People => people(undefined);

/** The settings as the page edits them (the settings answer, or settings of the same shape). */
export type EditedSettings = Pick<AppSettings, 'projectKey' | 'roles' | 'requestTypes' | 'statusEffects' | 'resolvedStatuses' | 'closingResolution' | 'releases' | 'calendar' | 'formFieldNames' | 'fields' | 'decisionMakers' | 'vendorName'>;

export function toForm(settings: EditedSettings): SettingsForm {
  return {
    projectKey: settings.projectKey,
    projectDefault: people(settings.roles.projectDefault),
    // An organization with decision makers and no roles of its own still gets its row.
    organizations: [...new Set([...Object.keys(settings.roles.organizations), ...Object.keys(settings.decisionMakers ?? {})])].map((id) => ({
      key: newRowKey(),
      id,
      people: people(settings.roles.organizations[id]),
      decisionMakers: [...(settings.decisionMakers?.[id] ?? [])],
    })),
    requestTypes: Object.entries(settings.requestTypes).map(([name, kind]) => ({ key: newRowKey(), name, kind })),
    statusEffects: settings.statusEffects.map((e) => ({ key: newRowKey(), ticketKind: e.ticketKind, status: e.status, completesStage: e.completesStage === undefined ? '' : String(e.completesStage) })),
    resolvedStatuses: settings.resolvedStatuses.join(', '),
    closingResolution: settings.closingResolution ?? '',
    releases: settings.releases.map((r) => ({ key: newRowKey(), version: r.version, date: r.date ?? '', notesUrl: r.notesUrl ?? '' })),
    workingWeekdays: [...settings.calendar.workingWeekdays].sort((a, b) => a - b),
    holidays: settings.calendar.holidays.join('\n'),
    formFieldNames: { ...settings.formFieldNames },
    found: settings.fields,
    vendorName: settings.vendorName ?? '',
  };
}

/** Account ids the settings name that the page has no name for (not in the settings answer's directory, not picked since). */
export function unnamedAccounts(form: SettingsForm, known: Readonly<Record<string, PersonOption>>): string[] {
  const all = [form.projectDefault, ...form.organizations.map((o) => o.people)].flatMap((p) => ROLES.flatMap((r) => p[r])).concat(form.organizations.flatMap((o) => o.decisionMakers));
  return [...new Set(all)].filter((id) => !known[id]);
}

/** An organization's name as the picker shows it; the id itself for one Jira does not list (refused on save). */
export function organizationName(organizations: SettingsAnswer['organizations'], id: string): string {
  return organizations.find((o) => o.id === id)?.name ?? `Organization ${id} (not found in Jira)`;
}

/** Field keys, as the server names them (`roles.organizations.<id>.<role>`, `calendar.holidays`, `fields.targetVersion` …). */
export function fieldKeys(form: SettingsForm): string[] {
  return [
    'projectKey',
    ...ROLES.map((r) => `roles.projectDefault.${r}`),
    ...form.organizations.flatMap((o) => [`organizationRow.${o.key}`, ...ROLES.map((r) => `roles.organizations.${o.id.trim()}.${r}`), `decisionMakers.${o.id.trim()}`, `roles.organizations.${o.id.trim()}`]),
    ...form.requestTypes.flatMap((t) => [`requestTypes.${t.name.trim()}`]),
    ...form.statusEffects.flatMap((_, i) => [`statusEffects.${i}.ticketKind`, `statusEffects.${i}.status`, `statusEffects.${i}.completesStage`]),
    'roles',
    'requestTypes',
    'statusEffects',
    'resolvedStatuses',
    'closingResolution',
    'releases',
    ...form.releases.flatMap((_, i) => [`releases.${i}.version`, `releases.${i}.date`, `releases.${i}.notesUrl`]),
    'calendar.workingWeekdays',
    'calendar.holidays',
    ...Object.keys(form.formFieldNames).map((f) => `formFieldNames.${f}`),
    ...Object.keys(SERVICE_DESK_FIELD_LABELS).map((f) => `fields.${f}`),
    'vendorName',
  ];
}

/**
 * The catalogue rows as releases, checked as the server checks them, each problem keyed `releases.<row>.<field>`. An
 * empty date or link is sent as missing: the server refuses it for a release it did not have before.
 */
function releasesOf(rows: readonly ReleaseRow[], errors: Record<string, string>): Release[] {
  const seen = new Map<string, number>();
  const releases = rows.map((row, i): Release => {
    const version = row.version.trim();
    const date = row.date.trim();
    const notesUrl = row.notesUrl.trim();
    if (!version) errors[`releases.${i}.version`] = 'Give the ClinSpark version (such as 25.1), or remove the row.';
    else if (!isVersion(version)) errors[`releases.${i}.version`] = `"${version}" is not a ClinSpark version such as 25.1.`;
    else if (seen.has(releaseKey(version))) errors[`releases.${i}.version`] = `${version} is listed twice (also row ${seen.get(releaseKey(version))! + 1}): keep one row per release.`;
    else seen.set(releaseKey(version), i);
    if (date && !isRealDay(date)) errors[`releases.${i}.date`] = `"${date}" is not a date written as yyyy-MM-dd, such as 2025-03-14.`;
    if (notesUrl && !isHttpsLink(notesUrl)) errors[`releases.${i}.notesUrl`] = 'The link to the release notes, starting with https://.';
    else if (notesUrl.length > 2000) errors[`releases.${i}.notesUrl`] = 'A link is at most 2,000 characters.';
    return { version, date: date || null, notesUrl: notesUrl || null };
  });
  if (releases.length > 500) errors['releases'] = 'At most 500 releases.';
  return releases;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
function isRealDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function accountList(picked: readonly string[], key: string, errors: Record<string, string>): string[] {
  const ids = [...new Set(picked.map((id) => id.trim()).filter(Boolean))];
  const bad = ids.find((id) => id.length > 128);
  if (bad) errors[key] = `An account id is at most 128 characters ("${bad.slice(0, 20)}…" is longer).`;
  else if (ids.length > 50) errors[key] = 'At most 50 people per role.';
  return ids;
}

/** The form as settings, checked the way the server checks them; every problem keyed by its field, in words a project admin acts on. */
export function fromForm(form: SettingsForm, guide: SettingsGuide): { settings: AppSettings | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const assignments = (p: People, prefix: string): Partial<Record<Role, string[]>> =>
    Object.fromEntries(ROLES.map((r) => [r, accountList(p[r], `${prefix}.${r}`, errors)]).filter(([, ids]) => (ids as string[]).length > 0));

  const projectDefault = assignments(form.projectDefault, 'roles.projectDefault');
  const organizations: Record<string, Partial<Record<Role, string[]>>> = {};
  const decisionMakers: Record<string, string[]> = {};
  for (const org of form.organizations) {
    const id = org.id.trim();
    if (!id) errors[`organizationRow.${org.key}`] = 'Choose the organization, or remove the row.';
    else if (id.length > 128) errors[`organizationRow.${org.key}`] = 'An organization id is at most 128 characters.';
    else if (id in organizations) errors[`organizationRow.${org.key}`] = 'This organization has a row already: merge the two.';
    else {
      organizations[id] = assignments(org.people, `roles.organizations.${id}`);
      const deciders = accountList(org.decisionMakers, `decisionMakers.${id}`, errors);
      if (deciders.length > 0) decisionMakers[id] = deciders;
    }
  }

  const requestTypes: Record<string, PlanTicketKind> = {};
  for (const row of form.requestTypes) {
    const name = row.name.trim();
    if (!name) errors['requestTypes'] = 'Every request type needs its name, exactly as the service desk spells it; remove empty rows.';
    else if (name.length > 255) errors[`requestTypes.${name}`] = 'A request type name is at most 255 characters.';
    else if (name in requestTypes) errors[`requestTypes.${name}`] = `"${name}" is listed twice.`;
    else requestTypes[name] = row.kind;
  }

  const statusEffects = form.statusEffects.map((row, i) => {
    const status = row.status.trim();
    if (!status) errors[`statusEffects.${i}.status`] = 'Give the workflow status, exactly as Jira names it.';
    const stageText = row.completesStage.trim();
    const stage = stageText === '' ? undefined : Number(stageText);
    const stages = guide.ticketKinds.find((k) => k.ticketKind === row.ticketKind)?.stages ?? [];
    if (stage !== undefined && !stages.includes(stage)) {
      errors[`statusEffects.${i}.completesStage`] = stages.length > 0 ? `A stage of the plan of a ${ticketKindLabel(guide, row.ticketKind)} (${Math.min(...stages)} to ${Math.max(...stages)}), or empty.` : 'This kind of ticket completes no stage: leave it empty.';
    }
    return { ticketKind: row.ticketKind, status, ...(stage !== undefined ? { completesStage: stage } : {}) };
  });
  if (statusEffects.length > 50) errors['statusEffects'] = 'At most 50 status effects.';

  const resolvedStatuses = parseList(form.resolvedStatuses);
  if (resolvedStatuses.length === 0) errors['resolvedStatuses'] = 'Name at least one status in which a ticket counts as resolved (such as Resolved).';
  else if (resolvedStatuses.length > 20) errors['resolvedStatuses'] = 'At most 20 statuses.';

  const closingResolution = form.closingResolution.trim();
  if (closingResolution.length > 255) errors['closingResolution'] = 'A resolution name is at most 255 characters.';

  const releases = releasesOf(form.releases, errors);

  if (form.workingWeekdays.length === 0) errors['calendar.workingWeekdays'] = 'Choose at least one working day.';
  const holidays = parseList(form.holidays);
  const badDay = holidays.find((d) => !isRealDay(d));
  if (badDay) errors['calendar.holidays'] = `"${badDay}" is not a date written as yyyy-MM-dd, such as 2025-12-25.`;
  else if (holidays.length > 400) errors['calendar.holidays'] = 'At most 400 holidays.';

  for (const [key, name] of Object.entries(form.formFieldNames)) {
    if (!name.trim()) errors[`formFieldNames.${key}`] = 'Give the name of the Jira custom field, as Jira spells it.';
    else if (name.trim().length > 255) errors[`formFieldNames.${key}`] = 'A field name is at most 255 characters.';
  }

  const vendorName = form.vendorName.trim();
  if (!vendorName) errors['vendorName'] = 'Give the vendor\'s name as your customers know it (such as IQVIA).';
  else if (vendorName.length > 80) errors['vendorName'] = 'A vendor name is at most 80 characters.';
  if (Object.keys(errors).length > 0) return { settings: null, errors };
  return {
    errors,
    settings: {
      projectKey: form.projectKey,
      roles: { projectDefault, organizations },
      requestTypes,
      statusEffects,
      resolvedStatuses,
      ...(closingResolution ? { closingResolution } : {}),
      releases,
      calendar: { workingWeekdays: [...form.workingWeekdays].sort((a, b) => a - b), holidays: [...holidays].sort() },
      formFieldNames: Object.fromEntries(Object.entries(form.formFieldNames).map(([k, v]) => [k, v.trim()])) as Record<FormFieldKey, string>,
      // Sent back as shown; the server finds the fields again from the names whenever it saves.
      fields: form.found,
      decisionMakers,
      vendorName,
    },
  };
}
