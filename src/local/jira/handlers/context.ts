import type { Actor } from '../auth';
import { JiraHttpError } from '../errors';
import type { JiraResponse } from '../http/messages';
import type { View } from '../issues/representation';
import type { UserRecord } from '../model';
import type { JiraSite } from '../site';

/** Everything a resource handler gets for one request. */
export interface HandlerContext {
  site: JiraSite;
  actor: Actor;
  /** For rendering: the site, the `self` link origin and the actor. */
  view: View;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** Parsed JSON body; `undefined` when the request had none. */
  body: unknown;
}

export type Handler = (context: HandlerContext) => JiraResponse | Promise<JiraResponse>;

export function requireParam(context: HandlerContext, name: string): string {
  const value = context.params[name];
  if (value === undefined) throw new Error(`Route parameter ${name} is missing`);
  return value;
}

/** The person or app account making the request; anonymous callers get 401. */
export function requireAccount(actor: Actor): UserRecord {
  if (actor.kind === 'anonymous') throw JiraHttpError.messages(401, 'You are not authenticated. Authentication required to perform this operation.');
  return actor.user;
}

export function isCustomer(actor: Actor): boolean {
  return actor.kind === 'user' && actor.user.accountType === 'customer';
}

/** Parses a non-negative integer query parameter, with Jira's 400 on garbage. */
export function integerParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw JiraHttpError.messages(400, `The value '${raw}' is invalid for the '${name}' parameter.`);
  return Number(raw);
}
