import type { AppPorts, Clock } from '../app/ports';
import { ForgeJiraClient, INVOCATION_LIMIT_MS, INVOCATION_MARGIN_MS } from './jiraClient';
import { KvsPlanRepository } from './planStore';

/** The system clock: what a deployed function reads. */
export const SYSTEM_CLOCK: Clock = { now: () => new Date() };

export interface ForgePortsOptions {
  /** A trigger hands Jira's waits to Forge (InvocationError); a resolver or validator (the default) waits within its time. */
  kind?: 'trigger' | 'resolver';
  /** When the invocation started (epoch ms); the clock's now when omitted. Its deadline is Forge's 25 s less a margin. */
  startedAt?: number;
  /** The clock of the plan's dates and of the invocation's deadline; the system clock when omitted. */
  clock?: Clock;
}

/** The app's ports as they run on Forge, for one invocation: KVS, Jira through @forge/api, and a clock. */
export function forgePorts(options: ForgePortsOptions = {}): AppPorts & { jira: ForgeJiraClient } {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const now = (): number => clock.now().getTime();
  const deadline = (options.startedAt ?? now()) + INVOCATION_LIMIT_MS - INVOCATION_MARGIN_MS;
  return { plans: new KvsPlanRepository(), jira: new ForgeJiraClient({ kind: options.kind ?? 'resolver', deadline, now }), clock };
}
