import { ROLES as SERVER_ROLES } from '../../src/domain/roles';
import { defaultSettings, FORM_FIELD_KEYS, PLAN_TICKET_KINDS, SERVICE_DESK_FIELD_TYPES, type AppSettings } from '../../src/app/settings';
import { settingsGuide, validateSettings } from '../../src/app/projectSettings';
import { PlanRefusal } from '../../src/domain/errors';
import { fieldFor } from '../../static/shared/forms';
import { fieldKeys, foundByText, FORM_FIELD_LABELS, fromForm, organizationName, pickerKindOf, ROLES, SERVICE_DESK_FIELD_LABELS, ticketKindLabel, toForm, unnamedAccounts, type SettingsForm } from '../../static/settings-page/src/model';

/** The guide the settings answer carries, as the server builds it. */
const GUIDE = settingsGuide();

const full: AppSettings = {
  ...defaultSettings('FHSD'),
  roles: {
    projectDefault: { 'IQVIA PM': ['acc-pm', 'acc-pm-2'], 'IQVIA Engineer': ['acc-engineer'] },
    organizations: { 'org-acme': { Customer: ['acc-customer'] }, 'org-beta': { Customer: ['acc-b1', 'acc-b2'], 'IQVIA PM': ['acc-pm-3'] } },
  },
  releases: ['24.1', '24.2', '25.1'],
  calendar: { workingWeekdays: [1, 2, 3, 4, 5], holidays: ['2026-12-25', '2027-01-01'] },
  decisionMakers: { 'org-beta': ['acc-b2'] },
};

/** The names the settings answer gives for the people it names (Jira's, cached by the server). */
const KNOWN = {
  'acc-pm': { accountId: 'acc-pm', displayName: 'Priya Menon', avatarUrl: null, accountType: 'atlassian' as const },
  'acc-customer': { accountId: 'acc-customer', displayName: 'Dana Whitfield', avatarUrl: null, accountType: 'customer' as const },
  'acc-b1': { accountId: 'acc-b1', displayName: 'Ørjan Østby', avatarUrl: null, accountType: 'customer' as const },
};

function refusalOf(settings: unknown): PlanRefusal {
  try {
    validateSettings(settings);
  } catch (error) {
    if (error instanceof PlanRefusal) return error;
    throw error;
  }
  throw new Error('the server accepted the settings');
}

describe('settings form model', () => {
  it('knows the same roles and fields as the server, and takes the ticket kinds from the settings answer', () => {
    expect([...ROLES]).toEqual([...SERVER_ROLES]);
    expect(GUIDE.ticketKinds.map((k) => k.ticketKind)).toEqual([...PLAN_TICKET_KINDS]);
    expect(PLAN_TICKET_KINDS.map((kind) => ticketKindLabel(GUIDE, kind))).toEqual(['Upgrade intent', 'VAL request', 'Validation issue', 'PROD upgrade request', 'PROD go-live request', 'Implementation request']);
    expect(ticketKindLabel(GUIDE, 'unknown')).toBe('unknown');
    expect(Object.keys(FORM_FIELD_LABELS)).toEqual([...FORM_FIELD_KEYS]);
    expect(Object.keys(SERVICE_DESK_FIELD_LABELS)).toEqual(Object.keys(SERVICE_DESK_FIELD_TYPES));
  });

  it('shows how the server found each field, and says when it has not yet', () => {
    const byType = (id: string, key: keyof typeof SERVICE_DESK_FIELD_TYPES) => ({ id, foundBy: { schema: SERVICE_DESK_FIELD_TYPES[key] } });
    const byName = (id: string, name: string) => ({ id, foundBy: { name } });
    const names = full.formFieldNames;
    const found: AppSettings = {
      ...full,
      fields: {
        requestType: byType('customfield_10010', 'requestType'), organizations: byType('customfield_10002', 'organizations'), requestParticipants: byType('customfield_10003', 'requestParticipants'),
        currentVersion: byName('customfield_20000', names.currentVersion), targetVersion: byName('customfield_20001', names.targetVersion), instances: byName('customfield_20002', names.instances),
        keepConfigurations: byName('customfield_20003', names.keepConfigurations), preferredSlots: byName('customfield_20004', names.preferredSlots), scenario: byName('customfield_20005', names.scenario),
      },
    };
    expect(foundByText(found.fields, 'organizations')).toBe('customfield_10002, found by its type com.atlassian.servicedesk:sd-customer-organizations');
    expect(foundByText(found.fields, 'targetVersion')).toBe('customfield_20001, found by the name "Target version"');
    expect(foundByText(null, 'targetVersion')).toMatch(/Not found in Jira yet/);
    expect(fromForm(toForm(found), GUIDE).settings).toEqual(found);
  });

  it('round-trips settings, and what it produces passes the server\'s validation unchanged', () => {
    const { settings, errors } = fromForm(toForm(full), GUIDE);
    expect(errors).toEqual({});
    expect(settings).toEqual(full);
    expect(validateSettings(settings)).toEqual(full);
    expect(fromForm(toForm(defaultSettings()), GUIDE).settings).toEqual(defaultSettings());
  });

  it('keeps the closing resolution the admin names, and leaves it to the default when empty', () => {
    const form = toForm(full);
    form.closingResolution = ' Fixed ';
    expect(fromForm(form, GUIDE).settings!.closingResolution).toBe('Fixed');
    form.closingResolution = '';
    expect(fromForm(form, GUIDE).settings).not.toHaveProperty('closingResolution');
  });

  it('keeps the people picked in their order, once each, and drops empty roles', () => {
    const form = toForm(full);
    form.projectDefault['IQVIA Support'] = ['acc-s2', ' acc-s1', 'acc-s2'];
    form.projectDefault['IQVIA PM'] = [];
    const { settings } = fromForm(form, GUIDE);
    expect(settings!.roles.projectDefault).toEqual({ 'IQVIA Engineer': ['acc-engineer'], 'IQVIA Support': ['acc-s2', 'acc-s1'] });
    expect(settings!.decisionMakers).toEqual({ 'org-beta': ['acc-b2'] });
  });

  const broken: [string, (f: SettingsForm) => void, string][] = [
    ['a bad release', (f) => (f.releases = '24.1\n24.x'), 'releases'],
    ['an impossible holiday', (f) => (f.holidays = '2026-02-30'), 'calendar.holidays'],
    ['no working day', (f) => (f.workingWeekdays = []), 'calendar.workingWeekdays'],
    ['no resolved status', (f) => (f.resolvedStatuses = ' , '), 'resolvedStatuses'],
    ['an overlong closing resolution', (f) => (f.closingResolution = 'r'.repeat(256)), 'closingResolution'],
    ['an empty form field name', (f) => (f.formFieldNames.targetVersion = '  '), 'formFieldNames.targetVersion'],
    ['a stage out of range', (f) => (f.statusEffects[0]!.completesStage = '29'), 'statusEffects.0.completesStage'],
    ['an empty status', (f) => (f.statusEffects[0]!.status = ' '), 'statusEffects.0.status'],
    ['an overlong account id', (f) => (f.projectDefault['IQVIA PM'] = ['x'.repeat(129)]), 'roles.projectDefault.IQVIA PM'],
    ['too many decision makers', (f) => (f.organizations[1]!.decisionMakers = Array.from({ length: 51 }, (_, i) => `acc-${i}`)), 'decisionMakers.org-beta'],
  ];
  it.each(broken)('refuses %s, keyed by the field the server would name', (_, breakIt, key) => {
    const form = toForm(full);
    breakIt(form);
    const { settings, errors } = fromForm(form, GUIDE);
    expect(settings).toBeNull();
    expect(Object.keys(errors)).toContain(key);
    expect(fieldKeys(form)).toContain(key);
  });

  it('refuses an organization not chosen, or chosen twice, on its row', () => {
    const form = toForm(full);
    form.organizations[1]!.id = 'org-acme';
    form.organizations.push({ key: 999, id: ' ', people: form.organizations[0]!.people, decisionMakers: [] });
    const { errors } = fromForm(form, GUIDE);
    expect(errors[`organizationRow.${form.organizations[1]!.key}`]).toMatch(/has a row already/);
    expect(errors['organizationRow.999']).toMatch(/Choose the organization/);
  });

  it('lists the people the page has no name for yet (the server checks every id on save), and names organizations', () => {
    const form = toForm(full);
    expect(unnamedAccounts(form, KNOWN)).toEqual(['acc-pm-2', 'acc-engineer', 'acc-b2', 'acc-pm-3']);
    expect(unnamedAccounts(form, { ...KNOWN, 'acc-engineer': { accountId: 'acc-engineer', displayName: 'Erik Johansson', avatarUrl: null, accountType: 'atlassian' } })).toEqual(['acc-pm-2', 'acc-b2', 'acc-pm-3']);
    expect(organizationName([{ id: 'org-acme', name: 'Acme Clinical Research' }], 'org-acme')).toBe('Acme Clinical Research');
    expect(organizationName([], 'org-gone')).toBe('Organization org-gone (not found in Jira)');
    expect(pickerKindOf('Customer')).toBe('customer');
    expect(pickerKindOf('Decision maker')).toBe('customer');
    expect(pickerKindOf('IQVIA Engineer')).toBe('agent');
  });

  it('refuses a request type listed twice', () => {
    const form = toForm(full);
    form.requestTypes.push({ key: 1000, name: form.requestTypes[0]!.name, kind: 'intent' });
    expect(fromForm(form, GUIDE).errors[`requestTypes.${form.requestTypes[0]!.name}`]).toMatch(/twice/);
  });

  it('checks a status effect\'s stage against the plan of its ticket kind, as the guide gives its stages, the way the server does', () => {
    const form = toForm(full);
    form.statusEffects = [{ key: 2000, ticketKind: 'goLive', status: 'Done', completesStage: '7' }];
    const refused = fromForm(form, GUIDE);
    expect(refused.errors['statusEffects.0.completesStage']).toBe('A stage of the plan of a PROD go-live request (1 to 6), or empty.');
    expect(() => validateSettings({ ...full, statusEffects: [{ ticketKind: 'goLive', status: 'Done', completesStage: 7 }] })).toThrow(/goLive ticket's plan has no stage 7/);
    form.statusEffects[0]!.completesStage = '6';
    expect(fromForm(form, GUIDE).settings!.statusEffects).toEqual([{ ticketKind: 'goLive', status: 'Done', completesStage: 6 }]);
  });

  it('starts new rows and explains the settings from what the kinds declare', () => {
    expect(GUIDE.newRow).toEqual({ requestType: 'intent', statusEffect: 'valRequest' });
    expect(GUIDE.help.statusEffectExample).toBe('a VAL request reaching Resolved completes stage 7.');
    expect(GUIDE.help.resolvedStatuses).toMatch(/^Stage 11 waits for every validation issue/);
    expect(GUIDE.help.releases).toMatch(/stage 18 becomes required/);
  });

  it.each([
    ['releases', (s: AppSettings) => ({ ...s, releases: ['25.1', 'x'] })],
    ['calendar.holidays', (s: AppSettings) => ({ ...s, calendar: { ...s.calendar, holidays: ['25/12/2026'] } })],
    ['roles.organizations.org-acme.Customer', (s: AppSettings) => ({ ...s, roles: { ...s.roles, organizations: { ...s.roles.organizations, 'org-acme': { Customer: [''] } } } })],
    ['formFieldNames.instances', (s: AppSettings) => ({ ...s, formFieldNames: { ...s.formFieldNames, instances: '' } })],
    ['statusEffects.0.completesStage', (s: AppSettings) => ({ ...s, statusEffects: [{ ticketKind: 'valRequest', status: 'Resolved', completesStage: 1000 }] })],
    ['decisionMakers.org-beta', (s: AppSettings) => ({ ...s, decisionMakers: { 'org-beta': [''] } })],
  ] as const)('puts the server\'s refusal of %s next to that field', (key, breakIt) => {
    const refusal = refusalOf(breakIt(full));
    expect(fieldFor(refusal.field ?? null, fieldKeys(toForm(full)))).toBe(key);
  });
});
