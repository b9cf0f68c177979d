import type { PlanView } from './types';

/** Display names by account id, as far as the plan knows them (Jira's, cached by the app), and their avatars when Jira gave one. */
export interface Names extends ReadonlyMap<string, string> {
  avatarOf?(accountId: string): string | undefined;
}

/**
 * Everyone the server named in this plan view: the view's `names` (reporter, owners, who started, completed or decided)
 * and each stage owner's name (all an older server gave), with the view's avatars.
 */
export function namesOf(plan: Pick<PlanView, 'phases'> & { names?: PlanView['names']; avatars?: PlanView['avatars'] }): Names {
  const names = new Map<string, string>();
  for (const phase of plan.phases) for (const stage of phase.stages) if (stage.owner && stage.ownerName) names.set(stage.owner, stage.ownerName);
  for (const [accountId, name] of Object.entries(plan.names ?? {})) if (name?.trim()) names.set(accountId, name);
  const avatars = plan.avatars ?? {};
  return Object.assign(names, { avatarOf: (accountId: string): string | undefined => (Object.prototype.hasOwnProperty.call(avatars, accountId) ? avatars[accountId] : undefined) });
}

/** These names with more the server gave (an environments answer's people), and their avatars; the more recent answer wins. */
export function withMoreNames(names: Names | undefined, more: { names?: Readonly<Record<string, string>>; avatars?: Readonly<Record<string, string>> } | null | undefined): Names {
  const merged = new Map<string, string>(names ?? []);
  for (const [accountId, name] of Object.entries(more?.names ?? {})) if (name?.trim()) merged.set(accountId, name);
  const avatars = more?.avatars ?? {};
  return Object.assign(merged, { avatarOf: (accountId: string): string | undefined => (Object.prototype.hasOwnProperty.call(avatars, accountId) ? avatars[accountId] : names?.avatarOf?.(accountId)) });
}

/** How a person is written: "You" for the viewer, their display name when known, else the account id. */
export function personText(accountId: string | null, viewerAccountId: string, names: Names = new Map()): { text: string; known: boolean } {
  if (!accountId) return { text: 'Unassigned', known: true };
  if (accountId === viewerAccountId) return { text: 'You', known: true };
  const name = names.get(accountId)?.trim();
  return name ? { text: name, known: true } : { text: accountId, known: false };
}

/** Up to two initials: "Ada Lovelace" → "AL", "jean-luc picard" → "JP", "Cher" → "C"; an account id gives its first character. */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/[\s\-_.]+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0) return '?';
  const first = (w: string): string => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0]?.toUpperCase() ?? '';
  return words.length === 1 ? first(words[0]!) : `${first(words[0]!)}${first(words[words.length - 1]!)}`;
}

/** The avatar colours (@atlaskit/tokens bold backgrounds, with their light-theme fallbacks), white text readable on each. */
const AVATAR_COLOURS = [
  ['--ds-background-brand-bold', '#0C66E4'],
  ['--ds-background-accent-teal-bolder', '#206A83'],
  ['--ds-background-accent-purple-bolder', '#5E4DB2'],
  ['--ds-background-accent-magenta-bolder', '#943D73'],
  ['--ds-background-accent-green-bolder', '#216E4E'],
  ['--ds-background-accent-orange-bolder', '#A54800'],
  ['--ds-background-accent-red-bolder', '#AE2E24'],
  ['--ds-background-accent-gray-bolder', '#44546F'],
] as const;

/** The same person always gets the same colour (a hash of the account id). */
export function avatarColour(accountId: string): string {
  let hash = 0;
  for (const c of accountId) hash = (hash * 31 + c.codePointAt(0)!) >>> 0;
  const [variable, fallback] = AVATAR_COLOURS[hash % AVATAR_COLOURS.length]!;
  return `var(${variable}, ${fallback})`;
}
