import { STANDARD_CALENDAR, type WorkingCalendar } from '../domain/calendar';
import { PLAN_KINDS } from '../domain/kinds';
import { EMPTY_ROLE_MAPPING, type RoleMapping } from '../domain/roles';
import { DEFAULT_VENDOR_NAME } from '../domain/vendor';

/** The kinds of ticket a service desk request can be in a plan, over every kind of plan: it starts or joins that plan. */
export const PLAN_TICKET_KINDS = [...new Set(PLAN_KINDS.list.flatMap((kind) => kind.ticketKinds))] as readonly string[] as readonly [string, ...string[]];
export type PlanTicketKind = string;

/** What a ticket reaching a status does to its plan. */
export interface StatusEffect {
  ticketKind: PlanTicketKind;
  status: string;
  /** The stage completed when the ticket reaches the status (each kind's defaults name theirs). */
  completesStage?: number;
}

/** The Jira fields the app reads, by the app's name for each: Jira field ids such as customfield_10101. */
export interface FieldMapping {
  requestType: string;
  organizations: string;
  /** The customers a request is shared with besides its reporter. */
  requestParticipants: string;
  currentVersion: string;
  targetVersion: string;
  instances: string;
  keepConfigurations: string;
  preferredSlots: string;
  /** Implementation requests: scenario A (customer infrastructure) or B (vendor infrastructure). */
  scenario: string;
}
export type FieldKey = keyof FieldMapping;

/** Service Management's own fields, found by their custom field type: their ids differ from site to site, their type does not. */
export const SERVICE_DESK_FIELD_TYPES = {
  requestType: 'com.atlassian.servicedesk:vp-origin',
  organizations: 'com.atlassian.servicedesk:sd-customer-organizations',
  requestParticipants: 'com.atlassian.servicedesk:sd-request-participants',
} as const satisfies Partial<Record<FieldKey, string>>;
export type ServiceDeskFieldKey = keyof typeof SERVICE_DESK_FIELD_TYPES;

/** The request form's fields, which a Jira admin creates and names: found by the name the project admin gives here. */
export const FORM_FIELD_KEYS = ['currentVersion', 'targetVersion', 'instances', 'keepConfigurations', 'preferredSlots', 'scenario'] as const satisfies readonly FieldKey[];
export type FormFieldKey = (typeof FORM_FIELD_KEYS)[number];
export type FormFieldNames = Readonly<Record<FormFieldKey, string>>;

export const DEFAULT_FORM_FIELD_NAMES: FormFieldNames = {
  currentVersion: 'Current version',
  targetVersion: 'Target version',
  instances: 'Instances',
  keepConfigurations: 'Configurations to keep',
  preferredSlots: 'Preferred slots',
  scenario: 'Scenario',
};

/** How a field was found in Jira's field list: by its custom field type, or by its name. */
export type FieldSource = { schema: string } | { name: string };

/** The field ids found in Jira's field list, each with how it was found. */
export type ResolvedFields = Readonly<Record<FieldKey, { id: string; foundBy: FieldSource }>>;

/** A project admin's settings, one record per service desk project. */
export interface AppSettings {
  projectKey: string;
  roles: RoleMapping;
  /** Request type name → the kind of ticket it is in a plan. */
  requestTypes: Readonly<Record<string, PlanTicketKind>>;
  statusEffects: readonly StatusEffect[];
  /** Statuses in which a ticket counts as resolved. */
  resolvedStatuses: readonly string[];
  /** The resolution the app gives a ticket it closes, when the transition's screen asks for one; "Done" when unset. */
  closingResolution?: string;
  releases: readonly string[];
  calendar: WorkingCalendar;
  /** The names the request form's fields have in Jira. */
  formFieldNames: FormFieldNames;
  /** Field ids found in Jira's field list when the admin saved, or by the first ticket event after; null until then. */
  fields: ResolvedFields | null;
  /**
   * The hand-kept directory of display names of older releases: still read from their records and shown where Jira's
   * cached answer (`directory`) has no one, never trusted over it, never written again.
   */
  people?: Readonly<Record<string, string>>;
  /** Names and avatars as Jira last gave them (KVS `people`, the whole site's), so a panel load asks Jira nothing; not the admin's to edit. */
  directory?: PeopleDirectory;
  /**
   * Per customer organization, the people who take its decisions (the upgrade's Go/No-Go); an organization with none
   * named has its kind's default (the PROD request's reporter). Absent in settings saved by older releases.
   */
  decisionMakers?: Readonly<Record<string, readonly string[]>>;
  /** The vendor as customers know it, named in the texts of plans opened from now on; absent in older settings (the default). */
  vendorName?: string;
}

/** A person as the app last read them from Jira: enough for a panel to show them without asking Jira. */
export interface PersonCard {
  displayName: string;
  avatarUrl: string | null;
  accountType: 'atlassian' | 'customer' | 'app' | 'unknown';
  /** When Jira gave this answer (ISO instant): the oldest are dropped first when the directory is full. */
  refreshedAt: string;
}

/** Person cards by account id. */
export type PeopleDirectory = Readonly<Record<string, PersonCard>>;

export const DEFAULT_PROJECT_KEY = 'FHSD';
export const DEFAULT_CLOSING_RESOLUTION = 'Done';

export function defaultSettings(projectKey: string = DEFAULT_PROJECT_KEY): AppSettings {
  return {
    projectKey,
    roles: EMPTY_ROLE_MAPPING,
    requestTypes: Object.assign({}, ...PLAN_KINDS.list.map((kind) => kind.projectDefaults.requestTypes)) as Record<string, PlanTicketKind>,
    statusEffects: PLAN_KINDS.list.flatMap((kind) => kind.projectDefaults.statusEffects),
    resolvedStatuses: ['Resolved', 'Closed'],
    releases: [],
    calendar: STANDARD_CALENDAR,
    formFieldNames: DEFAULT_FORM_FIELD_NAMES,
    fields: null,
    decisionMakers: {},
    vendorName: DEFAULT_VENDOR_NAME,
  };
}

/** The field ids of resolved settings; the callers make sure they are resolved (the trigger resolves them first). */
export function fieldIdsOf(settings: AppSettings): FieldMapping {
  if (!settings.fields) throw new Error(`the Jira fields of project ${settings.projectKey} have not been found yet`);
  return Object.fromEntries(Object.entries(settings.fields).map(([key, field]) => [key, field.id])) as unknown as FieldMapping;
}

/** Whether resolved fields still answer the settings (an admin may have renamed a form field since they were found). */
export function fieldsMatchNames(fields: ResolvedFields, names: FormFieldNames): boolean {
  const serviceDesk = (Object.keys(SERVICE_DESK_FIELD_TYPES) as ServiceDeskFieldKey[]).every((key) => {
    const source = fields[key]?.foundBy;
    return source !== undefined && 'schema' in source && source.schema === SERVICE_DESK_FIELD_TYPES[key];
  });
  return serviceDesk && FORM_FIELD_KEYS.every((key) => {
    const source = fields[key]?.foundBy;
    return source !== undefined && 'name' in source && source.name === names[key];
  });
}
