import { asUser, type JiraStandIn } from '../jira';

export interface JiraAnswer<T = unknown> {
  status: number;
  body: T;
}

/**
 * The runtime's own pages talk to the Jira stand-in exactly as a browser session of that person would talk to Jira:
 * through its REST API, as the person, so that Jira's permissions (a customer sees their organization's requests
 * only) apply to every page. A write returns once the events it caused are queued for the app's triggers.
 */
export class JiraAs {
  constructor(
    private readonly jira: JiraStandIn,
    readonly accountId: string,
    private readonly origin: string,
    private readonly settled: () => Promise<void>,
  ) {}

  async get<T = unknown>(path: string): Promise<JiraAnswer<T>> {
    const answer = await this.jira.handle({ method: 'GET', path, baseUrl: this.origin }, asUser(this.accountId));
    return { status: answer.status, body: answer.body as T };
  }

  async send<T = unknown>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<JiraAnswer<T>> {
    const request = { method, path, baseUrl: this.origin, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    const answer = await this.jira.handle(request, asUser(this.accountId));
    await this.settled();
    return { status: answer.status, body: answer.body as T };
  }
}

/** The first message of a Jira error body, for a page to show. */
export function jiraErrorText(body: unknown): string {
  const b = body as { errorMessages?: string[]; errors?: Record<string, string> } | undefined;
  const parts = [...(b?.errorMessages ?? []), ...Object.entries(b?.errors ?? {}).map(([field, message]) => `${field}: ${message}`)];
  return parts.join(' ') || 'Jira refused the request.';
}
