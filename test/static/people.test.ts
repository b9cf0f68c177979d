import { avatarColour, initialsOf, namesOf, personText, withMoreNames } from '../../static/shared/people';
import { buildPlanView } from '../../src/app/planView';
import { defaultSettings } from '../../src/app/settings';
import { newPlan, ROLES_MAPPING } from './planFixture';

describe('people in the panels', () => {
  const view = buildPlanView(newPlan(), { accountId: 'acc-pm', accountType: 'licensed', ticketKey: 'FHSD-1', projectKey: 'FHSD', surface: 'agent' }, { ...defaultSettings(), roles: ROLES_MAPPING, people: { 'acc-customer': 'Dana Whitfield', 'acc-pm': 'Priya Menon' } }, new Date('2026-11-23T09:00:00Z'));

  it('knows the names the server gave each stage owner', () => {
    const names = namesOf(view);
    expect(names.get('acc-customer')).toBe('Dana Whitfield');
    expect(names.get('acc-pm')).toBe('Priya Menon');
    expect(names.has('acc-engineer')).toBe(false);
  });

  it("takes Jira's cached name over an older release's hand-kept one, and carries Jira's avatars", () => {
    const card = (displayName: string, avatarUrl: string | null) => ({ displayName, avatarUrl, accountType: 'atlassian' as const, refreshedAt: '2026-11-01T00:00:00.000Z' });
    const settings = { ...defaultSettings(), roles: ROLES_MAPPING, people: { 'acc-pm': 'Priya (typed by hand)', 'acc-customer': 'Dana Whitfield' }, directory: { 'acc-pm': card('Priya Menon', 'https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/initials/PM-5.png'), 'acc-engineer': card('Erik Johansson', null) } };
    const names = namesOf(buildPlanView(newPlan(), { accountId: 'acc-customer', accountType: 'customer', ticketKey: 'FHSD-1', projectKey: 'FHSD', surface: 'portal' }, settings, new Date('2026-11-23T09:00:00Z')));
    expect(names.get('acc-pm')).toBe('Priya Menon');
    expect(names.get('acc-customer')).toBe('Dana Whitfield');
    expect(names.avatarOf?.('acc-pm')).toMatch(/^https:\/\/avatar-management/);
    expect(names.avatarOf?.('acc-engineer')).toBeUndefined();
    expect(names.avatarOf?.('constructor')).toBeUndefined();
  });

  it('writes "You" for the viewer, the name when known, and falls back to the account id', () => {
    const names = namesOf(view);
    expect(personText('acc-pm', 'acc-pm', names)).toEqual({ text: 'You', known: true });
    expect(personText('acc-customer', 'acc-pm', names)).toEqual({ text: 'Dana Whitfield', known: true });
    expect(personText('acc-engineer', 'acc-pm', names)).toEqual({ text: 'acc-engineer', known: false });
    expect(personText(null, 'acc-pm', names)).toEqual({ text: 'Unassigned', known: true });
    expect(personText('acc-x', 'acc-pm', new Map([['acc-x', '   ']]))).toEqual({ text: 'acc-x', known: false });
  });

  it.each([
    ['Ada Lovelace', 'AL'],
    ['jean-luc picard', 'JP'],
    ['Cher', 'C'],
    ['  Maria  de la Cruz ', 'MC'],
    ['Ørjan Østby', 'ØØ'],
    ['5b10ac8d82e05b22cc7d4ef5', '5'],
    ['', '?'],
  ])('takes the initials of %j', (name, initials) => {
    expect(initialsOf(name)).toBe(initials);
  });

  it('gives the same person the same colour, as a design token', () => {
    expect(avatarColour('acc-pm')).toBe(avatarColour('acc-pm'));
    expect(avatarColour('acc-pm')).toMatch(/^var\(--ds-[a-z-]+, #[0-9A-F]{6}\)$/);
  });
});

describe('withMoreNames', () => {
  it("adds the people an environments answer names to the view's, with their avatars; the view's avatars stay", () => {
    const base = Object.assign(new Map([['acc-pm', 'Priya Menon']]), { avatarOf: (id: string) => (id === 'acc-pm' ? 'https://avatars.example/pm.png' : undefined) });
    const names = withMoreNames(base, { names: { 'acc-admin': 'Morgan Lee', 'acc-blank': ' ' }, avatars: { 'acc-admin': 'https://avatars.example/ml.png' } });
    expect([names.get('acc-pm'), names.get('acc-admin'), names.has('acc-blank')]).toEqual(['Priya Menon', 'Morgan Lee', false]);
    expect([names.avatarOf?.('acc-pm'), names.avatarOf?.('acc-admin'), names.avatarOf?.('acc-x')]).toEqual(['https://avatars.example/pm.png', 'https://avatars.example/ml.png', undefined]);
    expect(personText('acc-admin', 'acc-pm', names)).toEqual({ text: 'Morgan Lee', known: true });
    expect(withMoreNames(undefined, null).size).toBe(0);
  });
});
