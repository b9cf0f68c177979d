/**
 * Every time a panel shows a person, in one place: instants in the reader's time zone, each labelled with the zone's
 * short name ("1 Dec 2026, 09:00 CET"), and calendar days (due dates, yyyy-MM-dd) as the days they are, never shifted.
 *
 * The reader's zone is the one Jira keeps for the person: Custom UI's `view.getContext()` gives it as `timezone`
 * (forge-docs/custom-ui-bridge/view: "The timezone of the user that interacted with the app"); a panel adopts it before
 * its first render (readerZone.ts). Until then, or when the context has none, the browser's zone is used.
 * No Forge import here: the module is pure and tested in Node.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const OFFSET_NAME = /^(GMT|UTC)[+\-−]/;
const HOUR_MS = 3_600_000;

let browser: string | null = null;

/** The zone the browser runs in; UTC when it cannot say. Asked once: each asking makes an Intl.DateTimeFormat (slow). */
export function browserZone(): string {
  if (browser === null) {
    try {
      browser = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    } catch {
      browser = 'UTC';
    }
  }
  return browser;
}

/** An IANA zone name this browser knows ("Europe/Prague"); anything else is not one. */
export function isTimeZone(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

let reader: string | null = null;

/** The zone times are shown in: the person's Jira zone once adopted, else the browser's. */
export function readerTimeZone(): string {
  return reader ?? browserZone();
}

/** Adopts the person's zone from the Forge context; a missing or unknown name leaves the browser's. True when adopted. */
export function setReaderTimeZone(name: unknown): boolean {
  if (!isTimeZone(name)) return false;
  reader = name;
  return true;
}

/** Intl.DateTimeFormat objects are slow to make (about a millisecond each): one per zone and purpose, made once. */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'parts' | 'us-name', zone: string): Intl.DateTimeFormat {
  const key = `${kind}|${zone}`;
  let format = FORMATTERS.get(key);
  if (!format) {
    format =
      kind === 'parts'
        ? new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' })
        : new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' });
    FORMATTERS.set(key, format);
  }
  return format;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  zoneName: string;
}

function wallClockOf(ms: number, zone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter('parts', zone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour) % 24, minute: Number(parts.minute), second: Number(parts.second), zoneName: parts.timeZoneName ?? '' };
}

/** How far the zone's clocks are ahead of UTC at an instant, in milliseconds (whole seconds). */
function offsetAt(ms: number, zone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const w = wallClockOf(whole, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
}

/**
 * The zone's short name at an instant, as people write it: "GMT", "BST", "CET", "CEST", "EST", "EDT"; a zone with no
 * common abbreviation keeps its offset ("GMT+9"). British English names the European zones, American English the
 * American ones, so both are asked and the first real abbreviation wins.
 */
export function zoneShortName(zone: string = readerTimeZone(), at: Date = new Date()): string {
  try {
    const british = wallClockOf(at.getTime(), zone).zoneName;
    if (!OFFSET_NAME.test(british)) return british;
    const american = formatter('us-name', zone).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? british;
    return OFFSET_NAME.test(american) ? british : american;
  } catch {
    return zone;
  }
}

/** The reader's zone for a label: "Europe/Prague, CET". */
export function zoneLabel(zone: string = readerTimeZone(), at: Date = new Date()): string {
  const short = zoneShortName(zone, at);
  return short === zone ? zone : `${zone}, ${short}`;
}

/** A due date (yyyy-MM-dd, a calendar day) as "3 Mar 2025"; never shifted by any time zone. */
export function formatDay(day: string | null): string {
  if (!day) return '';
  if (!DATE.test(day)) return day;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** An instant in the reader's time zone, with the zone named: "3 Mar 2025, 14:00 CET". */
export function formatInstant(iso: string | null, timeZone: string = readerTimeZone()): string {
  if (!iso) return '';
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return iso;
  try {
    const w = wallClockOf(ms, timeZone);
    const pad = (n: number): string => String(n).padStart(2, '0');
    return `${w.day} ${MONTHS[w.month - 1]} ${w.year}, ${pad(w.hour)}:${pad(w.minute)} ${zoneShortName(timeZone, new Date(ms))}`;
  } catch {
    return new Date(ms).toISOString();
  }
}

/** The calendar day an instant falls on where the reader is (yyyy-MM-dd): an entry at 23:30 UTC is the next day in Prague. */
export function dayOfInstant(iso: string, timeZone: string = readerTimeZone()): string {
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return iso.slice(0, 10);
  try {
    const w = wallClockOf(ms, timeZone);
    return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}

/** An instant as its day where the reader is: "3 Mar 2025". */
export function formatInstantDay(iso: string | null, timeZone: string = readerTimeZone()): string {
  return iso ? formatDay(dayOfInstant(iso, timeZone)) : '';
}

/**
 * A wall-clock time in a zone ("2026-03-08T09:00", a `datetime-local` value) as the instant it names, or null when it
 * is not one. A time the clocks skip (spring forward) is read with the offset before the change, so 02:30 becomes
 * 03:30, as browsers do; a time they repeat (fall back) is its first occurrence.
 */
export function instantOfWallClock(value: string, timeZone: string = readerTimeZone()): string | null {
  const match = WALL_CLOCK.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((n) => Number(n ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(asUtc).getUTCDate() !== day) return null;
  try {
    // A zone changes its offset at most once in a day: the offsets half a day either side are the only candidates.
    const before = offsetAt(asUtc - 12 * HOUR_MS, timeZone);
    const after = offsetAt(asUtc + 12 * HOUR_MS, timeZone);
    const fits = [before, after].map((o) => asUtc - o).filter((t) => offsetAt(t, timeZone) === asUtc - t);
    const ms = fits.length > 0 ? Math.min(...fits) : asUtc - before;
    return new Date(ms).toISOString();
  } catch {
    return null;
  }
}

/** An instant as a `datetime-local` value in the reader's zone ("2026-03-08T09:00"); '' when not an instant. */
export function wallClockOfInstant(iso: string, timeZone: string = readerTimeZone()): string {
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return '';
  try {
    const w = wallClockOf(ms, timeZone);
    const pad = (n: number): string => String(n).padStart(2, '0');
    return `${String(w.year).padStart(4, '0')}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
  } catch {
    return '';
  }
}
