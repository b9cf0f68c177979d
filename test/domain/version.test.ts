import { compareVersions, isVersion, releasesBetween } from '../../src/domain/version';

describe('ClinSpark versions', () => {
  test.each(['24', '24.3', '25.1.2', '1.2.3.4', '2024.10'])('%s is a version', (v) => expect(isVersion(v)).toBe(true));
  test.each(['', 'v24.3', '24.', '.3', '24..3', '24.3-rc1', '1.2.3.4.5', '12345', ' 24.3', 24.3, null])('%p is not', (v) => expect(isVersion(v)).toBe(false));

  test('numeric, part by part; missing parts are zero', () => {
    expect(compareVersions('25.10', '25.9')).toBeGreaterThan(0);
    expect(compareVersions('24.1', '24.1.0')).toBe(0);
    expect(compareVersions('24.1', '24.1.1')).toBeLessThan(0);
    expect(compareVersions('3', '2.99')).toBeGreaterThan(0);
  });

  test('releasesBetween: after current, up to and including target, oldest first, once each', () => {
    expect(releasesBetween(['25.2', '24.2', '24.1', '25.1', '25.1', '26.1'], '24.1', '25.2')).toEqual(['24.2', '25.1', '25.2']);
    expect(releasesBetween([], '24.1', '25.2')).toEqual(['25.2']);
    expect(releasesBetween(['25.2.0'], '24.1', '25.2')).toEqual(['25.2.0']);
  });
});
