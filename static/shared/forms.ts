/** Client-side checks mirroring the server's, so most mistakes are caught before a round trip. The server stays the authority. */
import { instantOfWallClock, readerTimeZone, wallClockOfInstant } from './time';

export const REASON_MAX_LENGTH = 2000;
export const TEXT_MAX_LENGTH = 255;

export function reasonError(text: string, required: boolean): string | null {
  const trimmed = text.trim();
  if (required && trimmed.length === 0) return 'Give a reason: it is kept in the plan\'s audit trail.';
  if (trimmed.length > REASON_MAX_LENGTH) return `Keep the reason under ${REASON_MAX_LENGTH.toLocaleString('en')} characters (it has ${trimmed.length.toLocaleString('en')}).`;
  return null;
}

// The server's own rule: the panels bundle this one dependency-free module (buildPanels.test.ts, SHARED_WITH_PANELS).
export { isHttpsLink } from '../../src/domain/links';

/** A version with its trailing zero parts dropped: "25.2.0" and "25.2" are one release, as the server compares them. */
export const releaseKey = (version: string): string => version.split('.').map(Number).join('.').replace(/(\.0)+$/, '');

export const sameVersion = (a: string, b: string): boolean => releaseKey(a) === releaseKey(b);

/** A ClinSpark version such as 24.3 or 25.1.2. */
export const isVersion = (text: string): boolean => /^\d{1,4}(\.\d{1,4}){0,3}$/.test(text);

/** A `datetime-local` value (a wall-clock time in the reader's zone) as a UTC instant; refused when empty, malformed or not in the future. */
export function slotFromLocalInput(value: string, now: Date, timeZone: string = readerTimeZone()): { iso: string } | { error: string } {
  if (!value) return { error: 'Choose the date and time of the slot.' };
  const iso = instantOfWallClock(value, timeZone);
  if (!iso) return { error: 'Enter the slot as a date and a time.' };
  if (new Date(iso).getTime() <= now.getTime()) return { error: 'The slot must be in the future.' };
  return { iso };
}

/** An instant as the value of a `datetime-local` input, in the reader's time zone. */
export function localInputValue(iso: string, timeZone: string = readerTimeZone()): string {
  return wallClockOfInstant(iso, timeZone);
}

/** Lines or commas → trimmed, non-empty, de-duplicated entries, in order. */
export function parseList(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean))];
}

/** The form field a server refusal names: the longest known key that is the field path or a prefix of it (`calendar.holidays.3` → `calendar.holidays`). */
export function fieldFor(serverField: string | null, known: readonly string[]): string | null {
  if (!serverField) return null;
  let best: string | null = null;
  for (const key of known) {
    if (serverField === key || serverField.startsWith(`${key}.`)) {
      if (!best || key.length > best.length) best = key;
    }
  }
  return best;
}

/** The message of a server refusal without the field path the server puts first ("releases.2: a ClinSpark version" → "a ClinSpark version"). */
export function stripFieldPrefix(message: string, serverField: string | null): string {
  if (serverField && message.startsWith(`${serverField}: `)) return message.slice(serverField.length + 2);
  return message;
}
