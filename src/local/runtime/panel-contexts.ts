import { randomBytes } from 'node:crypto';
import type { JiraStandIn, UserRecord } from '../jira';
import { REQUEST_TYPE_FIELD } from '../jira';
import type { PanelContext } from './forge-app';
import { JiraAs } from './jira-as';
import { moduleAllows, type AppManifest, type ForgeAccountType, type PanelModule } from './manifest';
import type { PanelTokenRow, RuntimeStateStore } from './state-store';

/** A page's panel tokens last a working day; a script's an hour. */
export const SESSION_TOKEN_TTL_MS = 8 * 60 * 60 * 1000;
export const SCRIPT_TOKEN_TTL_MS = 60 * 60 * 1000;

export class ContextRefusal extends Error {
  constructor(
    readonly status: 403 | 404,
    message: string,
    /** Forge does not run the module for this person at all, so a page shows nothing in its place. */
    readonly moduleNotRun = false,
  ) {
    super(message);
  }
}

/** The Forge account type of a person of the site: agents hold a Jira Service Management licence, portal customers do not. */
export function accountTypeOf(person: UserRecord): ForgeAccountType {
  return person.accountType === 'atlassian' ? 'licensed' : 'customer';
}

interface IssueShape {
  id: string;
  key: string;
  fields: {
    project?: { id: string; key: string; projectTypeKey?: string };
    issuetype?: { id: string; name: string };
    [REQUEST_TYPE_FIELD]?: { requestType?: { id?: string; portalId?: string } } | null;
  };
}

export interface ContextRequest {
  readonly person: UserRecord;
  readonly panel: PanelModule;
  /** The ticket the page shows (issue and portal panels). */
  readonly issueKey?: string;
  readonly projectKey: string;
  readonly colorMode: 'light' | 'dark';
}

/**
 * The Forge context of a panel, as Jira builds it: the person signed in, the module, and the issue or project the page
 * shows, looked up as that person, so that nobody gets a context for a ticket they cannot see.
 */
export async function deriveContext(jira: JiraStandIn, origin: string, request: ContextRequest): Promise<PanelContext> {
  const { person, panel } = request;
  const accountType = accountTypeOf(person);
  // Forge runs a module only for licensed users unless its unlicensedAccess lists the account type.
  if (!moduleAllows(panel, accountType)) {
    throw new ContextRefusal(403, `${panel.key} is not available to ${accountType} accounts: its manifest entry has no unlicensedAccess for them.`, true);
  }
  const as = new JiraAs(jira, person.accountId, origin, async () => undefined);
  const agent = accountType === 'licensed';
  const base = {
    accountId: person.accountId,
    accountType,
    cloudId: jira.config.cloudId,
    siteUrl: origin,
    environmentType: 'DEVELOPMENT',
    moduleKey: panel.key,
    localId: `${panel.key}-${randomBytes(6).toString('hex')}`,
    locale: 'en-US',
    timezone: person.timeZone,
    theme: { colorMode: request.colorMode },
  };
  if (panel.type === 'jira:projectSettingsPage') {
    if (!agent) throw new ContextRefusal(403, 'Project settings are for agents of the service desk.');
    const permissions = await as.get<{ permissions?: Record<string, { havePermission?: boolean }> }>(`/rest/api/3/mypermissions?projectKey=${encodeURIComponent(request.projectKey)}&permissions=ADMINISTER_PROJECTS`);
    if (permissions.status !== 200 || permissions.body.permissions?.ADMINISTER_PROJECTS?.havePermission !== true) {
      throw new ContextRefusal(403, `Only administrators of project ${request.projectKey} can open its settings.`);
    }
    const project = await as.get<{ id: string; key: string; projectTypeKey: string }>(`/rest/api/3/project/${encodeURIComponent(request.projectKey)}`);
    if (project.status !== 200) throw new ContextRefusal(404, `Project ${request.projectKey} does not exist.`);
    return { ...base, extension: { type: panel.type, project: { id: project.body.id, key: project.body.key, type: project.body.projectTypeKey } } };
  }
  if (panel.type === 'jiraServiceManagement:queuePage') {
    // A page of the service desk's Queues section: shown to its agents, for the project they browse (no ticket).
    const permissions = await as.get<{ permissions?: Record<string, { havePermission?: boolean }> }>(`/rest/api/3/mypermissions?projectKey=${encodeURIComponent(request.projectKey)}&permissions=BROWSE_PROJECTS`);
    if (permissions.status !== 200 || permissions.body.permissions?.BROWSE_PROJECTS?.havePermission !== true) throw new ContextRefusal(404, `Project ${request.projectKey} does not exist or you cannot see it.`);
    const project = await as.get<{ id: string; key: string; projectTypeKey: string }>(`/rest/api/3/project/${encodeURIComponent(request.projectKey)}`);
    if (project.status !== 200) throw new ContextRefusal(404, `Project ${request.projectKey} does not exist.`);
    return { ...base, extension: { type: panel.type, project: { id: project.body.id, key: project.body.key, type: project.body.projectTypeKey } } };
  }
  if (!request.issueKey) throw new ContextRefusal(404, `${panel.key} is shown on a ticket.`);
  if (panel.type === 'jira:issuePanel' && !agent) throw new ContextRefusal(403, 'The issue view is for agents; customers follow their requests in the portal.');
  const found = await as.get<IssueShape>(`/rest/api/3/issue/${encodeURIComponent(request.issueKey)}?fields=project,issuetype,${REQUEST_TYPE_FIELD}`);
  if (found.status !== 200) throw new ContextRefusal(404, `${request.issueKey} does not exist or you cannot see it.`);
  const issue = found.body;
  const project = issue.fields.project;
  if (panel.type === 'jira:issuePanel') {
    return {
      ...base,
      extension: {
        type: panel.type,
        issue: { id: issue.id, key: issue.key, type: issue.fields.issuetype?.name, typeId: issue.fields.issuetype?.id },
        project: project ? { id: project.id, key: project.key, type: project.projectTypeKey } : undefined,
        isNewToIssue: false,
      },
    };
  }
  const requestType = issue.fields[REQUEST_TYPE_FIELD]?.requestType;
  return {
    ...base,
    extension: { type: panel.type, request: { key: issue.key, typeId: requestType?.id }, portal: { id: requestType?.portalId } },
  };
}

/** Panel tokens: an opaque random value the server maps to the context it derived. */
export class PanelTokens {
  constructor(
    private readonly state: RuntimeStateStore,
    private readonly manifest: AppManifest,
  ) {}

  issue(context: PanelContext, sessionId: string | null, ttlMs: number): PanelTokenRow {
    const row: PanelTokenRow = { token: randomBytes(32).toString('base64url'), sessionId, accountId: context.accountId, moduleKey: context.moduleKey, context, expiresAt: Date.now() + ttlMs };
    this.state.savePanelToken(row);
    return row;
  }

  /** The context and module behind a token; undefined when it is unknown, expired, or bound to another session. */
  resolve(token: string, sessionId: string | undefined): { panel: PanelModule; context: PanelContext } | undefined {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
    const row = this.state.findPanelToken(token, Date.now());
    if (!row || (row.sessionId !== null && row.sessionId !== sessionId)) return undefined;
    const panel = this.manifest.panels.find((p) => p.key === row.moduleKey);
    if (!panel) return undefined;
    return { panel, context: row.context as PanelContext };
  }
}
