import { PlanRefusal } from '../domain/errors';
import { namesInDirectory, namesOfPeople, peopleNamedIn } from './people';
import type { AppPorts } from './ports';
import type { AppSettings } from './settings';

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where this account id stands on its own in the text, not as part of a longer id (ids are made of letters, digits, `-`,
 * `_` and `:` as in `qm:…` and `557058:…`); a colon after it that ends a clause ("handled by acc-ss: only they") is not.
 */
const wholeId = (accountId: string): RegExp => new RegExp(`(?<![A-Za-z0-9:_-])${escaped(accountId)}(?![A-Za-z0-9_-]|:[A-Za-z0-9])`, 'g');

/** The people among these candidates that the text names by account id. */
export function accountIdsIn(text: string, candidates: Iterable<string>): string[] {
  return [...new Set(candidates)].filter((id) => id.length > 0 && wholeId(id).test(text));
}

/** The text with each account id that has a name written as that name; the longest ids first, so none is cut by a shorter one. */
export function withNamesIn(text: string, names: ReadonlyMap<string, string>): string {
  return [...names.entries()]
    .filter(([id, name]) => name && name !== id)
    .sort(([left], [right]) => right.length - left.length)
    .reduce((written, [id, name]) => written.replace(wholeId(id), () => name), text);
}

/** Everyone the project's settings know: the people directory, an older release's hand-kept names, every role and decision maker. */
export function peopleKnownTo(settings: AppSettings): string[] {
  return [...Object.keys(settings.directory ?? {}), ...Object.keys(settings.people ?? {}), ...peopleNamedIn(settings).map((n) => n.accountId)];
}

/**
 * The refusal as a person reads it: the engine names people by account id (the domain knows no names), so each one the
 * message names is written by their display name (the people directory first, one batched Jira lookup for the rest).
 * Its rule, field and stage are kept; a refusal naming no one is returned as it is.
 */
export async function refusalWithNames(ports: AppPorts, settings: AppSettings, refusal: PlanRefusal, mentioned: Iterable<string> = []): Promise<PlanRefusal> {
  const named = accountIdsIn(refusal.message, [...peopleKnownTo(settings), ...mentioned]);
  if (named.length === 0) return refusal;
  const message = withNamesIn(refusal.message, await namesOfPeople(ports, settings, named));
  if (message === refusal.message) return refusal;
  return new PlanRefusal(refusal.rule, message, { ...(refusal.field !== undefined ? { field: refusal.field } : {}), ...(refusal.stage !== undefined ? { stage: refusal.stage } : {}) });
}

/**
 * A text the app writes on a Jira ticket (an internal note: "FHSD-5 is handed to … for stage 11") with the people it
 * names by account id written by their names, as the directory knows them: no Jira call, so a delivery costs what it did.
 */
export function textWithNames(settings: AppSettings, text: string): string {
  return withNamesIn(text, new Map(Object.entries(namesInDirectory(settings, accountIdsIn(text, peopleKnownTo(settings))).names)));
}
