import { buildResolver } from './forge/resolvers';

export { onIssueEvent } from './forge/triggers';
export { onTransitionValidate } from './forge/workflowValidator';
export { onScheduledRun } from './forge/scheduledJob';
export { onSlotFeedRequest } from './forge/slotFeed';

/** The resolver of every panel (issue panel, portal panel, settings page). */
export const resolver = buildResolver().getDefinitions();
