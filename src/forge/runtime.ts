import type { AppPorts } from '../app/ports';
import { ForgeJiraClient, INVOCATION_LIMIT_MS, INVOCATION_MARGIN_MS } from './jiraClient';
import { KvsPlanRepository } from './planStore';

export interface ForgePortsOptions {
  /** A trigger hands Jira's waits to Forge (InvocationError); a resolver or validator (the default) waits within its time. */
  kind?: 'trigger' | 'resolver';
  /** When the invocation started (epoch ms); now when omitted. Its deadline is Forge's 25 s less a margin. */
  startedAt?: number;
}

/** The app's ports as they run on Forge, for one invocation: KVS, Jira through @forge/api, the system clock. */
export function forgePorts(options: ForgePortsOptions = {}): AppPorts & { jira: ForgeJiraClient } {
  const deadline = (options.startedAt ?? Date.now()) + INVOCATION_LIMIT_MS - INVOCATION_MARGIN_MS;
  return { plans: new KvsPlanRepository(), jira: new ForgeJiraClient({ kind: options.kind ?? 'resolver', deadline }), clock: { now: () => new Date() } };
}
