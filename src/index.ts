export { onIssueEvent } from './forge/triggers';
