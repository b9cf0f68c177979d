import { type Actor, callerFromAuthorization, type JiraCaller } from './auth';
import { buildSiteConfig, type SiteConfig, type SiteConfigOverrides } from './config';
import { INVALID_PAYLOAD, JiraHttpError, unauthenticated } from './errors';
import { type JiraEvent, JiraEventBus, type JiraEventListener } from './events';
import type { HandlerContext } from './handlers/context';
import { headerValue, type JiraRequest, type JiraResponse, jsonResponse, toFetchResponse } from './http/messages';
import type { Router } from './http/router';
import type { OrganizationRecord, UserRecord } from './model';
import { buildRouter, type RouteDefinition } from './routes';
import { JiraSite } from './site';
import { MemoryJiraStore } from './store/memory-store';
import type { JiraStore } from './store/store';
import { type Clock, systemClock } from './time';
import type { TransitionValidator } from './transition-validation';

/** A person to seed or add: agents (`atlassian`, the default) or JSM customers. */
export interface JiraUserInput {
  accountId: string;
  displayName: string;
  emailAddress: string;
  accountType?: 'atlassian' | 'customer';
  isAdmin?: boolean;
  organizationIds?: string[];
  active?: boolean;
  timeZone?: string;
}

export interface JiraStandInOptions extends SiteConfigOverrides {
  /** Where data lives; an in-memory store by default. `close()` closes it. */
  store?: JiraStore;
  clock?: Clock;
  /** Saved (created or replaced) when the stand-in starts. */
  organizations?: readonly OrganizationRecord[];
  users?: readonly JiraUserInput[];
  onListenerError?: (error: unknown, event: JiraEvent) => void;
  /** Where unexpected handler failures (answered with 500) are reported. */
  logError?: (message: string, error: unknown) => void;
}

/** `init` of a `fetch`-style call, as `@forge/api` passes it to `__forge_fetch__`. */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string> | [string, string][] | Headers;
  body?: string | null;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * An in-process Jira Cloud (REST v3 subset) for one service-desk project.
 * `handle(request, caller)` answers a request as Jira would; the HTTP server
 * (`startJiraHttpServer`) is a thin wrapper over it.
 */
export class JiraStandIn {
  readonly config: SiteConfig;
  readonly store: JiraStore;
  private readonly events: JiraEventBus;
  private readonly validators: TransitionValidator[] = [];
  private readonly site: JiraSite;
  private readonly router: Router<RouteDefinition> = buildRouter();
  private readonly logError: (message: string, error: unknown) => void;

  constructor(options: JiraStandInOptions = {}) {
    this.config = buildSiteConfig(options);
    this.store = options.store ?? new MemoryJiraStore();
    this.logError = options.logError ?? ((message, error) => console.error(message, error));
    this.events = new JiraEventBus(
      options.onListenerError ?? ((error, event) => this.logError(`Jira stand-in: listener failed on ${event.eventType}`, error)),
    );
    this.site = new JiraSite(this.config, this.store, options.clock ?? systemClock, this.events, this.validators);
    this.store.transaction(() => {
      this.store.saveUser({
        accountId: this.config.appAccountId,
        displayName: this.config.appDisplayName,
        emailAddress: '',
        accountType: 'app',
        active: true,
        isAdmin: false,
        organizationIds: [],
        timeZone: 'UTC',
      });
      for (const organization of options.organizations ?? []) this.store.saveOrganization(organization);
      for (const user of options.users ?? []) this.addUser(user);
    });
  }

  /** Creates or replaces a person. */
  addUser(input: JiraUserInput): UserRecord {
    const user: UserRecord = {
      accountId: input.accountId,
      displayName: input.displayName,
      emailAddress: input.emailAddress,
      accountType: input.accountType ?? 'atlassian',
      active: input.active ?? true,
      isAdmin: input.isAdmin ?? false,
      organizationIds: [...(input.organizationIds ?? [])],
      timeZone: input.timeZone ?? 'UTC',
    };
    this.store.transaction(() => this.store.saveUser(user));
    return user;
  }

  /** Creates or replaces a JSM organization. */
  addOrganization(organization: OrganizationRecord): void {
    this.store.transaction(() => this.store.saveOrganization(organization));
  }

  /** Registers a listener for `avi:jira:*` events; returns the function that removes it. */
  onEvent(listener: JiraEventListener): () => void {
    return this.events.subscribe(listener);
  }

  /** Resolves once every event published so far has reached the listeners. */
  whenEventsDelivered(): Promise<void> {
    return this.events.idle();
  }

  /** Registers a workflow validator consulted before every transition; returns the function that removes it. */
  addTransitionValidator(validator: TransitionValidator): () => void {
    this.validators.push(validator);
    return () => {
      const index = this.validators.indexOf(validator);
      if (index >= 0) this.validators.splice(index, 1);
    };
  }

  /** The caller an HTTP `Authorization` header stands for; undefined when the credentials are unusable. */
  callerFromAuthorization(header: string | undefined): JiraCaller | undefined {
    return callerFromAuthorization(header, this.store);
  }

  /** Answers one request as `caller`. Never throws: failures become Jira error responses. */
  async handle(request: JiraRequest, caller: JiraCaller): Promise<JiraResponse> {
    try {
      return await this.dispatch(request, caller);
    } catch (error) {
      if (error instanceof JiraHttpError) return jsonResponse(error.status, { errorMessages: error.body.errorMessages, errors: error.body.errors });
      this.logError(`Jira stand-in: ${request.method} ${request.path} failed`, error);
      return jsonResponse(500, { errorMessages: ['Internal server error'], errors: {} });
    }
  }

  /** `fetch`-style entry point for a Forge runtime adapter (`__forge_fetch__` with `remote: 'jira'`). */
  async fetch(caller: JiraCaller, path: string, init: FetchInit = {}): Promise<Response> {
    const headers = Object.fromEntries(new Headers(init.headers ?? {}).entries());
    const response = await this.handle({ method: init.method ?? 'GET', path, headers, body: init.body ?? undefined }, caller);
    return toFetchResponse(response);
  }

  /** Closes the store. */
  close(): void {
    this.store.close();
  }

  private async dispatch(request: JiraRequest, caller: JiraCaller): Promise<JiraResponse> {
    const baseUrl = request.baseUrl ?? this.config.baseUrl;
    const url = new URL(request.path, 'http://stand-in.invalid');
    const actor = this.resolveActor(caller);
    const match = this.router.match(request.method, url.pathname);
    if (match.kind === 'not-found') {
      return jsonResponse(404, { errorMessages: [`null for uri: ${baseUrl}${url.pathname}${url.search}`], errors: {} });
    }
    if (match.kind === 'method-not-allowed') {
      const response = jsonResponse(405, { errorMessages: [`Method ${request.method.toUpperCase()} is not allowed for ${url.pathname}.`], errors: {} });
      response.headers.allow = match.allowed.join(', ');
      return response;
    }
    if (actor.kind === 'anonymous' && !match.handler.anonymous) throw unauthenticated();
    const context: HandlerContext = {
      site: this.site,
      actor,
      view: { site: this.site, baseUrl, actor },
      params: match.params,
      query: url.searchParams,
      body: parseBody(request),
    };
    return match.handler.handler(context);
  }

  private resolveActor(caller: JiraCaller): Actor {
    if (caller.type === 'anonymous') return { kind: 'anonymous' };
    if (caller.type === 'app') {
      const app = this.store.findUser(this.config.appAccountId);
      if (!app) throw new Error('The app account is missing from the store.');
      return { kind: 'app', user: app };
    }
    const user = this.store.findUser(caller.accountId);
    if (!user || !user.active || user.accountType === 'app') throw unauthenticated();
    return { kind: 'user', user };
  }
}

function parseBody(request: JiraRequest): unknown {
  if (!BODY_METHODS.has(request.method.toUpperCase())) return undefined;
  const text = request.body ?? '';
  if (text.trim() === '') return undefined;
  const contentType = headerValue(request.headers, 'content-type');
  if (contentType !== undefined && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim())) {
    throw JiraHttpError.messages(415, 'Unsupported Media Type: use application/json.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw JiraHttpError.messages(400, INVALID_PAYLOAD);
  }
}
