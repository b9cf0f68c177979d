/** ClinSpark release versions are dotted numbers ("24.3", "25.1.2"). */
export type Version = string;

const VERSION_PATTERN = /^\d{1,4}(\.\d{1,4}){0,3}$/;

export function isVersion(value: unknown): value is Version {
  return typeof value === 'string' && VERSION_PATTERN.test(value);
}

function parts(version: Version): number[] {
  return version.split('.').map(Number);
}

/** Negative when a is older than b, zero when equal ("24.1" equals "24.1.0"), positive when newer. */
export function compareVersions(a: Version, b: Version): number {
  const left = parts(a);
  const right = parts(b);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The releases an upgrade crosses: newer than current, up to and including target, oldest first. */
export function releasesBetween(releases: readonly Version[], current: Version, target: Version): Version[] {
  const crossed = releases.filter((r) => isVersion(r) && compareVersions(r, current) > 0 && compareVersions(r, target) <= 0);
  const unique = [...new Set(crossed)].sort(compareVersions);
  return unique.some((r) => compareVersions(r, target) === 0) ? unique : [...unique, target];
}
