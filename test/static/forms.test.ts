import { fieldFor, isHttpsLink, isVersion, localInputValue, parseList, reasonError, sameVersion, slotFromLocalInput, stripFieldPrefix } from '../../static/shared/forms';
import { isVersion as serverIsVersion } from '../../src/domain/version';
import { isHttpsLink as serverIsHttpsLink } from '../../src/domain/releases';
import { nextStep, sentence } from '../../static/shared/refusal';

describe('form checks', () => {
  it('requires a reason when asked, and caps it at the server\'s 2,000 characters', () => {
    expect(reasonError('   ', true)).toMatch(/Give a reason/);
    expect(reasonError('', false)).toBeNull();
    expect(reasonError('x'.repeat(2000), true)).toBeNull();
    expect(reasonError('x'.repeat(2001), true)).toMatch(/under 2,000/);
  });

  it.each(['24.3', '25.1.2', '1', '24.3.1.9', '24.x', '', ' 24.3', '24..3', '12345.1'])('agrees with the server on the version %j', (v) => {
    expect(isVersion(v)).toBe(serverIsVersion(v));
  });

  it('turns a local date-time into a future UTC instant', () => {
    const now = new Date('2027-01-01T00:00:00Z');
    const slot = slotFromLocalInput(localInputValue('2027-03-01T08:00:00.000Z'), now);
    expect(slot).toEqual({ iso: '2027-03-01T08:00:00.000Z' });
    expect(slotFromLocalInput('', now)).toEqual({ error: expect.stringMatching(/Choose/) });
    expect(slotFromLocalInput('nonsense', now)).toEqual({ error: expect.stringMatching(/date and a time/) });
    expect(slotFromLocalInput(localInputValue('2026-12-31T00:00:00.000Z'), now)).toEqual({ error: expect.stringMatching(/future/) });
  });

  it('reads lists from lines or commas, trimmed and without repeats', () => {
    expect(parseList(' a, b\n\nc ,a\n')).toEqual(['a', 'b', 'c']);
    expect(parseList('')).toEqual([]);
  });

  it('finds the form field a server field path names', () => {
    const known = ['calendar.holidays', 'roles.organizations.org-acme.Customer', 'releases', 'fields.targetVersion'];
    expect(fieldFor('calendar.holidays.3', known)).toBe('calendar.holidays');
    expect(fieldFor('roles.organizations.org-acme.Customer.0', known)).toBe('roles.organizations.org-acme.Customer');
    expect(fieldFor('releases', known)).toBe('releases');
    expect(fieldFor('releasesX', known)).toBeNull();
    expect(fieldFor(null, known)).toBeNull();
    expect(stripFieldPrefix('releases.2: a ClinSpark version such as 25.1', 'releases.2')).toBe('a ClinSpark version such as 25.1');
    expect(stripFieldPrefix('stage 9 waits', 'step')).toBe('stage 9 waits');
  });
});

describe('links and versions, as the server reads them', () => {
  it('isHttpsLink: a document reference is a link when the server would take it as one; javascript:, data: and http stay text', () => {
    for (const text of ['https://docs.globex.example/qa/uat-implementation-2026.pdf', 'http://intranet.example/iq/IQ-1', 'CTR-GLX-2026-017', 'javascript:alert(1)', 'data:text/html,x', ' https://x.example', 'https://']) {
      expect(isHttpsLink(text)).toBe(serverIsHttpsLink(text));
    }
    expect(isHttpsLink('https://docs.globex.example/qa/uat-implementation-2026.pdf')).toBe(true);
  });

  it('sameVersion: 24.2.0 is 24.2, 24.10 is not 24.1', () => {
    expect([sameVersion('24.2.0', '24.2'), sameVersion('24.2', '24.2'), sameVersion('24.10', '24.1')]).toEqual([true, true, false]);
  });
});

describe('refusal wording', () => {
  it('says what to do next for every refusal, known rule or not', () => {
    for (const rule of ['busy', 'unreachable', 'planExists', 'stageOrder', 'projectAdmin', 'settingsValid', 'somethingNew']) {
      expect(nextStep({ rule, field: null, message: 'x' })).toMatch(/\.$/);
    }
    expect(nextStep({ rule: 'busy', field: null, message: '' })).toMatch(/Try again/);
  });
  it('makes a sentence of a server message', () => {
    expect(sentence('stage 12 waits for stage 11')).toBe('Stage 12 waits for stage 11.');
    expect(sentence('Done!')).toBe('Done!');
  });
});
