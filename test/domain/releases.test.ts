import { PlanRefusal } from '../../src/domain/errors';
import { isHttpsLink, isRealDay, knownVersionsText, readReleaseCatalogue, releaseNotesOf, releaseOf, releasesCrossed, requireKnownRelease, type Release } from '../../src/domain/releases';

const release = (version: string, date: string | null = null, notesUrl: string | null = null): Release => ({ version, date, notesUrl });
const CATALOGUE: readonly Release[] = ['23.4', '24.1', '24.2', '24.3', '25.1', '25.2', '26.1'].map((v, i) => release(v, `202${3 + Math.floor(i / 2)}-0${1 + (i % 2) * 5}-15`, `https://docs.clinspark.example/releases/${v}`));

function refusalOf(run: () => unknown): PlanRefusal {
  try {
    run();
  } catch (error) {
    if (error instanceof PlanRefusal) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('releasesCrossed', () => {
  test('the releases strictly after the current version, up to and including the target, oldest first', () => {
    expect(releasesCrossed(CATALOGUE, '24.1', '25.2').map((r) => r.version)).toEqual(['24.2', '24.3', '25.1', '25.2']);
    expect(releasesCrossed([...CATALOGUE].reverse(), '25.1', '25.2')).toEqual([CATALOGUE[5]]);
  });

  test('a current version the catalogue does not list still bounds the crossing; "25.2" and "25.2.0" are one release', () => {
    expect(releasesCrossed(CATALOGUE, '24.1.5', '25.1').map((r) => r.version)).toEqual(['24.2', '24.3', '25.1']);
    expect(releasesCrossed([release('25.1'), release('25.2.0')], '25.1', '25.2').map((r) => r.version)).toEqual(['25.2.0']);
  });
});

describe('requireKnownRelease', () => {
  test('answers the catalogue\'s release of the version', () => {
    expect(requireKnownRelease(CATALOGUE, '25.2', 'targetVersion')).toBe(CATALOGUE[5]);
    expect(releaseOf(CATALOGUE, '25.2.0')).toBe(CATALOGUE[5]);
  });

  test('refuses a version the catalogue does not know, naming the known ones latest first', () => {
    const refusal = refusalOf(() => requireKnownRelease(CATALOGUE, '25.7', 'targetVersion'));
    expect({ rule: refusal.rule, field: refusal.field, message: refusal.message }).toEqual({
      rule: 'knownRelease',
      field: 'targetVersion',
      message: 'ClinSpark 25.7 is not a known release. The known releases are 26.1, 25.2, 25.1, 24.3, 24.2, 24.1 and 23.4.',
    });
  });

  test('refuses every version while the catalogue is empty, saying the service desk is not set up and that it is IQVIA\'s to fix', () => {
    const refusal = refusalOf(() => requireKnownRelease([], '25.2', 'targetVersion'));
    expect(refusal.rule).toBe('releaseCatalogueEmpty');
    expect(refusal.message).toMatch(/^this service desk has no ClinSpark releases set up yet, so version 25\.2 cannot be checked\. This is for IQVIA to fix/);
  });
});

describe('knownVersionsText', () => {
  test('one, two, then a dozen named and the rest counted', () => {
    expect(knownVersionsText([release('25.1')])).toBe('25.1');
    expect(knownVersionsText([release('25.1'), release('25.2')])).toBe('25.2 and 25.1');
    const many = Array.from({ length: 14 }, (_, i) => release(`20.${i + 1}`));
    expect(knownVersionsText(many)).toBe('20.14, 20.13, 20.12, 20.11, 20.10, 20.9, 20.8, 20.7, 20.6, 20.5, 20.4, 20.3 and 2 older releases');
  });
});

describe('readReleaseCatalogue', () => {
  test('settings saved by older releases (bare versions) are read as releases without date or notes, none lost', () => {
    expect(readReleaseCatalogue(['25.1', '24.1', '24.2'])).toEqual([release('24.1'), release('24.2'), release('25.1')]);
  });

  test('reads releases as saved, sorted by version, each once; drops what is not a release', () => {
    expect(readReleaseCatalogue([CATALOGUE[3], CATALOGUE[1], '24.1.0', { version: 'x' }, 7, null, { version: '25.1', date: '2025-02-30', notesUrl: 'ftp://x' }])).toEqual([CATALOGUE[1], CATALOGUE[3], release('25.1')]);
    expect(readReleaseCatalogue(undefined)).toEqual([]);
  });
});

describe('releaseNotesOf', () => {
  test('each version with its catalogue release; a version the catalogue lacks has no date or link', () => {
    expect(releaseNotesOf(CATALOGUE, ['25.1', '25.5'])).toEqual([CATALOGUE[4], release('25.5')]);
  });
});

describe('what a release holds', () => {
  test.each(['2024-02-29', '2025-12-31'])('%s is a real day', (d) => expect(isRealDay(d)).toBe(true));
  test.each(['2025-02-29', '2025-13-01', '25-01-01', '2025-1-1', '2025-01-01T00:00:00Z', ''])('%p is not', (d) => expect(isRealDay(d)).toBe(false));
  test.each(['https://docs.clinspark.example/releases/25.1', 'https://x.example'])('%s is an https link', (u) => expect(isHttpsLink(u)).toBe(true));
  test.each(['http://docs.clinspark.example/25.1', 'javascript:alert(1)', 'docs.clinspark.example', ' https://x.example', ''])('%p is not', (u) => expect(isHttpsLink(u)).toBe(false));
});
