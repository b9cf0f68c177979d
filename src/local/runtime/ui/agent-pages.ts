import { DEMO_FORM_FIELD_IDS } from '../../demo/cast';
import { ORGANIZATIONS_FIELD, REQUEST_TYPE_FIELD } from '../../jira';
import { ContextRefusal } from '../panel-contexts';
import { jiraErrorText } from '../jira-as';
import { FIELD_LABELS, fieldText, type FormField } from '../request-form';
import { html, type Html } from './html';
import { isAgent, panelFrame } from './layout';
import { first, type PageRequest } from './request-context';
import { adfFromText, adfText, commentList, csrfField, lozenge, when, type CommentShape, type StatusField } from './widgets';

const F = DEMO_FORM_FIELD_IDS;
const PLAN_PROPERTY = 'clinspark-plan';

interface PlanProperty {
  phase?: string;
  nextOwnerRole?: string | null;
  overdue?: number;
  done?: number;
  total?: number;
  targetVersion?: string;
}

interface IssueShape {
  key: string;
  fields: Record<string, unknown> & { summary?: string; status?: StatusField; created?: string; reporter?: { displayName?: string } | null; assignee?: { displayName?: string } | null };
  properties?: Record<string, unknown>;
  transitions?: { id: string; name: string; to: { name: string }; fields?: { resolution?: { allowedValues?: { name?: string }[] } } }[];
}

/** The agent queues; `overdue` searches the plan summary through the search alias the app's jira:entityProperty declares. */
export const QUEUES: Readonly<Record<string, { label: string; jql: string }>> = {
  open: { label: 'Open requests', jql: 'project = FHSD AND resolution = Unresolved ORDER BY created DESC' },
  mine: { label: 'Assigned to me', jql: 'project = FHSD AND assignee = currentUser() AND resolution = Unresolved ORDER BY created DESC' },
  overdue: { label: 'Overdue stages', jql: 'project = FHSD AND upgradeOverdueStages > 0 ORDER BY upgradeOverdueStages DESC, created DESC' },
  all: { label: 'All requests', jql: 'project = FHSD ORDER BY created DESC' },
};

function planCell(property: unknown) {
  const plan = property as PlanProperty | undefined;
  if (!plan?.phase) return html`<span class="muted">—</span>`;
  return html`${plan.phase} <span class="muted">${plan.done ?? 0}/${plan.total ?? 0}</span>${plan.nextOwnerRole ? html`<br><span class="muted">next: ${plan.nextOwnerRole}</span>` : ''}${plan.overdue ? html` <span class="badge overdue">${plan.overdue} overdue</span>` : ''}`;
}

function requireAgent(page: PageRequest): boolean {
  if (isAgent(page.person)) return true;
  page.page({ title: 'Agents only', body: html`<h1>This view is for the service desk team</h1><p>Customers follow their requests in the <a href="/portal">customer portal</a>.</p>` }, 403);
  return false;
}

/** The FHSD queue, with each ticket's plan summary from the app's issue property (as JQL and queues see it). */
export async function queuePage(page: PageRequest): Promise<void> {
  if (!requireAgent(page)) return;
  const view = QUEUES[page.url.searchParams.get('view') ?? 'open'] ? (page.url.searchParams.get('view') ?? 'open') : 'open';
  const queue = QUEUES[view]!;
  const fields = ['summary', 'status', 'created', 'reporter', 'assignee', REQUEST_TYPE_FIELD, ORGANIZATIONS_FIELD].join(',');
  const found = await page.jira.get<{ issues?: IssueShape[] }>(`/rest/api/3/search/jql?jql=${encodeURIComponent(queue.jql)}&fields=${fields}&properties=${PLAN_PROPERTY}&maxResults=100`);
  const issues = found.body.issues ?? [];
  page.page({
    title: 'Queue',
    active: 'queue',
    body: html`<h1>FHSD queues</h1>
<nav class="tabs" aria-label="Queues">${Object.entries(QUEUES).map(([key, q]) => html`<a href="/queue?view=${key}" ${key === view ? html`aria-current="page"` : ''}>${q.label}</a>`)}</nav>
<p class="muted"><code>${queue.jql}</code> · ${issues.length} request(s)</p>
<table class="grid"><thead><tr><th>Key</th><th>Summary</th><th>Request type</th><th>Organization</th><th>Reporter</th><th>Assignee</th><th>Status</th><th>Upgrade plan</th><th>Created</th></tr></thead><tbody>
${issues.map(
  (i) => html`<tr><td><a href="/issue/${i.key}">${i.key}</a></td><td><a href="/issue/${i.key}">${i.fields.summary}</a></td>
<td>${(i.fields[REQUEST_TYPE_FIELD] as { requestType?: { name?: string } } | null)?.requestType?.name ?? ''}</td>
<td>${((i.fields[ORGANIZATIONS_FIELD] as { name?: string }[] | null) ?? []).map((o) => o.name).join(', ')}</td>
<td>${i.fields.reporter?.displayName ?? ''}</td><td>${i.fields.assignee?.displayName ?? html`<span class="muted">Unassigned</span>`}</td>
<td>${lozenge(i.fields.status)}</td><td>${planCell(i.properties?.[PLAN_PROPERTY])}</td><td>${when(i.fields.created)}</td></tr>`,
)}
</tbody></table>`,
  });
}

/** The agent's issue view: fields, workflow transitions (the app's validator decides), comments, and the issue panel. */
export async function issuePage(page: PageRequest, key: string): Promise<void> {
  if (!requireAgent(page)) return;
  const fields = ['summary', 'description', 'status', 'created', 'reporter', 'assignee', 'resolution', REQUEST_TYPE_FIELD, ORGANIZATIONS_FIELD, ...Object.keys(FIELD_LABELS).map((f) => F[f as FormField])].join(',');
  const found = await page.jira.get<IssueShape>(`/rest/api/3/issue/${encodeURIComponent(key)}?fields=${fields}&expand=transitions.fields&properties=${PLAN_PROPERTY}`);
  if (found.status !== 200) return page.page({ title: 'Not found', active: 'queue', body: html`<h1>Issue not found</h1><p>${key} does not exist or you cannot see it.</p>` }, 404);
  const issue = found.body;
  const comments = await page.jira.get<{ comments?: CommentShape[] }>(`/rest/api/3/issue/${encodeURIComponent(key)}/comment?expand=properties&maxResults=100`);
  const panel = await page.panel('jira:issuePanel', key);
  const organizations = ((issue.fields[ORGANIZATIONS_FIELD] as { name?: string }[] | null) ?? []).map((o) => o.name).join(', ');
  const answers = (Object.entries(FIELD_LABELS) as [FormField, string][]).map(([field, label]) => [label, fieldText(issue.fields[F[field]])] as const).filter(([, v]) => v);
  page.page({
    title: `${issue.key} ${issue.fields.summary ?? ''}`,
    active: 'queue',
    panels: panel instanceof ContextRefusal ? [] : [panel],
    body: html`<p><a href="/queue">← Queue</a></p>
<h1><span class="muted">${issue.key}</span> ${issue.fields.summary}</h1>
<div class="issue-layout">
  <div class="issue-main">
    <section><h2>Description</h2>${adfText(issue.fields.description)}</section>
    ${answers.length > 0 ? html`<section><h2>Request form</h2><dl class="details">${answers.map(([k, v]) => html`<dt>${k}</dt><dd class="prose">${v}</dd>`)}</dl></section>` : ''}
    ${panel instanceof ContextRefusal ? html`<p class="message error">${panel.message}</p>` : panelFrame(panel)}
    <section><h2>Activity</h2>
      ${commentList(comments.body.comments ?? [], page.deps.jira.config.appAccountId)}
      <form method="post" action="/issue/${issue.key}/comment" class="comment-form">
        ${csrfField(page.signedIn.session.csrf)}
        <label for="comment">Add a comment</label><textarea id="comment" name="comment" rows="3" required></textarea>
        <div class="row"><label class="check"><input type="radio" name="visibility" value="internal" checked> Internal note</label>
        <label class="check"><input type="radio" name="visibility" value="public"> Reply to customer</label>
        <button type="submit">Save</button></div>
      </form>
    </section>
  </div>
  <aside class="issue-side">
    <div class="status-box">${lozenge(issue.fields.status)}
      <form method="post" action="/issue/${issue.key}/transition" class="transitions">
        ${csrfField(page.signedIn.session.csrf)}
        ${(issue.transitions ?? []).map((t) => html`<button type="submit" name="transitionId" value="${t.id}" title="to ${t.to.name}">${t.name}</button>`)}
        ${resolutionChoice(issue.transitions ?? [])}
      </form>
    </div>
    <dl class="details">
      <dt>Request type</dt><dd>${(issue.fields[REQUEST_TYPE_FIELD] as { requestType?: { name?: string } } | null)?.requestType?.name ?? ''}</dd>
      <dt>Organizations</dt><dd>${organizations}</dd>
      <dt>Reporter</dt><dd>${issue.fields.reporter?.displayName ?? ''}</dd>
      <dt>Assignee</dt><dd>${issue.fields.assignee?.displayName ?? 'Unassigned'}</dd>
      <dt>Created</dt><dd>${when(issue.fields.created)}</dd>
      <dt>Upgrade plan</dt><dd>${planCell(issue.properties?.[PLAN_PROPERTY])}</dd>
    </dl>
    <p><a href="/portal/request/${issue.key}">View in the customer portal</a></p>
  </aside>
</div>`,
  });
}

/** The Resolution of the transition screens that have one (Resolve, Close, Cancel), "Done" chosen as in Jira's dialog. */
function resolutionChoice(transitions: NonNullable<IssueShape['transitions']>): Html | string {
  const names = transitions.flatMap((t) => t.fields?.resolution?.allowedValues ?? []).map((v) => v.name ?? '').filter((name, i, all) => name && all.indexOf(name) === i);
  if (names.length === 0) return '';
  return html`<label for="resolution">Resolution</label><select id="resolution" name="resolution">${names.map((name) => html`<option value="${name}" ${name === 'Done' ? 'selected' : ''}>${name}</option>`)}</select>`;
}

export async function transitionIssue(page: PageRequest, key: string): Promise<void> {
  if (!requireAgent(page)) return;
  const form = await page.form();
  if (!form) return;
  const transitionId = first(form, 'transitionId');
  // A transition with a screen that has Resolution is sent with the one chosen; Jira refuses it on any other transition.
  const screen = await page.jira.get<{ transitions?: IssueShape['transitions'] }>(`/rest/api/3/issue/${encodeURIComponent(key)}/transitions?transitionId=${encodeURIComponent(transitionId)}&expand=transitions.fields`);
  const hasResolution = !!screen.body.transitions?.[0]?.fields?.resolution;
  const fields = hasResolution ? { fields: { resolution: { name: first(form, 'resolution') || 'Done' } } } : {};
  const answer = await page.jira.send('POST', `/rest/api/3/issue/${encodeURIComponent(key)}/transitions`, { transition: { id: transitionId }, ...fields });
  if (answer.status !== 204) return page.redirect(`/issue/${key}`, { error: jiraErrorText(answer.body) });
  page.redirect(`/issue/${key}`, { notice: 'Status changed.' });
}

export async function addAgentComment(page: PageRequest, key: string): Promise<void> {
  if (!requireAgent(page)) return;
  const form = await page.form();
  if (!form) return;
  const text = first(form, 'comment');
  if (!text) return page.redirect(`/issue/${key}`, { error: 'Write a comment first.' });
  const internal = first(form, 'visibility') !== 'public';
  const answer = await page.jira.send('POST', `/rest/api/3/issue/${encodeURIComponent(key)}/comment`, { body: adfFromText(text), properties: [{ key: 'sd.public.comment', value: { internal } }] });
  if (answer.status !== 201) return page.redirect(`/issue/${key}`, { error: jiraErrorText(answer.body) });
  page.redirect(`/issue/${key}`, { notice: internal ? 'Internal note added.' : 'Reply sent to the customer.' });
}

/** The project settings page (jira:projectSettingsPage), for project admins. */
export async function settingsPage(page: PageRequest): Promise<void> {
  const panel = await page.panel('jira:projectSettingsPage');
  if (panel instanceof ContextRefusal) {
    return page.page({ title: 'Project settings', active: 'settings', body: html`<h1>Project settings</h1><p class="message error">${panel.message}</p>` }, panel.status);
  }
  page.page({ title: 'Project settings', active: 'settings', panels: [panel], body: html`<h1>FHSD project settings</h1>${panelFrame(panel)}` });
}

/** The calendar of every customer's slots (jiraServiceManagement:queuePage), in the service desk's Queues section: agents only. */
export async function calendarPage(page: PageRequest): Promise<void> {
  if (!requireAgent(page)) return;
  const panel = await page.panel('jiraServiceManagement:queuePage');
  if (panel instanceof ContextRefusal) {
    return page.page({ title: 'Upgrade slots calendar', active: 'calendar', body: html`<h1>Upgrade slots calendar</h1><p class="message error">${panel.message}</p>` }, panel.status);
  }
  page.page({ title: 'Upgrade slots calendar', active: 'calendar', panels: [panel], body: html`<h1>FHSD queues · Upgrade slots calendar</h1>${panelFrame(panel)}` });
}
