import { COMPLETE_PHASE } from '../domain/summary';
import { refuse, PlanRefusal } from '../domain/errors';
import { kindOf } from '../domain/kinds';
import { peopleInRole, ROLES, type Role } from '../domain/roles';
import { projectOf } from './planChanges';
import type { AppPorts, JiraPerson } from './ports';
import type { AppSettings, PeopleDirectory, PersonCard } from './settings';
import { decisionMakersOf } from './viewer';

/** The most people the cached directory keeps; the least recently refreshed go first. */
export const DIRECTORY_MAX_PEOPLE = 500;
/** The directory's size as JSON at most: well under Forge's 240 KiB per value, and cheap to read on every panel load. */
export const DIRECTORY_MAX_BYTES = 150_000;
/** The most distinct people one project's settings may name. */
export const SETTINGS_MAX_PEOPLE = 300;
/** What a picker search answers at most. */
export const SEARCH_MAX_RESULTS = 20;

/** What a role (or the decision maker's seat) may be held by: IQVIA's roles by Jira users (agents), the customer's by portal customers or Jira users. */
export type Seat = Role | 'Decision maker';
const AGENT_ACCOUNTS: readonly JiraPerson['accountType'][] = ['atlassian'];
const CUSTOMER_ACCOUNTS: readonly JiraPerson['accountType'][] = ['customer', 'atlassian'];
export const accountTypesFor = (seat: Seat): readonly JiraPerson['accountType'][] => (seat === 'Customer' || seat === 'Decision maker' ? CUSTOMER_ACCOUNTS : AGENT_ACCOUNTS);

/** Who a picker searches for: agents (IQVIA's roles) or customers (the Customer role, decision makers). */
export type PickerKind = 'agent' | 'customer';

/** A person as a picker offers and the settings page shows them. */
export interface PersonOption {
  accountId: string;
  displayName: string;
  avatarUrl: string | null;
  accountType: JiraPerson['accountType'];
}

/** The card the directory keeps of a Jira answer. */
export const cardOf = (person: JiraPerson, now: Date): PersonCard => ({ displayName: person.displayName, avatarUrl: person.avatarUrl, accountType: person.accountType, refreshedAt: now.toISOString() });

/**
 * The directory with these cards added or refreshed, then trimmed to its limits by dropping the least recently
 * refreshed people other than those just given.
 */
export function mergeDirectory(directory: PeopleDirectory, cards: PeopleDirectory): PeopleDirectory {
  const merged: Record<string, PersonCard> = { ...directory, ...cards };
  const removable = Object.keys(merged)
    .filter((id) => !(id in cards))
    .sort((left, right) => merged[left]!.refreshedAt.localeCompare(merged[right]!.refreshedAt));
  let size = JSON.stringify(merged).length;
  while ((Object.keys(merged).length > DIRECTORY_MAX_PEOPLE || size > DIRECTORY_MAX_BYTES) && removable.length > 0) {
    const id = removable.shift()!;
    size -= JSON.stringify({ [id]: merged[id] }).length - 1;
    delete merged[id];
  }
  return merged;
}

/** Whether a card says something other than Jira's answer now (a new name, avatar or account type). */
const differs = (card: PersonCard | undefined, person: JiraPerson): boolean => !card || card.displayName !== person.displayName || card.avatarUrl !== person.avatarUrl || card.accountType !== person.accountType;

/** A ticket event's reporter, remembered when the directory does not know them as Jira gave them: one KVS write, and only then. */
export async function rememberReporter(ports: AppPorts, reporter: JiraPerson | null | undefined, settings: AppSettings): Promise<void> {
  if (!reporter || !differs(settings.directory?.[reporter.accountId], reporter)) return;
  await ports.plans.rememberPeople({ [reporter.accountId]: cardOf(reporter, ports.clock.now()) });
}

/** A display name as the panels write it: Jira's cached answer first, then an older release's hand-kept name. */
export function displayNameOf(settings: AppSettings, accountId: string): string | null {
  return settings.directory?.[accountId]?.displayName ?? settings.people?.[accountId] ?? null;
}

/** Names and avatars of these people as the app's directory holds them (no Jira call: a panel load makes none); those it lacks are left out. */
export function namesInDirectory(settings: AppSettings, accountIds: Iterable<string>): { names: Record<string, string>; avatars: Record<string, string> } {
  const names: Record<string, string> = {};
  const avatars: Record<string, string> = {};
  for (const id of accountIds) {
    const name = displayNameOf(settings, id);
    if (name) names[id] = name;
    const avatar = settings.directory?.[id]?.avatarUrl;
    if (avatar) avatars[id] = avatar;
  }
  return { names, avatars };
}

/**
 * Display names of these people: the app's directory first; those it lacks are asked of Jira in one batched lookup
 * (`usersByIds`, as the app) and remembered, so the next read makes no Jira call. When Jira cannot answer, a person it
 * was asked about is written by their account id: still who it was, and the read still answers.
 */
export async function namesOfPeople(ports: AppPorts, settings: AppSettings, accountIds: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const missing: string[] = [];
  for (const id of new Set(accountIds)) {
    const name = displayNameOf(settings, id);
    if (name) names.set(id, name);
    else missing.push(id);
  }
  if (missing.length === 0) return names;
  let found: JiraPerson[];
  try {
    found = await ports.jira.usersByIds(missing);
  } catch {
    for (const id of missing) names.set(id, id);
    return names;
  }
  const now = ports.clock.now();
  for (const person of found) names.set(person.accountId, person.displayName);
  if (found.length > 0) await ports.plans.rememberPeople(Object.fromEntries(found.map((person) => [person.accountId, cardOf(person, now)])));
  return names;
}

/** Every account id the settings name, with the field that names it (`roles.organizations.1.IQVIA PM.0`) and the seat it fills. */
export function peopleNamedIn(settings: Pick<AppSettings, 'roles' | 'decisionMakers'>): { accountId: string; field: string; seat: Seat }[] {
  const named: { accountId: string; field: string; seat: Seat }[] = [];
  const fromAssignments = (prefix: string, assignments: Partial<Record<Role, readonly string[]>>): void => {
    for (const role of ROLES) (assignments[role] ?? []).forEach((accountId, index) => named.push({ accountId, field: `${prefix}.${role}.${index}`, seat: role }));
  };
  fromAssignments('roles.projectDefault', settings.roles.projectDefault);
  for (const [organizationId, assignments] of Object.entries(settings.roles.organizations)) fromAssignments(`roles.organizations.${organizationId}`, assignments);
  for (const [organizationId, people] of Object.entries(settings.decisionMakers ?? {})) people.forEach((accountId, index) => named.push({ accountId, field: `decisionMakers.${organizationId}.${index}`, seat: 'Decision maker' }));
  return named;
}

const KIND_WORDS: Record<JiraPerson['accountType'], string> = { atlassian: 'a Jira user', customer: 'a portal customer', app: "an app's account", unknown: 'an account Jira cannot describe' };

/**
 * Refuses the first person Jira does not know, or who cannot hold the seat (a deactivated account, a portal customer in
 * an IQVIA role, an app), naming the field; the same person named twice in one list is refused too.
 */
export function checkPeople(settings: Pick<AppSettings, 'roles' | 'decisionMakers'>, found: ReadonlyMap<string, JiraPerson>): void {
  const named = peopleNamedIn(settings);
  const distinct = new Set(named.map((n) => n.accountId));
  if (distinct.size > SETTINGS_MAX_PEOPLE) refuse('settingsValid', `roles: the settings name ${distinct.size} people; at most ${SETTINGS_MAX_PEOPLE}`, { field: 'roles' });
  const seen = new Set<string>();
  for (const { accountId, field, seat } of named) {
    const list = field.slice(0, field.lastIndexOf('.'));
    if (seen.has(`${list}\u0000${accountId}`)) refuse('settingsValid', `${field}: ${found.get(accountId)?.displayName ?? accountId} is already listed in ${list}`, { field });
    seen.add(`${list}\u0000${accountId}`);
    const person = found.get(accountId);
    if (!person) refuse('settingsValid', `${field}: no Jira user has the account id "${accountId}"; choose the person in the picker`, { field });
    if (!person.active) refuse('settingsValid', `${field}: ${person.displayName}'s Jira account is deactivated`, { field });
    if (!accountTypesFor(seat).includes(person.accountType)) {
      const needs = seat === 'Customer' || seat === 'Decision maker' ? 'a portal customer or a Jira user' : 'a Jira user with access to the service desk (an agent)';
      refuse('settingsValid', `${field}: ${person.displayName} is ${KIND_WORDS[person.accountType]}; ${seat} needs ${needs}`, { field });
    }
  }
}

/** Refuses the first organization id that is no Service Management organization of the site, naming the field. */
export function checkOrganizations(settings: Pick<AppSettings, 'roles' | 'decisionMakers'>, organizations: readonly { id: string; name: string }[]): void {
  const known = new Set(organizations.map((o) => o.id));
  const named = [...Object.keys(settings.roles.organizations).map((id) => ({ id, field: `roles.organizations.${id}` })), ...Object.keys(settings.decisionMakers ?? {}).map((id) => ({ id, field: `decisionMakers.${id}` }))];
  const unknown = named.find((n) => !known.has(n.id));
  if (unknown) refuse('settingsValid', `${unknown.field}: no Service Management organization has the id "${unknown.id}"; choose the organization in the picker`, { field: unknown.field });
}

/** Someone who would lose a role (or the decision maker's seat) on an open plan. */
export interface RoleLoss {
  accountId: string;
  name: string | null;
  role: Seat;
}

/** An open plan on which saving takes roles away from people. */
export interface RoleRemoval {
  planId: string;
  title: string;
  ticketKey: string | null;
  organizationId: string;
  losses: readonly RoleLoss[];
}

/** The save was held back: it takes roles away from people on open plans, and the admin has not confirmed it. */
export class RoleRemovalWarning extends PlanRefusal {
  constructor(readonly roleRemovals: readonly RoleRemoval[]) {
    super('roleRemovalsUnconfirmed', roleRemovalText(roleRemovals), { field: 'confirmRoleRemovals' });
    this.name = 'RoleRemovalWarning';
  }
}

function roleRemovalText(removals: readonly RoleRemoval[]): string {
  const plans = removals.map((r) => `${r.ticketKey ?? r.planId} "${r.title}": ${r.losses.map((l) => `${l.name ?? l.accountId} loses ${l.role}`).join(', ')}`);
  return `these settings take roles away from people on ${removals.length === 1 ? 'an open plan' : `${removals.length} open plans`} (${plans.join('; ')}). Nothing was saved: save again with confirmRoleRemovals to apply them anyway`;
}

const sameList = (left: readonly string[] | undefined, right: readonly string[] | undefined): boolean => JSON.stringify(left ?? []) === JSON.stringify(right ?? []);

/** The organizations whose people in some role may differ between the two settings. */
function organizationsAffected(before: AppSettings, after: AppSettings, every: readonly string[]): string[] {
  const defaultChanged = ROLES.some((role) => !sameList(before.roles.projectDefault[role], after.roles.projectDefault[role]));
  const candidates = new Set([...Object.keys(before.roles.organizations), ...Object.keys(after.roles.organizations), ...Object.keys(before.decisionMakers ?? {}), ...Object.keys(after.decisionMakers ?? {}), ...(defaultChanged ? every : [])]);
  return [...candidates].filter(
    (id) =>
      defaultChanged ||
      ROLES.some((role) => !sameList(before.roles.organizations[id]?.[role], after.roles.organizations[id]?.[role])) ||
      !sameList(before.decisionMakers?.[id], after.decisionMakers?.[id]),
  );
}

/**
 * The project's open plans on which the new settings take a role (or the decision maker's seat) away from someone who
 * holds it now, read organization by organization from the plan index (only the organizations whose mapping changed).
 */
export async function roleRemovalsOnOpenPlans(ports: AppPorts, projectKey: string, before: AppSettings, after: AppSettings, organizationIds: readonly string[], names: (accountId: string) => string | null): Promise<RoleRemoval[]> {
  const removals: RoleRemoval[] = [];
  const now = ports.clock.now();
  for (const organizationId of organizationsAffected(before, after, organizationIds)) {
    const open = (await ports.plans.listByOrganization(organizationId)).filter((entry) => entry.phase !== COMPLETE_PHASE);
    for (const entry of open) {
      const stored = await ports.plans.load(entry.planId);
      if (!stored || projectOf(stored) !== projectKey) continue;
      const { plan } = stored;
      const losses: RoleLoss[] = [];
      for (const role of ROLES) {
        const kept = new Set(peopleInRole(after.roles, organizationId, role, plan.reporterAccountId));
        for (const accountId of peopleInRole(before.roles, organizationId, role, plan.reporterAccountId)) if (!kept.has(accountId)) losses.push({ accountId, name: names(accountId), role });
      }
      const deciders = new Set(decisionMakersOf(plan, after));
      for (const accountId of decisionMakersOf(plan, before)) if (!deciders.has(accountId)) losses.push({ accountId, name: names(accountId), role: 'Decision maker' });
      if (losses.length === 0) continue;
      const kind = kindOf(plan);
      removals.push({ planId: plan.id, title: kind.summary(plan, after.calendar, now).title, ticketKey: kind.ticketsOf(plan)[0]?.key ?? null, organizationId, losses });
    }
  }
  return removals;
}

/** The directory's cards of the people these settings name, for the settings page to show them with their names and avatars. */
export function directoryOf(settings: AppSettings): Record<string, PersonOption> {
  const ids = new Set(peopleNamedIn(settings).map((n) => n.accountId));
  return Object.fromEntries(
    [...ids].flatMap((id) => {
      const card = settings.directory?.[id];
      const legacy = settings.people?.[id];
      if (card) return [[id, { accountId: id, displayName: card.displayName, avatarUrl: card.avatarUrl, accountType: card.accountType }]];
      return legacy ? [[id, { accountId: id, displayName: legacy, avatarUrl: null, accountType: 'unknown' as const }]] : [];
    }),
  );
}
