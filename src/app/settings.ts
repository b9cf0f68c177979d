import { STANDARD_CALENDAR, type WorkingCalendar } from '../domain/calendar';
import { EMPTY_ROLE_MAPPING, type RoleMapping } from '../domain/roles';
import type { TicketKind } from '../domain/upgrade/request';

/** The kinds of plan a service desk request can start or join. */
export const PLAN_TICKET_KINDS = [...(['intent', 'valRequest', 'validationIssue', 'prodRequest'] as const satisfies readonly TicketKind[]), 'goLive', 'implementation'] as const;
export type PlanTicketKind = (typeof PLAN_TICKET_KINDS)[number];

/** What a ticket reaching a status does to its plan. */
export interface StatusEffect {
  ticketKind: PlanTicketKind;
  status: string;
  /** The stage completed when the ticket reaches the status (the VAL request resolved ⇒ stage 7). */
  completesStage?: number;
}

/** Where the request form's answers live on the Jira issue. */
export interface FieldMapping {
  requestType: string;
  organizations: string;
  currentVersion: string;
  targetVersion: string;
  instances: string;
  keepConfigurations: string;
  preferredSlots: string;
  /** Implementation requests: scenario A (customer infrastructure) or B (vendor infrastructure). */
  scenario: string;
}

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
  fields: FieldMapping;
  /** Display names of the people the role mapping names, so panels show names without asking Jira on every load. */
  people: Readonly<Record<string, string>>;
}

export const DEFAULT_PROJECT_KEY = 'FHSD';
export const DEFAULT_CLOSING_RESOLUTION = 'Done';

export const DEFAULT_FIELDS: FieldMapping = {
  requestType: 'customfield_10010',
  organizations: 'customfield_10002',
  currentVersion: 'customfield_10100',
  targetVersion: 'customfield_10101',
  instances: 'customfield_10102',
  keepConfigurations: 'customfield_10103',
  preferredSlots: 'customfield_10104',
  scenario: 'customfield_10105',
};

export function defaultSettings(projectKey: string = DEFAULT_PROJECT_KEY): AppSettings {
  return {
    projectKey,
    roles: EMPTY_ROLE_MAPPING,
    requestTypes: {
      'Upgrade request': 'intent',
      'VAL environment request': 'valRequest',
      'Validation issue': 'validationIssue',
      'PROD upgrade request': 'prodRequest',
      'PROD go-live': 'goLive',
      Implementation: 'implementation',
    },
    statusEffects: [{ ticketKind: 'valRequest', status: 'Resolved', completesStage: 7 }],
    resolvedStatuses: ['Resolved', 'Closed'],
    releases: [],
    calendar: STANDARD_CALENDAR,
    fields: DEFAULT_FIELDS,
    people: {},
  };
}
