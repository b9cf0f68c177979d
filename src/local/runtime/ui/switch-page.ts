import { DEMO_PEOPLE } from '../../demo/cast';
import type { JiraStandIn, UserRecord } from '../../jira';
import { html, type Html } from './html';

export function titleOf(person: UserRecord): string {
  const demo = DEMO_PEOPLE.find((p) => p.accountId === person.accountId);
  if (demo) return demo.title;
  if (person.accountType === 'customer') return 'Customer';
  return person.isAdmin ? 'Agent, project admin' : 'Agent';
}

function personButton(person: UserRecord, current: string | undefined): Html {
  return html`<li>
  <form method="post" action="/session">
    <input type="hidden" name="accountId" value="${person.accountId}">
    <button type="submit" class="person ${person.accountId === current ? 'current' : ''}">
      <span class="avatar" aria-hidden="true">${person.displayName.split(' ').map((w) => w[0]).join('').slice(0, 2)}</span>
      <span><strong>${person.displayName}</strong><br><span class="muted">${titleOf(person)}</span><br><code>${person.emailAddress}</code></span>
    </button>
  </form>
</li>`;
}

/** The demo cast: IQVIA's team, then each organization's customers; choosing one signs in as them. */
export function switchPage(jira: JiraStandIn, people: readonly UserRecord[], current: string | undefined): Html {
  const agents = people.filter((p) => p.accountType === 'atlassian');
  const organizations = jira.store.listOrganizations();
  return html`<h1>Act as a demo person</h1>
<p class="lead">Choose who you are. Customers see the customer portal (only their organization's requests); IQVIA's team also has the agent queue and issue view;
the project admin has the project settings page. Scripts use the same people: HTTP Basic auth with the e-mail below and any token
(<code>/rest/api/3/…</code>, <code>/forge/context-token</code>).</p>
<section class="people">
  <h2>IQVIA service desk team</h2>
  <ul class="person-list">${agents.map((p) => personButton(p, current))}</ul>
</section>
${organizations.map(
  (org) => html`<section class="people">
  <h2>${org.name} <span class="muted">· customers</span></h2>
  <ul class="person-list">${people.filter((p) => p.accountType === 'customer' && p.organizationIds.includes(org.id)).map((p) => personButton(p, current))}</ul>
</section>`,
)}`;
}
