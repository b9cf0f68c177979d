import { DEMO_FORM_FIELD_IDS } from '../../demo/cast';
import { FORWARD_COMPATIBILITY_WARNING } from '../../../domain/upgrade/request';
import { RELEASES } from '../../demo/cast';
import { ORGANIZATIONS_FIELD, REQUEST_TYPE_FIELD } from '../../jira';
import { ContextRefusal } from '../panel-contexts';
import { jiraErrorText } from '../jira-as';
import { createIssueBody, FIELD_LABELS, fieldLabel, fieldText, INSTANCE_OPTIONS, isScenarioAnswer, REQUEST_TYPE_FIELDS, SCENARIO_OPTIONS, type FormField } from '../request-form';
import { html, type Html } from './html';
import { panelFrame, type PanelEmbed } from './layout';
import { first, type PageRequest } from './request-context';
import { adfFromText, adfText, commentList, csrfField, lozenge, when, type CommentShape, type StatusField } from './widgets';

const F = DEMO_FORM_FIELD_IDS;
const UPGRADE_FIELDS = (Object.keys(FIELD_LABELS) as FormField[]).map((field) => F[field]);
const LIST_FIELDS = ['summary', 'status', 'created', 'reporter', REQUEST_TYPE_FIELD, ORGANIZATIONS_FIELD].join(',');

interface IssueShape {
  key: string;
  fields: Record<string, unknown> & { summary?: string; status?: StatusField; created?: string; reporter?: { displayName?: string } | null };
}

const requestTypeName = (issue: IssueShape) => (issue.fields[REQUEST_TYPE_FIELD] as { requestType?: { name?: string } } | null)?.requestType?.name ?? '';
const organizations = (issue: IssueShape) => ((issue.fields[ORGANIZATIONS_FIELD] as { name?: string }[] | null) ?? []).map((o) => o.name).join(', ');

/** The help center: request types to raise, and the requests this person may see (a customer: their organization's). */
export async function portalHome(page: PageRequest): Promise<void> {
  const customer = page.person.accountType === 'customer';
  const jql = customer ? 'project = FHSD ORDER BY created DESC' : 'project = FHSD AND reporter = currentUser() ORDER BY created DESC';
  const found = await page.jira.get<{ issues?: IssueShape[] }>(`/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=${LIST_FIELDS}&maxResults=100`);
  const issues = found.body.issues ?? [];
  const orgs = page.person.organizationIds.map((id) => page.organizationName(id)).join(', ');
  page.page({
    title: 'Customer portal',
    active: 'portal',
    body: html`<h1>Help center <span class="muted">· FHSD Service Desk</span></h1>
<section>
  <h2>Raise a request</h2>
  <ul class="cards">${page.deps.jira.config.requestTypes.map(
    (t) => html`<li><a class="card" href="/portal/create/${t.id}"><strong>${t.name}</strong><span class="muted">${t.description}</span></a></li>`,
  )}</ul>
</section>
<section>
  <h2>${customer ? html`Requests of ${orgs || 'your organization'}` : 'Requests you raised'}</h2>
  ${issues.length === 0
    ? html`<p class="muted">No requests yet.</p>`
    : html`<table class="grid"><thead><tr><th>Reference</th><th>Summary</th><th>Request type</th><th>Status</th><th>Raised by</th><th>Created</th></tr></thead><tbody>
  ${issues.map((i) => html`<tr><td><a href="/portal/request/${i.key}">${i.key}</a></td><td><a href="/portal/request/${i.key}">${i.fields.summary}</a></td><td>${requestTypeName(i)}</td><td>${lozenge(i.fields.status)}</td><td>${i.fields.reporter?.displayName ?? ''}</td><td>${when(i.fields.created)}</td></tr>`)}
  </tbody></table>`}
</section>`,
  });
}

function fieldInput(requestType: string, field: FormField): Html {
  const id = `f-${field}`;
  const label = fieldLabel(requestType, field);
  switch (field) {
    case 'targetVersion':
    case 'currentVersion':
      return html`<div class="field"><label for="${id}">${label}</label>
  <select id="${id}" name="${field}"><option value="">—</option>${RELEASES.map((r) => html`<option>${r.version}</option>`)}</select></div>`;
    case 'instances':
      return html`<fieldset class="field"><legend>${label}</legend>${INSTANCE_OPTIONS.map(
        (o) => html`<label class="check"><input type="checkbox" name="instances" value="${o}"> ${o}</label>`,
      )}</fieldset>`;
    case 'keepConfigurations':
      return html`<div class="field"><label for="${id}">${label}</label>
  <textarea id="${id}" name="${field}" rows="3" aria-describedby="${id}-help"></textarea>
  <p class="help" id="${id}-help">One per line. Leave empty if you keep none: you then tell us in the request's details whether reports, dashboards and exports are upgraded to the latest version through system synchronisation (our usual approach); the decision is yours. ${FORWARD_COMPATIBILITY_WARNING}</p></div>`;
    case 'preferredSlots':
      return html`<fieldset class="field"><legend>${label}</legend>
  ${[1, 2, 3].map((n) => html`<label class="slot">Slot ${n} <input type="datetime-local" name="preferredSlots"></label>`)}
  <p class="help">Times are UTC.</p></fieldset>`;
    case 'scenario':
      return html`<fieldset class="field"><legend>${label}</legend>${SCENARIO_OPTIONS.map(
        (o, i) => html`<label class="check"><input type="radio" name="scenario" value="${o.value}"${i === 0 ? ' checked' : ''}> ${o.label}</label>`,
      )}</fieldset>`;
  }
}

export async function createForm(page: PageRequest, requestTypeId: string): Promise<void> {
  const type = page.deps.jira.config.requestTypes.find((t) => t.id === requestTypeId);
  if (!type) return page.redirect('/portal', { error: 'That request type does not exist.' });
  const organizations = page.person.organizationIds.length > 0 ? page.person.organizationIds : page.deps.jira.store.listOrganizations().map((o) => o.id);
  page.page({
    title: type.name,
    active: 'portal',
    body: html`<p><a href="/portal">← Help center</a></p>
<h1>${type.name}</h1>
<p class="lead">${type.description}</p>
<form class="request-form" method="post" action="/portal/create/${type.id}">
  ${csrfField(page.signedIn.session.csrf)}
  <div class="field"><label for="f-summary">Summary</label><input id="f-summary" name="summary" required maxlength="255"></div>
  <div class="field"><label for="f-description">Description</label><textarea id="f-description" name="description" rows="4"></textarea></div>
  <div class="field"><label for="f-org">Share with organization</label>
  <select id="f-org" name="organization">${organizations.map((id) => html`<option value="${id}">${page.organizationName(id)}</option>`)}</select></div>
  ${(REQUEST_TYPE_FIELDS[type.name] ?? []).map((field) => fieldInput(type.name, field))}
  <button type="submit" class="primary">Send</button>
</form>`,
  });
}

export async function createRequest(page: PageRequest, requestTypeId: string): Promise<void> {
  const form = await page.form();
  if (!form) return;
  const type = page.deps.jira.config.requestTypes.find((t) => t.id === requestTypeId);
  if (!type) return page.redirect('/portal', { error: 'That request type does not exist.' });
  const allowed = page.person.organizationIds.length > 0 ? page.person.organizationIds : page.deps.jira.store.listOrganizations().map((o) => o.id);
  const organization = first(form, 'organization');
  const lines = (name: string) => first(form, name).split('\n').map((l) => l.trim()).filter(Boolean);
  const slots = (form.get('preferredSlots') ?? []).map((s) => s.trim()).filter(Boolean).map((s) => `${s.length === 16 ? `${s}:00` : s}Z`);
  const version = (name: string) => first(form, name) || undefined;
  const body = createIssueBody(
    page.deps.jira.config,
    {
      requestType: type.name,
      summary: first(form, 'summary') || type.name,
      ...(first(form, 'description') ? { description: first(form, 'description') } : {}),
      ...(version('targetVersion') ? { targetVersion: version('targetVersion')! } : {}),
      ...(version('currentVersion') ? { currentVersion: version('currentVersion')! } : {}),
      instances: (form.get('instances') ?? []).filter((i) => (INSTANCE_OPTIONS as readonly string[]).includes(i)),
      keepConfigurations: lines('keepConfigurations'),
      preferredSlots: slots,
      ...(isScenarioAnswer(first(form, 'scenario')) ? { scenario: first(form, 'scenario') as 'A' | 'B' } : {}),
    },
    allowed.includes(organization) ? [organization] : allowed.slice(0, 1),
  );
  const created = await page.jira.send<{ key: string }>('POST', '/rest/api/3/issue', body);
  if (created.status !== 201) return page.redirect(`/portal/create/${type.id}`, { error: jiraErrorText(created.body) });
  page.redirect(`/portal/request/${created.body.key}`, { notice: `${created.body.key} is raised.` });
}

/** One request as its customer sees it: the form's answers, the portal panel, the public conversation. */
export async function requestPage(page: PageRequest, key: string): Promise<void> {
  const found = await page.jira.get<IssueShape>(`/rest/api/3/issue/${encodeURIComponent(key)}?fields=summary,description,${LIST_FIELDS},${UPGRADE_FIELDS.join(',')}`);
  if (found.status !== 200) return page.page({ title: 'Not found', active: 'portal', body: html`<h1>Request not found</h1><p>${key} does not exist or you cannot see it.</p><p><a href="/portal">Help center</a></p>` }, 404);
  const issue = found.body;
  const comments = await page.jira.get<{ comments?: CommentShape[] }>(`/rest/api/3/issue/${encodeURIComponent(key)}/comment?expand=properties&maxResults=100`);
  const panel = await page.panel('jiraServiceManagement:portalRequestDetailPanel', key);
  const details: [string, string][] = [
    ['Request type', requestTypeName(issue)],
    ['Raised by', issue.fields.reporter?.displayName ?? ''],
    ['Shared with', organizations(issue)],
    ['Created', when(issue.fields.created)],
    ...(Object.entries(FIELD_LABELS) as [FormField, string][]).map(([field, label]): [string, string] => [label, fieldText(issue.fields[F[field]])]),
  ];
  page.page({
    title: `${issue.key} ${issue.fields.summary ?? ''}`,
    active: 'portal',
    panels: panel instanceof ContextRefusal ? [] : [panel],
    body: html`<p><a href="/portal">← Help center</a></p>
<h1><span class="muted">${issue.key}</span> ${issue.fields.summary}</h1>
<p>${lozenge(issue.fields.status)}</p>
<div class="request-layout">
  <div class="request-main">
    ${adfText(issue.fields.description)}
    ${portalPanel(panel)}
    <section><h2>Activity</h2>
      ${commentList(comments.body.comments ?? [], page.deps.jira.config.appAccountId)}
      <form method="post" action="/portal/request/${issue.key}/comment" class="comment-form">
        ${csrfField(page.signedIn.session.csrf)}
        <label for="comment">Add a comment</label><textarea id="comment" name="comment" rows="3" required></textarea>
        <button type="submit">Comment</button>
      </form>
    </section>
  </div>
  <aside class="request-side"><h2>Details</h2><dl class="details">${details.filter(([, v]) => v).map(([k, v]) => html`<dt>${k}</dt><dd class="prose">${v}</dd>`)}</dl></aside>
</div>`,
  });
}

function portalPanel(panel: PanelEmbed | ContextRefusal): Html {
  // A module Forge does not run for this person leaves no trace on the page, as on a real portal.
  if (panel instanceof ContextRefusal) return panel.moduleNotRun ? html`` : html`<p class="message error">${panel.message}</p>`;
  return panelFrame(panel);
}

export async function addPortalComment(page: PageRequest, key: string): Promise<void> {
  const form = await page.form();
  if (!form) return;
  const text = first(form, 'comment');
  if (!text) return page.redirect(`/portal/request/${key}`, { error: 'Write a comment first.' });
  const answer = await page.jira.send('POST', `/rest/api/3/issue/${encodeURIComponent(key)}/comment`, { body: adfFromText(text) });
  if (answer.status !== 201) return page.redirect(`/portal/request/${key}`, { error: jiraErrorText(answer.body) });
  page.redirect(`/portal/request/${key}`, { notice: 'Comment added.' });
}
