import type { AuditEntry } from '../domain/audit';
import type { EnvironmentRegistry } from '../domain/environments/registry';
import type { Notice } from '../domain/playbook';
import type { AnyPlan } from '../domain/kinds';
import type { JiraField } from './fieldResolution';
import type { AppSettings, PeopleDirectory, ResolvedFields } from './settings';

/** A ticket update as older releases stored it in the outbox (one issue edit); still delivered, as two calls. */
export interface LegacyTicketUpdate {
  type: 'updateTicket';
  ticketKey: string;
  assignee?: string;
  searchProperty?: PlanSearchProperty;
}

/**
 * Something the app owes Jira after a change was stored: a comment, a closed ticket, a new assignee, the plan summary
 * property. Each is delivered and cleared on its own, so one Jira refuses does not hold back the others.
 */
export type Delivery =
  | Notice
  | { type: 'assignTicket'; ticketKey: string; accountId: string }
  | { type: 'setSearchProperty'; ticketKey: string; property: PlanSearchProperty }
  | LegacyTicketUpdate;

/** A delivery kept with the plan until Jira has it, so that a crash between the two loses nothing and repeats nothing. */
export interface OutboxItem {
  id: string;
  delivery: Delivery;
}

/** The plan as stored: the plan, what is still owed to Jira, and the last event seen per ticket (triggers arrive out of order). */
export interface StoredPlan {
  plan: AnyPlan;
  /** The service desk project the plan lives in: its settings, roles and admins decide; absent in records of older releases (then its first ticket's project). */
  projectKey?: string;
  outbox: readonly OutboxItem[];
  lastEventIds: Readonly<Record<string, number>>;
  /** The plan summary the scheduled job last put on the plan's tickets, for the revision it read; a change drops it (it writes its own). */
  refreshed?: { revision: number; property: PlanSearchProperty };
  /** The hash of the plan's last audit entry (the chain's head), written with it; absent before its first linked entry. */
  auditHead?: string;
}

/** The plan summary indexed on each ticket's entity property, for JQL. */
export interface PlanSearchProperty {
  planId: string;
  phase: string;
  nextOwnerRole: string | null;
  overdue: number;
  decision: string;
  targetVersion: string;
  done: number;
  total: number;
}

/** A change to a customer's environment registry, written only if nobody changed the registry since `expectedRevision`. */
export interface RegistryCommit {
  registry: EnvironmentRegistry;
  expectedRevision: number;
  audit: readonly AuditEntry[];
}

export interface PlanCommit {
  /** The revision the change was computed from; null for a new plan. The write fails if the stored one differs. */
  expectedRevision: number | null;
  stored: StoredPlan;
  audit: readonly AuditEntry[];
  /** Tickets that join the plan with this change. */
  newTicketKeys: readonly string[];
  /** What the store indexes the plan by, as the application computed it. */
  index: PlanIndex;
  /** What the change did to the customer's environments, kept with it or not at all. */
  registry?: RegistryCommit;
}

/** Thrown when a plan changed under a writer; the use case reloads and tries again. */
export class ConcurrentChangeError extends Error {
  constructor(planId: string) {
    super(`plan ${planId} was changed by someone else`);
    this.name = 'ConcurrentChangeError';
  }
}

/** A plan's index attributes: the version it is about ('' for none), its phase, the earliest due date of an unfinished stage. */
export interface PlanIndex {
  targetVersion: string;
  phase: string;
  nextDue: string | null;
  /** When the plan's slot (proposed or confirmed) starts, ISO instant; null or absent when it has none. */
  slotStart?: string | null;
}

export interface PlanIndexEntry {
  planId: string;
  organizationId: string;
  targetVersion: string;
  phase: string;
  nextDue: string | null;
}

export interface PlanRepository {
  /** The plan a ticket belongs to, its organization's environments and the project's settings, in two reads. */
  loadForTicket(ticketKey: string, projectKey: string): Promise<{ stored: StoredPlan | undefined; settings: AppSettings; registry: EnvironmentRegistry | undefined; configured: boolean }>;
  /** An organization's environment registry; an empty one when none is stored yet. */
  loadRegistry(organizationId: string): Promise<EnvironmentRegistry>;
  commitRegistry(commit: RegistryCommit): Promise<void>;
  load(planId: string): Promise<StoredPlan | undefined>;
  findByOrganizationAndTarget(organizationId: string, targetVersion: string): Promise<StoredPlan | undefined>;
  listByOrganization(organizationId: string): Promise<PlanIndexEntry[]>;
  listDueBefore(day: string, limit: number): Promise<PlanIndexEntry[]>;
  /** One page of the plans whose earliest open stage is due before `day`, earliest first, with their records; the cursor of the next page, if any. */
  pageDueBefore(day: string, limit: number, cursor?: string): Promise<{ plans: { entry: PlanIndexEntry; stored: StoredPlan }[]; nextCursor: string | undefined }>;
  /** Records the summary the scheduled job put on a plan's tickets, if the plan is still at `revision` (ConcurrentChangeError otherwise). */
  recordRefreshed(planId: string, revision: number, property: PlanSearchProperty): Promise<void>;
  /** Every plan whose slot starts at or after this instant, earliest first, read through the slot index. */
  listSlotsFrom(instant: string): Promise<StoredPlan[]>;
  commit(commit: PlanCommit): Promise<void>;
  /** Marks deliveries done; fails silently on a concurrent change (the next writer keeps what is still owed). */
  clearDelivered(planId: string, revision: number, deliveredIds: readonly string[]): Promise<void>;
  /** Remembers the last event seen of a ticket when the event changed nothing else, so an older one arriving later is recognised. */
  markEventSeen(planId: string, ticketKey: string, eventId: number): Promise<void>;
  /** One page of a plan's history: its latest entries (at most 100) before `before` (all when absent), oldest first. */
  history(planId: string, page?: { before?: number; limit?: number }): Promise<AuditEntry[]>;
  loadSettings(projectKey: string): Promise<AppSettings>;
  /** Stores the settings with the fields found for them. */
  saveSettings(settings: AppSettings): Promise<void>;
  /** Stores fields found by a ticket event, apart from the admin's settings so that it never overwrites them. */
  saveResolvedFields(projectKey: string, fields: ResolvedFields): Promise<void>;
  /** Adds or refreshes people in the cached directory of names and avatars (a ticket event's reporter). */
  rememberPeople(cards: PeopleDirectory): Promise<void>;
}

/** What the app reads of a Jira ticket. */
export interface Ticket {
  key: string;
  projectKey: string;
  status: string;
  reporterAccountId: string | null;
  requestTypeName: string | null;
  organizationIds: readonly string[];
  fields: Readonly<Record<string, unknown>>;
  /** The id of the newest entry of the ticket's changelog when it was read (0 when it has none); absent when not read. */
  changelogId?: number;
  /** Who made the newest status change of its changelog, when it has one. */
  statusMovedBy?: string | null;
  /** The reporter as Jira gave them with the ticket (name, avatar, account type), when read. */
  reporter?: JiraPerson | null;
}

/** A Jira account as Jira's user APIs answer it: what the app checks and caches of a person. */
export interface JiraPerson {
  accountId: string;
  displayName: string;
  /** A small (24×24) avatar; null when Jira gave none. */
  avatarUrl: string | null;
  /** atlassian: a Jira user (agents); customer: a Service Management portal-only customer; app: an app's own account. */
  accountType: 'atlassian' | 'customer' | 'app' | 'unknown';
  active: boolean;
}

/** A ticket's status as read back from Jira, with the id of the newest entry of its changelog (0 when none). */
export interface TicketStatusReading {
  status: string;
  changelogId: number;
}

export const JIRA_PERMISSIONS = ['BROWSE_PROJECTS', 'ADD_COMMENTS', 'EDIT_ISSUES', 'TRANSITION_ISSUES', 'ADMINISTER_PROJECTS'] as const;
export type JiraPermission = (typeof JIRA_PERMISSIONS)[number];

/** How a portal customer may see a request, read as the app: they reported it, participate in it, or share its organization; null: none. */
export type CustomerAccess = 'reporter' | 'participant' | 'organization' | null;

export interface JiraPort {
  addComment(ticketKey: string, text: string, visibility: 'customer' | 'internal', deliveryId: string): Promise<void>;
  /** Whether a comment carrying this delivery id is already on the ticket (a retry after a crash). */
  hasDeliveredComment(ticketKey: string, deliveryId: string): Promise<boolean>;
  /** Assigns the ticket (PUT …/assignee): Jira refuses someone who may not be assigned it. */
  assign(ticketKey: string, accountId: string): Promise<void>;
  /** Sets the plan summary issue property the app's JQL aliases index. */
  setSearchProperty(ticketKey: string, property: PlanSearchProperty): Promise<void>;
  /** Moves the ticket to the first of these statuses a transition reaches, giving its screen this resolution; the status reached, or undefined when no transition does. */
  transitionTo(ticketKey: string, statuses: readonly string[], resolution: string): Promise<string | undefined>;
  /** The permissions a person holds on a ticket, asked as that person. */
  permissionsOf(accountId: string, ticketKey: string): Promise<ReadonlySet<JiraPermission>>;
  /** The permissions a person holds in a project, asked as that person. */
  projectPermissionsOf(accountId: string, projectKey: string): Promise<ReadonlySet<JiraPermission>>;
  /** Whether a portal customer may see a request, read as the app: customers cannot make asUser calls. */
  customerAccessTo(accountId: string, ticketKey: string, organizationsField: string): Promise<CustomerAccess>;
  /** Jira's field list: system and custom fields with their types. */
  listFields(): Promise<JiraField[]>;
  /** The JSM organizations a customer belongs to, read as the app (customers cannot make asUser calls). */
  organizationsOf(accountId: string): Promise<ReadonlySet<string>>;
  /** Every JSM organization of the site, read as the app, sorted by name: pickers and imports name customers by them. */
  listOrganizations(): Promise<readonly { id: string; name: string }[]>;
  /** The Jira accounts with these ids, read as the app; an id Jira does not know is absent from the answer. */
  usersByIds(accountIds: readonly string[]): Promise<JiraPerson[]>;
  /** People whose name or e-mail starts with the query, as the person asking may see them (Jira's user picker). */
  searchUsers(query: string, maxResults: number): Promise<JiraPerson[]>;
  /** A ticket's status now, with its newest changelog id: what the app records after moving a ticket itself (no event comes back). */
  ticketStatusOf(ticketKey: string): Promise<TicketStatusReading>;
  /** A ticket with its request form's answers, which Forge's issue events do not carry; read through the settings' found fields. */
  getTicket(ticketKey: string, settings: AppSettings): Promise<Ticket>;
  /** Queues Jira's e-mail notification of a ticket to one person (POST …/notify): a reminder, not kept on the ticket. */
  notify(ticketKey: string, accountId: string, message: { subject: string; text: string }): Promise<void>;
}

/**
 * Where the scheduled job's day stands: whether its refresh pass and its reminders are done. No page cursor is kept
 * between runs: Forge's cursors "are not stable and should not be persisted" (storage-reference/entities, "Cursors").
 */
export interface JobProgress {
  day: string;
  refreshDone: boolean;
  remindersDone: boolean;
}

/** The scheduled job's own records: its progress, and one reminder marker per person per day. */
export interface JobStore {
  loadProgress(): Promise<JobProgress | undefined>;
  saveProgress(progress: JobProgress): Promise<void>;
  /**
   * Claims the reminder of a person for a day: 'claimed' when this run is to send it (nobody claimed it, or a claim older
   * than `staleAfterMs` was never confirmed: its run ended between claim and confirm); 'sent' when it went out;
   * 'in-flight' when another run claimed it lately and may still be sending it.
   */
  claimReminder(day: string, accountId: string, now: Date, staleAfterMs: number): Promise<'claimed' | 'sent' | 'in-flight'>;
  /** Marks the reminder sent: no later run of the day sends it again. */
  confirmReminder(day: string, accountId: string, now: Date): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface AppPorts {
  plans: PlanRepository;
  jira: JiraPort;
  clock: Clock;
}

/** Who a slot feed belongs to: one engineer, for one project's calendar. */
export interface SlotFeedOwner {
  accountId: string;
  projectKey: string;
}

/** The secret tokens of the engineers' slot feeds (iCalendar subscriptions). */
export interface SlotFeedStore {
  /** The person's token for the project, made on first use; `renew` replaces it and the old one stops working. */
  tokenFor(owner: SlotFeedOwner, renew: boolean): Promise<string>;
  /** Whose feed a token opens, if anyone's. */
  ownerOf(token: string): Promise<SlotFeedOwner | undefined>;
}
