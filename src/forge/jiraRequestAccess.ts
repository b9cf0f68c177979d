import api, { route } from '@forge/api';
import { z } from 'zod';
import type { CustomerAccess } from '../app/ports';
import { JiraRequestError, expectOk } from './jiraClient';

/** Participant and organization lists longer than this many JSM pages (50 each) are not searched further: access is refused. */
export const MAX_PAGES = 20;

type Path = ReturnType<typeof route>;
type JiraResponse = Awaited<ReturnType<ReturnType<typeof api.asApp>['requestJira']>>;
/** A GET as the app, retried within the invocation's time budget (the client's own `send`). */
export type AppReader = (path: Path) => Promise<JiraResponse>;

const issueSchema = z.object({ fields: z.record(z.string(), z.unknown()) });
const reporterSchema = z.object({ accountId: z.string() }).nullish();
const organizationsFieldSchema = z.array(z.object({ id: z.union([z.string(), z.number()]) }).passthrough()).nullish();
/** JSM's PagedDTO: a page of `values` and whether it is the last. */
const pageSchema = z.object({ isLastPage: z.boolean(), values: z.array(z.record(z.string(), z.unknown())) });

async function readJson<T>(response: JiraResponse, path: Path, schema: z.ZodType<T>): Promise<T> {
  // Still busy or failing after the retries the time left allowed: JiraRetryLater, which a trigger hands to Forge.
  await expectOk(response, 'GET', path);
  const parsed = schema.safeParse(await response.json());
  if (!parsed.success) throw new JiraRequestError(response.status, 'GET', path.value, `unexpected answer: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/** Whether any entry of a paged JSM list matches, reading page after page until it does or the list ends. */
async function anyInPages(read: AppReader, pathAt: (start: number) => Path, matches: (value: Record<string, unknown>) => boolean): Promise<boolean> {
  for (let page = 0, start = 0; page < MAX_PAGES; page += 1) {
    const path = pathAt(start);
    const { isLastPage, values } = await readJson(await read(path), path, pageSchema);
    if (values.some(matches)) return true;
    if (isLastPage || values.length === 0) return false;
    start += values.length;
  }
  return false;
}

/**
 * How a portal customer may see a request, read as the app, cheapest first: its reporter (one call), a participant
 * (JSM's participant list), or a member of an organization the request is shared with (the customer's organizations).
 * Nothing is cached: the answer is about one person and one request, now.
 */
export async function customerAccessTo(read: AppReader, accountId: string, ticketKey: string, organizationsField: string): Promise<CustomerAccess> {
  const issuePath = route`/rest/api/3/issue/${ticketKey}?fields=reporter,${organizationsField}`;
  const response = await read(issuePath);
  if (response.status === 404) return null;
  const { fields } = await readJson(response, issuePath, issueSchema);
  const reporter = reporterSchema.safeParse(fields.reporter);
  if (reporter.success && reporter.data?.accountId === accountId) return 'reporter';

  const participant = await anyInPages(read, (start) => route`/rest/servicedeskapi/request/${ticketKey}/participant?start=${String(start)}&limit=50`, (user) => user.accountId === accountId);
  if (participant) return 'participant';

  const organizations = organizationsFieldSchema.safeParse(fields[organizationsField]);
  const shared = new Set((organizations.success ? (organizations.data ?? []) : []).map((o) => String(o.id)));
  if (shared.size === 0) return null;
  const member = await anyInPages(read, (start) => route`/rest/servicedeskapi/organization?accountId=${accountId}&start=${String(start)}&limit=50`, (organization) => shared.has(String(organization.id)));
  return member ? 'organization' : null;
}

/**
 * The JSM organizations a person belongs to, read as the app from JSM's organization list filtered by account
 * (GET /rest/servicedeskapi/organization?accountId=), page after page up to MAX_PAGES; beyond that the rest is unknown,
 * and an organization not read is not one they belong to.
 */
export async function organizationsOf(read: AppReader, accountId: string): Promise<ReadonlySet<string>> {
  const found = new Set<string>();
  for (let page = 0, start = 0; page < MAX_PAGES; page += 1) {
    const path = route`/rest/servicedeskapi/organization?accountId=${accountId}&start=${String(start)}&limit=50`;
    const { isLastPage, values } = await readJson(await read(path), path, pageSchema);
    for (const organization of values) if (organization.id !== undefined) found.add(String(organization.id));
    if (isLastPage || values.length === 0) break;
    start += values.length;
  }
  return found;
}

/** A JSM organization as pickers and imports name it. */
export interface ServiceDeskOrganization {
  id: string;
  name: string;
}

const organizationSchema = z.object({ id: z.union([z.string(), z.number()]), name: z.string() });

/**
 * Every JSM organization of the site, read as the app (GET /rest/servicedeskapi/organization), page after page up to
 * MAX_PAGES of 50; sorted by name.
 */
export async function listOrganizations(read: AppReader): Promise<ServiceDeskOrganization[]> {
  const found: ServiceDeskOrganization[] = [];
  for (let page = 0, start = 0; page < MAX_PAGES; page += 1) {
    const path = route`/rest/servicedeskapi/organization?start=${String(start)}&limit=50`;
    const { isLastPage, values } = await readJson(await read(path), path, pageSchema);
    for (const value of values) {
      const organization = organizationSchema.safeParse(value);
      if (organization.success) found.push({ id: String(organization.data.id), name: organization.data.name });
    }
    if (isLastPage || values.length === 0) break;
    start += values.length;
  }
  return found.sort((left, right) => left.name.localeCompare(right.name));
}
