import { createUpgradePlan } from '../../../src/domain/upgrade/plan';
import { validateDetails, validateUpgradeRequest, type UpgradeRequest } from '../../../src/domain/upgrade/request';
import { context, PlanRun, refusal, request, T0 } from './fixtures';

/** A bad request is refused with the field named, and no plan is created. */
function refusedRequest(input: unknown) {
  const create = jest.fn(createUpgradePlan);
  const error = refusal(() => create(input as UpgradeRequest, context(), T0));
  expect(create).not.toHaveReturned();
  return error;
}

describe('bad input: a request is refused with the field named, nothing created', () => {
  test.each([
    ['organizationId', { organizationId: undefined }],
    ['organizationId', { organizationId: '   ' }],
    ['reporterAccountId', { reporterAccountId: '' }],
    ['ticket.key', { ticket: undefined }],
    ['ticket.key', { ticket: { key: '', kind: 'valRequest' } }],
    ['ticket.kind', { ticket: { key: 'FHSD-1', kind: 'validationIssue' } }],
    ['currentVersion', { currentVersion: undefined }],
    ['targetVersion', { targetVersion: undefined }],
    ['organizationId', { organizationId: 'x'.repeat(256) }],
  ])('missing or too long: %s', (field, overrides) => {
    const error = refusedRequest({ ...request(), ...overrides });
    expect(error.field).toBe(field);
    expect(error.rule).toBe('requestComplete');
  });

  test('a missing request altogether', () => {
    expect(refusedRequest(null).field).toBe('organizationId');
    expect(refusedRequest({}).field).toBe('organizationId');
  });

  test.each([
    ['currentVersion', { currentVersion: 'latest' }],
    ['currentVersion', { currentVersion: '24' + '.1'.repeat(4) }],
    ['targetVersion', { targetVersion: 'v25.2' }],
    ['targetVersion', { targetVersion: '25.2-beta' }],
    ['targetVersion', { targetVersion: '25..2' }],
    ['targetVersion', { targetVersion: 25.2 }],
  ])('unparseable version: %s %j', (field, overrides) => {
    const error = refusedRequest({ ...request(), ...overrides });
    expect([error.field, error.rule]).toEqual([field, typeof Object.values(overrides)[0] === 'number' ? 'requestComplete' : 'versionFormat']);
  });

  test.each([
    ['25.2', '24.9'],
    ['25.2', '25.2'],
    ['3.0', '3'],
  ])('non-increasing version %s → %s names targetVersion', (currentVersion, targetVersion) => {
    const error = refusedRequest(request({ currentVersion, targetVersion }));
    expect([error.field, error.rule]).toEqual(['targetVersion', 'targetNewerThanCurrent']);
  });

  test('a preferred slot in the past, or not a date and time', () => {
    const past = refusedRequest(request({ preferredSlots: ['2027-01-01T08:00:00Z', '2026-11-23T08:59:59Z'] }));
    expect([past.field, past.rule]).toEqual(['preferredSlots[1]', 'slotInFuture']);
    const now = refusedRequest(request({ preferredSlots: [T0.toISOString()] }));
    expect(now.rule).toBe('slotInFuture');
    const text = refusedRequest(request({ preferredSlots: ['Tuesday morning'] }));
    expect([text.field, text.rule]).toEqual(['preferredSlots[0]', 'slotFormat']);
    expect(refusedRequest(request({ preferredSlots: ['2027-02-30'] })).rule).toBe('slotFormat');
    expect(refusedRequest(request({ preferredSlots: '2027-01-01T08:00:00Z' as never })).field).toBe('preferredSlots');
  });

  test('an unknown instance', () => {
    for (const instances of [['QA MAIN'], ['PROD', 'PROD STAGING'], ['val'], [42]]) {
      const error = refusedRequest(request({ instances: instances as never }));
      expect([error.field, error.rule]).toEqual(['instances', 'knownInstance']);
    }
    expect(refusedRequest(request({ instances: 'VAL' as never })).field).toBe('instances');
  });

  test('a configuration decision that is neither of the two', () => {
    expect(refusedRequest(request({ configuration: { mode: 'whatever' } as never })).field).toBe('configuration.mode');
    expect(refusedRequest(request({ configuration: { mode: 'keep-listed', keep: [] } })).field).toBe('configuration.keep');
    expect(refusedRequest(request({ configuration: { mode: 'keep-listed', keep: ['ok', ' '] } })).field).toBe('configuration.keep[1]');
  });

  test('a good request is normalised: trimmed, duplicates dropped, slots as UTC instants', () => {
    const checked = validateUpgradeRequest(
      request({ organizationId: ' org-acme ', instances: ['VAL', 'VAL MAIN', 'VAL'], preferredSlots: ['2027-03-01T09:00:00+01:00'] }),
      T0,
    );
    expect(checked).toMatchObject({ organizationId: 'org-acme', instances: ['VAL', 'VAL MAIN'], preferredSlots: ['2027-03-01T08:00:00.000Z'] });
    expect(validateDetails({}, T0)).toEqual({});
  });

  test('a bad later ticket or detail changes nothing in the plan', () => {
    const run = new PlanRun(request({ configuration: undefined }));
    const before = structuredClone(run.plan);
    expect(refusal(() => run.attach('', 'validationIssue')).field).toBe('ticket.key');
    expect(refusal(() => run.attach('FHSD-1', 'validationIssue')).rule).toBe('ticketOnce');
    expect(refusal(() => run.attach('FHSD-2', 'prodRequest', { targetVersion: '26.1' })).rule).toBe('samePlanTarget');
    expect(refusal(() => run.attach('FHSD-2', 'prodRequest', { preferredSlots: ['2020-01-01T00:00:00Z'] })).field).toBe('preferredSlots[0]');
    expect(refusal(() => run.provide('valRequest', { instances: ['Nowhere'] })).field).toBe('instances');
    expect(refusal(() => run.provide('valRequest', { targetVersion: 'x' })).field).toBe('targetVersion');
    expect(run.plan).toStrictEqual(before);
    expect(run.audit).toHaveLength(1);
  });
});

describe('creating the plan', () => {
  test('stage 2 (the intent) is done by the request itself; a full VAL request completes stage 5; every stage has an owner', () => {
    const run = new PlanRun();
    const { plan } = run;
    expect(plan).toMatchObject({ id: 'plan-1', kind: 'upgrade', organizationId: 'org-acme', reporterAccountId: 'acc-customer', revision: 1, attempt: 1, attempts: [] });
    expect(plan.steps.filter((s) => s.status !== 'todo').map((s) => [s.number, s.status])).toEqual([
      [2, 'done'],
      [5, 'done'],
    ]);
    expect(plan.steps.every((s) => s.owner !== null)).toBe(true);
    expect(plan.steps[13]!.owner).toBe('acc-pm'); // stage 14: the first of its roles that someone holds
    expect(plan.facts.tickets).toEqual([{ key: 'FHSD-1', kind: 'valRequest', resolved: false }]);
    expect(run.audit[0]).toMatchObject({
      seq: 1,
      action: 'create plan',
      step: null,
      before: null,
      actor: { accountId: 'acc-customer', role: 'Customer' },
      after: { ticket: 'FHSD-1', currentVersion: '24.1', targetVersion: '25.2', valAction: 'replace', stages: { '2': 'done', '5': 'done' } },
    });
  });

  test('owners come from the role mapping: the organization first, then the project default, the reporter for Customer', () => {
    const roles = { projectDefault: { 'IQVIA Engineer': ['eng-default'], 'Solution Specialist': ['ss'] }, organizations: { 'org-acme': { 'IQVIA Engineer': ['eng-acme', 'eng-2'] } } };
    const { plan } = createUpgradePlan(request({ reporterAccountId: 'reporter' }), context({ roles }), T0);
    const owner = (n: number) => plan.steps[n - 1]!.owner;
    expect(owner(1)).toBe('reporter');
    expect(owner(6)).toBe('eng-acme');
    expect(owner(14)).toBe('eng-acme'); // no IQVIA PM mapped: the next role of stage 14
    expect(owner(3)).toBeNull(); // nobody holds IQVIA PM
    expect(owner(11)).toBeNull();
  });
});
