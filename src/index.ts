import { buildResolver } from './forge/resolvers';

export { onIssueEvent } from './forge/triggers';
export { onTransitionValidate } from './forge/workflowValidator';

/** The resolver of every panel (issue panel, portal panel, settings page). */
export const resolver = buildResolver().getDefinitions();
