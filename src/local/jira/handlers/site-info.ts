import { JiraHttpError } from '../errors';
import { jsonResponse } from '../http/messages';
import { avatarUrls, issueTypeJson, statusJson } from '../issues/representation';
import { toJiraTimestamp } from '../time';
import { WORKFLOW_STATUSES } from '../workflow';
import { type Handler, requireAccount, requireParam } from './context';

export const STAND_IN_VERSION = '1001.0.0-SNAPSHOT';

/** GET /rest/api/3/serverInfo (anonymous access allowed, as in Jira). */
export const getServerInfo: Handler = ({ site, view }) =>
  jsonResponse(200, {
    baseUrl: view.baseUrl,
    displayUrl: view.baseUrl,
    displayUrlServicedeskHelpCenter: `${view.baseUrl}/servicedesk/customer/portals`,
    version: STAND_IN_VERSION,
    versionNumbers: [1001, 0, 0],
    deploymentType: 'Cloud',
    buildNumber: 100_289,
    buildDate: '2025-06-01T00:00:00.000+0000',
    serverTime: toJiraTimestamp(site.now()),
    scmInfo: 'local-jira-stand-in',
    serverTitle: 'Jira (local stand-in)',
  });

/** GET /rest/api/3/project/{projectIdOrKey} */
export const getProject: Handler = (context) => {
  const { site, actor, view } = context;
  requireAccount(actor);
  const { project } = site.config;
  const reference = requireParam(context, 'projectIdOrKey');
  if (reference.toUpperCase() !== project.key && reference !== project.id) {
    throw JiraHttpError.messages(404, `No project could be found with key '${reference}'.`);
  }
  return jsonResponse(200, {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${view.baseUrl}/rest/api/3/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    description: '',
    avatarUrls: avatarUrls(view, `project-${project.id}`),
    issueTypes: site.config.issueTypes.map((type) => issueTypeJson(view, type.id)),
    projectTypeKey: 'service_desk',
    simplified: false,
    style: 'classic',
    isPrivate: false,
    properties: {},
  });
};

/** GET /rest/api/3/status */
export const getStatuses: Handler = ({ actor, view }) => {
  requireAccount(actor);
  return jsonResponse(
    200,
    WORKFLOW_STATUSES.map((status) => statusJson(view, status)),
  );
};

/** GET /rest/api/3/status/{idOrName}: by id, else the first status of that name (as Jira says), with its category. */
export const getStatus: Handler = (context) => {
  const { actor, view } = context;
  requireAccount(actor);
  const reference = requireParam(context, 'idOrName');
  const status = WORKFLOW_STATUSES.find((candidate) => candidate.id === reference) ?? WORKFLOW_STATUSES.find((candidate) => candidate.name.toLowerCase() === reference.toLowerCase());
  if (!status) throw JiraHttpError.messages(404, `The status with ID or name '${reference}' does not exist.`);
  return jsonResponse(200, statusJson(view, status));
};
