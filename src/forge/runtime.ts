import type { AppPorts } from '../app/ports';
import { ForgeJiraClient } from './jiraClient';
import { KvsPlanRepository } from './planStore';

/** The app's ports as they run on Forge: KVS, Jira through @forge/api, the system clock. */
export function forgePorts(): AppPorts & { jira: ForgeJiraClient } {
  return { plans: new KvsPlanRepository(), jira: new ForgeJiraClient(), clock: { now: () => new Date() } };
}
