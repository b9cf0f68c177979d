import type { DemoPerson } from '../demo/cast';
import type { Answer, DemoDriver, PanelSurface, RequestForm } from '../demo/driver';
import type { JiraStandIn } from '../jira';
import type { ForgeApp } from './forge-app';
import { JiraAs, jiraErrorText } from './jira-as';
import { panelOfType, type AppManifest, type PanelModuleType } from './manifest';
import { deriveContext } from './panel-contexts';
import { createIssueBody } from './request-form';

export const SURFACE_MODULES: Readonly<Record<PanelSurface, PanelModuleType>> = {
  issue: 'jira:issuePanel',
  portal: 'jiraServiceManagement:portalRequestDetailPanel',
  settings: 'jira:projectSettingsPage',
};

export interface RuntimeParts {
  readonly jira: JiraStandIn;
  readonly app: ForgeApp;
  readonly manifest: AppManifest;
  readonly origin: () => string;
  /** Every queued trigger event delivered. */
  readonly settle: () => Promise<void>;
}

/** The demo script's hands: Jira requests as the person, and resolver calls with the context a page would get. */
export function demoDriver(parts: RuntimeParts): DemoDriver {
  const { jira, app, manifest } = parts;
  const as = (person: DemoPerson) => new JiraAs(jira, person.accountId, parts.origin(), parts.settle);
  const expect = (what: string, status: number, body: unknown, ...ok: number[]) => {
    if (!ok.includes(status)) throw new Error(`${what}: Jira answered ${status}: ${jiraErrorText(body)}`);
  };
  return {
    async raise(person: DemoPerson, form: RequestForm): Promise<string> {
      const created = await as(person).send<{ key: string }>('POST', '/rest/api/3/issue', createIssueBody(jira.config, form, person.organizationIds ?? []));
      expect(`raise ${form.summary}`, created.status, created.body, 201);
      return created.body.key;
    },
    async comment(person, issueKey, text, internal = false) {
      const body = { body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }, properties: [{ key: 'sd.public.comment', value: { internal } }] };
      const answer = await as(person).send('POST', `/rest/api/3/issue/${issueKey}/comment`, body);
      expect(`comment on ${issueKey}`, answer.status, answer.body, 201);
    },
    async transition(person, issueKey, toStatus) {
      const list = await as(person).get<{ transitions: { id: string; to: { name: string }; fields?: { resolution?: unknown } }[] }>(`/rest/api/3/issue/${issueKey}/transitions?expand=transitions.fields`);
      const transition = list.body.transitions?.find((t) => t.to.name === toStatus);
      if (!transition) throw new Error(`${issueKey} has no transition to ${toStatus}`);
      // The Resolve screen asks for a resolution, as in Jira: the demo's people pick "Done".
      const fields = transition.fields?.resolution ? { fields: { resolution: { name: 'Done' } } } : {};
      const answer = await as(person).send('POST', `/rest/api/3/issue/${issueKey}/transitions`, { transition: { id: transition.id }, ...fields });
      expect(`move ${issueKey} to ${toStatus}`, answer.status, answer.body, 204);
    },
    async invoke(person, surface, issueKey, functionKey, payload = {}): Promise<Answer> {
      const panel = panelOfType(manifest, SURFACE_MODULES[surface]);
      if (!panel) throw new Error(`manifest.yml has no ${SURFACE_MODULES[surface]} module`);
      const context = await deriveContext(jira, parts.origin(), { person: jira.store.findUser(person.accountId)!, panel, projectKey: jira.config.project.key, colorMode: 'light', ...(issueKey ? { issueKey } : {}) });
      const answer = (await app.invokeResolver(panel, context, functionKey, payload)) as Answer;
      await parts.settle();
      return answer;
    },
    runAs: (person, fn) => app.host.runAs(person.accountId, fn),
    settle: parts.settle,
  };
}
