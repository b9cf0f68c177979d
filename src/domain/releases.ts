import { refuse } from './errors';
import { isHttpsLink } from './links';
import { compareVersions, isVersion, type Version } from './version';

export { isHttpsLink };

/** A ClinSpark release as the project admin keeps it: its version, the day it came out, and where its release notes are. */
export interface Release {
  version: Version;
  /** The release date, yyyy-MM-dd; null only for a release kept from settings saved before releases had dates. */
  date: string | null;
  /** The release notes (an https link); null only for a release kept from settings saved before releases had links. */
  notesUrl: string | null;
}

/** Every release the service desk knows, oldest first, each version once. */
export type ReleaseCatalogue = readonly Release[];

/** A crossed release as a panel links it: its notes and date when the catalogue has them. */
export type ReleaseNote = Release;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a text is a calendar day written yyyy-MM-dd that exists (2025-02-30 does not). */
export function isRealDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}


/** A release of settings saved by older releases of the app: a bare version, without date or notes. */
export const releaseWithoutDetails = (version: Version): Release => ({ version, date: null, notesUrl: null });

/**
 * The catalogue as stored: settings saved before the catalogue listed bare versions, read here as releases without date
 * or notes so that none is lost; anything that is not a release is left out.
 */
export function readReleaseCatalogue(stored: unknown): ReleaseCatalogue {
  if (!Array.isArray(stored)) return [];
  const releases = stored.flatMap((entry): Release[] => {
    if (isVersion(entry)) return [releaseWithoutDetails(entry)];
    if (!entry || typeof entry !== 'object' || !isVersion((entry as Release).version)) return [];
    const { version, date, notesUrl } = entry as Release;
    return [{ version, date: typeof date === 'string' && isRealDay(date) ? date : null, notesUrl: typeof notesUrl === 'string' && isHttpsLink(notesUrl) ? notesUrl : null }];
  });
  return sortCatalogue(releases.filter((release, i) => releases.findIndex((r) => compareVersions(r.version, release.version) === 0) === i));
}

/** The releases oldest first. */
export function sortCatalogue(releases: readonly Release[]): Release[] {
  return [...releases].sort((a, b) => compareVersions(a.version, b.version));
}

/** The catalogue's release of a version ("25.2" is the release "25.2.0"), if it knows one. */
export function releaseOf(catalogue: ReleaseCatalogue, version: Version): Release | undefined {
  return catalogue.find((release) => compareVersions(release.version, version) === 0);
}

/** The catalogue's versions, oldest first. */
export const versionsOf = (catalogue: ReleaseCatalogue): Version[] => catalogue.map((release) => release.version);

/** Rule 2: the releases an upgrade crosses, from the catalogue: newer than current, up to and including target, oldest first. */
export function releasesCrossed(catalogue: ReleaseCatalogue, current: Version, target: Version): Release[] {
  return sortCatalogue(catalogue.filter((release) => compareVersions(release.version, current) > 0 && compareVersions(release.version, target) <= 0));
}

/** Each version with its release's date and notes link; a version the catalogue does not (or no longer) know keeps neither. */
export function releaseNotesOf(catalogue: ReleaseCatalogue, versions: readonly Version[]): ReleaseNote[] {
  return versions.map((version) => releaseOf(catalogue, version) ?? releaseWithoutDetails(version));
}

/** How many known versions a refusal names before it counts the rest. */
const NAMED_IN_A_REFUSAL = 12;

/** The known versions in a customer's words, latest first ("25.3, 25.2 and 25.1"; past a dozen, the rest counted). */
export function knownVersionsText(catalogue: ReleaseCatalogue): string {
  const latestFirst = versionsOf(catalogue).reverse();
  const named = latestFirst.slice(0, NAMED_IN_A_REFUSAL);
  const rest = latestFirst.length - named.length;
  if (rest > 0) return `${named.join(', ')} and ${rest} older ${rest === 1 ? 'release' : 'releases'}`;
  return named.length === 1 ? named[0]! : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

/**
 * A plan is made only for a version the catalogue knows (rule 2 reads the releases it crosses from it). Until the
 * catalogue has releases, the request is refused saying the service desk is not set up yet, which is IQVIA's to fix.
 */
export function requireKnownRelease(catalogue: ReleaseCatalogue, version: Version, field: string): Release {
  if (catalogue.length === 0) {
    refuse(
      'releaseCatalogueEmpty',
      `this service desk has no ClinSpark releases set up yet, so version ${version} cannot be checked. This is for IQVIA to fix: their project administrator adds the releases in the app's settings; please raise the request again once they have.`,
      { field },
    );
  }
  return releaseOf(catalogue, version) ?? refuse('knownRelease', `ClinSpark ${version} is not a known release. The known releases are ${knownVersionsText(catalogue)}.`, { field });
}
