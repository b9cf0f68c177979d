import type { UserRecord } from './model';

const COLOURS = ['#0C66E4', '#206A83', '#5E4DB2', '#943D73', '#216E4E', '#A54800', '#AE2E24', '#44546F'];
const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * A person's default avatar, as Atlassian draws one for an account without a picture: their initials on a colour of
 * their own. Served without credentials, as Atlassian's avatar service serves them (an `<img>` sends none).
 */
export function defaultAvatarSvg(user: Pick<UserRecord, 'accountId' | 'displayName'> | undefined, size: number): string {
  const side = [16, 24, 32, 48].includes(size) ? size : 48;
  const name = user?.displayName ?? '?';
  const words = name.trim().split(/\s+/).filter(Boolean);
  const initials = words.length === 0 ? '?' : `${words[0]![0] ?? ''}${words.length > 1 ? (words.at(-1)![0] ?? '') : ''}`.toUpperCase();
  let hash = 0;
  for (const c of user?.accountId ?? '') hash = (hash * 31 + c.codePointAt(0)!) >>> 0;
  const colour = COLOURS[hash % COLOURS.length]!;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}" viewBox="0 0 48 48"><rect width="48" height="48" fill="${colour}"/><text x="24" y="24" dy="0.35em" text-anchor="middle" font-family="Arial, sans-serif" font-size="20" font-weight="600" fill="#FFFFFF">${escapeXml(initials)}</text></svg>`;
}
