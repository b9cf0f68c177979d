import { refusal } from '../environments/helpers';
import { LIFECYCLE_PLAYBOOKS } from '../../../src/domain/lifecycle/playbook';
import { DECOMMISSIONING_MESSAGE, DEPLOYMENT_MESSAGE, READINESS_MESSAGE } from '../../../src/domain/lifecycle/phases';
import { createLifecyclePlan, summarizeLifecyclePlan, uatHistory } from '../../../src/domain/lifecycle/plan';
import { NOW, Onboarding, PEOPLE, ROLES } from './world';

const status = (world: Onboarding, step: number): string => world.plan.steps.find((s) => s.number === step)!.status;

describe('implementation lifecycle: phases and documents', () => {
  test('seven phases in the seed order', () => {
    expect(LIFECYCLE_PLAYBOOKS.A.phases.map((p) => p.name)).toEqual([
      'Definition & Specification',
      'Contractualization',
      'Readiness & Access',
      'Deployment Execution',
      'Validation & Acceptance',
      'Support & Operations',
      'Decommissioning',
    ]);
  });

  test('each phase declares the documents the seed names', () => {
    const documents = Object.fromEntries(LIFECYCLE_PLAYBOOKS.A.phases.map((p) => [p.id, (p.documents ?? []).map((d) => d.name)]));
    expect(documents).toEqual({
      definition: ['Deployment Specifications Document', 'Support Service Definition', 'Specific UAT Definition'],
      contractualization: ['Contract'],
      readiness: ['Access Credentials (agreed IAM permissions)'],
      deployment: ['Installation Log'],
      validation: ['Deployment Acceptance Certificate (DAC)'],
      operations: ['Incident Reports', 'Maintenance Logs'],
      decommissioning: ['Decommissioning Report'],
    });
  });

  test('a phase cannot close while its documents are missing (phase 1)', () => {
    const world = new Onboarding();
    world.record('definition', 'deployment-specifications', 'pm');
    const refused = refusal(() => world.act(1));
    expect(refused).toMatchObject({ rule: 'phaseDocumentsBeforeClose', field: 'documents', stage: 1 });
    expect(refused.message).toContain('Support Service Definition, Specific UAT Definition');
  });

  test('the contract is required before Contractualization closes', () => {
    const world = new Onboarding();
    world.record('definition', 'deployment-specifications', 'pm');
    world.record('definition', 'support-service-definition', 'pm');
    world.record('definition', 'uat-definition', 'cust');
    world.act(1);
    expect(refusal(() => world.act(2))).toMatchObject({ rule: 'phaseDocumentsBeforeClose' });
    world.record('contractualization', 'contract', 'pm');
    world.act(2);
    expect(status(world, 2)).toBe('done');
  });

  test('the installation log is required before Deployment Execution closes', () => {
    const world = new Onboarding();
    world.specifiedAndContracted();
    world.sendCredentials();
    world.act(3);
    expect(refusal(() => world.act(4)).message).toContain('Installation Log');
  });

  test('a document of the wrong kind for a phase is refused, naming the field; nothing changes', () => {
    const world = new Onboarding();
    world.specifiedAndContracted();
    const before = world.plan;
    expect(refusal(() => world.record('readiness', 'contract', 'pm'))).toMatchObject({ rule: 'documentOfPhase', field: 'document' });
    expect(refusal(() => world.record('onboarding', 'contract', 'pm'))).toMatchObject({ rule: 'knownPhase', field: 'phase' });
    expect(world.plan).toBe(before);
  });

  test('documents are recorded while their phase is under way, by the roles that produce them', () => {
    const world = new Onboarding();
    expect(refusal(() => world.record('contractualization', 'contract', 'pm'))).toMatchObject({ rule: 'documentPhaseOpen', field: 'phase' });
    expect(refusal(() => world.record('definition', 'contract-draft', 'pm'))).toMatchObject({ rule: 'documentOfPhase' });
    expect(refusal(() => world.record('definition', 'support-service-definition', 'cust'))).toMatchObject({ rule: 'documentOwnership', field: 'actor' });
  });

  test('a recorded document keeps its reference, who recorded it and when, with an audit entry', () => {
    const world = new Onboarding();
    world.record('definition', 'deployment-specifications', 'pm', { reference: 'SPEC-7 v2' });
    expect(world.plan.documents).toEqual([{ document: 'deployment-specifications', phase: 'definition', reference: 'SPEC-7 v2', sentOverSecureChannel: false, recordedBy: 'pm', at: NOW.toISOString(), attempt: 1 }]);
    expect(world.entries.at(-1)).toMatchObject({ planId: 'life-1', seq: 2, action: 'record document', actor: { accountId: 'pm', role: 'IQVIA PM' }, after: { reference: 'SPEC-7 v2' } });
    expect(refusal(() => world.record('definition', 'uat-definition', 'cust', { reference: ' ' }))).toMatchObject({ rule: 'documentReference', field: 'reference' });
  });

  test('maintained documents (incident reports, maintenance logs) are recorded any number of times and do not hold the phase open', () => {
    const world = new Onboarding();
    world.specifiedAndContracted();
    world.readyAndDeployed();
    world.act(5, { type: 'decide', outcome: 'Pass' });
    world.record('validation', 'dac', 'cust');
    world.act(6);
    world.record('operations', 'incident-report', 'sup', { reference: 'FHSD-201' });
    world.record('operations', 'incident-report', 'sup', { reference: 'FHSD-202' });
    world.act(7);
    // Every version is in the audit; the plan record keeps the latest (issue #12: the record stays small).
    expect(world.entries.filter((e) => e.action === 'record document' && e.after['document'] === 'incident-report').map((e) => e.after['reference'])).toEqual(['FHSD-201', 'FHSD-202']);
    expect(world.plan.documents!.filter((d) => d.document === 'incident-report').map((d) => d.reference)).toEqual(['FHSD-202']);
    expect(status(world, 7)).toBe('done');
  });

  test('a document is recorded once per version: the same reference again is refused and changes nothing; the record stays small', () => {
    const world = new Onboarding();
    world.record('definition', 'deployment-specifications', 'pm', { reference: 'SPEC-7 v1' });
    const before = structuredClone(world.plan);
    for (let i = 0; i < 604; i += 1) {
      expect(refusal(() => world.record('definition', 'deployment-specifications', 'pm', { reference: 'SPEC-7 v1' }))).toMatchObject({ rule: 'documentAlreadyRecorded', field: 'reference' });
    }
    expect(world.plan).toStrictEqual(before);
    for (let i = 2; i <= 1000; i += 1) world.record('definition', 'deployment-specifications', 'pm', { reference: `SPEC-7 v${i}` });
    expect(world.plan.documents).toEqual([expect.objectContaining({ document: 'deployment-specifications', reference: 'SPEC-7 v1000' })]);
    expect(world.entries.filter((e) => e.action === 'record document')).toHaveLength(1000);
    expect(JSON.stringify(world.plan).length).toBeLessThan(8 * 1024);
    world.specifiedAndContracted();
    world.sendCredentials();
    expect(refusal(() => world.sendCredentials())).toMatchObject({ rule: 'documentAlreadyRecorded', field: 'document' });
  });
});

describe('communication triggers', () => {
  test('closing Readiness & Access sends the customer\'s message, in the seed\'s words, as theirs', () => {
    const world = new Onboarding();
    world.specifiedAndContracted();
    world.sendCredentials();
    world.act(3);
    expect(world.notices).toEqual([
      {
        type: 'comment',
        ticketKey: 'FHSD-100',
        visibility: 'customer',
        text: '“Readiness Confirmation: Permissions granted and environment ready.”\n\nSent by Cara Customer, the customer, in the customer portal on 2026-11-23 at 09:00 UTC. The app posts it for them: a Jira app can comment only in its own name.',
        sender: 'Customer',
        saidBy: { accountId: 'cust', role: 'Customer', at: NOW.toISOString(), via: 'customer portal' },
      },
    ]);
    expect(READINESS_MESSAGE).toBe('Readiness Confirmation: Permissions granted and environment ready.');
  });

  test('closing Deployment Execution sends the vendor\'s message', () => {
    const world = new Onboarding();
    world.specifiedAndContracted();
    world.readyAndDeployed();
    expect(world.notices.at(-1)).toEqual({ type: 'comment', ticketKey: 'FHSD-100', visibility: 'customer', text: 'Deployment Complete. The system is ready for validation.\n\n— IQVIA', sender: 'IQVIA Engineer' });
    expect(DEPLOYMENT_MESSAGE).toBe('Deployment Complete. The system is ready for validation.');
  });

  test('the decommissioning report closes the contract, with the vendor\'s message', () => {
    const world = new Onboarding();
    world.specifiedAndContracted();
    world.readyAndDeployed();
    world.act(5, { type: 'decide', outcome: 'Pass' });
    world.record('validation', 'dac', 'cust');
    world.act(6);
    world.act(7);
    expect(refusal(() => world.act(8))).toMatchObject({ rule: 'phaseDocumentsBeforeClose', field: 'documents', stage: 8 });
    world.record('decommissioning', 'decommissioning-report', 'eng', { reference: 'DECOM-1' });
    world.act(8);
    expect(world.notices.at(-1)).toEqual({ type: 'comment', ticketKey: 'FHSD-100', visibility: 'customer', text: 'Decommissioning complete. Contract formally concluded.\n\n— IQVIA', sender: 'IQVIA Engineer' });
    expect(DECOMMISSIONING_MESSAGE).toBe('Decommissioning complete. Contract formally concluded.');
    expect(summarizeLifecyclePlan(world.plan).phase).toBe('Complete');
  });

  test('phases the seed gives no trigger send nothing', () => {
    const world = new Onboarding();
    world.specifiedAndContracted();
    expect(world.notices).toEqual([]);
  });
});

describe('scenario A and scenario B', () => {
  test('change what phase 3 asks for', () => {
    expect(LIFECYCLE_PLAYBOOKS.A.steps[2]!.activity).toBe('Customer provisions cloud capabilities and grants agreed IAM permissions to Owkin.');
    expect(LIFECYCLE_PLAYBOOKS.B.steps[2]!.activity).toBe('Customer provides necessary data feeds or integration credentials.');
    expect(LIFECYCLE_PLAYBOOKS.B.phases[2]!.documents!.map((d) => d.id)).toEqual(['integration-credentials']);
  });

  test('a scenario B plan takes integration credentials, and refuses IAM permissions as the wrong kind', () => {
    const world = new Onboarding('B');
    world.specifiedAndContracted();
    expect(refusal(() => world.sendCredentials('iam-permissions'))).toMatchObject({ rule: 'documentOfPhase', field: 'document' });
    expect(refusal(() => world.act(3)).message).toContain('data feeds or integration credentials');
    world.sendCredentials('integration-credentials');
    world.act(3);
    expect(status(world, 3)).toBe('done');
  });

  test('an unknown scenario is refused naming the field', () => {
    expect(refusal(() => createLifecyclePlan({ planId: 'x', organizationId: 'o', reporterAccountId: 'c', ticketKey: 'FHSD-1', scenario: 'C' as never, vendorName: 'IQVIA' }, ROLES, undefined, NOW))).toMatchObject({ rule: 'knownScenario', field: 'scenario' });
  });
});

describe('access credentials are never stored', () => {
  test('only that they were sent over a secure channel, by whom and when', () => {
    const world = new Onboarding();
    world.specifiedAndContracted();
    world.sendCredentials();
    expect(world.plan.documents!.at(-1)).toEqual({ document: 'iam-permissions', phase: 'readiness', reference: null, sentOverSecureChannel: true, recordedBy: 'cust', at: NOW.toISOString(), attempt: 1 });
    expect(world.entries.at(-1)!.after).toEqual({ document: 'iam-permissions', phase: 'readiness', sentOverSecureChannel: true });
  });

  test('a reference, or any other field carrying them, is refused; so is a record that does not confirm the secure channel', () => {
    const world = new Onboarding();
    world.specifiedAndContracted();
    const before = world.plan;
    expect(refusal(() => world.record('readiness', 'iam-permissions', 'cust', { reference: 'arn:aws:iam::123:role/x', sentOverSecureChannel: true }))).toMatchObject({ rule: 'credentialsNeverStored', field: 'reference' });
    expect(refusal(() => world.record('readiness', 'iam-permissions', 'cust', { sentOverSecureChannel: true, password: 'hunter2' } as never))).toMatchObject({ rule: 'credentialsNeverStored', field: 'password' });
    expect(refusal(() => world.record('readiness', 'iam-permissions', 'cust', {}))).toMatchObject({ rule: 'secureChannel', field: 'sentOverSecureChannel' });
    expect(world.plan).toBe(before);
    expect(JSON.stringify(world.entries)).not.toContain('hunter2');
  });
});

describe('the UAT loop', () => {
  test('a failed UAT returns deployment to phase 3, counts the iteration and keeps the history', () => {
    const world = new Onboarding();
    world.specifiedAndContracted();
    world.readyAndDeployed();
    expect(refusal(() => world.act(5, { type: 'decide', outcome: 'Fail' }))).toMatchObject({ rule: 'reasonRequired', field: 'reason' });
    world.act(5, { type: 'decide', outcome: 'Fail', reason: 'Dose calculation off by one unit' });
    expect([3, 4, 5].map((n) => status(world, n))).toEqual(['todo', 'todo', 'todo']);
    expect([1, 2].map((n) => status(world, n))).toEqual(['done', 'done']);
    expect(world.plan.attempt).toBe(2);
    expect(world.plan.attempts[0]).toMatchObject({ attempt: 1, outcome: 'Fail', reason: 'Dose calculation off by one unit', restartedSteps: [3, 4, 5] });
    expect(uatHistory(world.plan)[0]).toMatchObject({ iteration: 1, outcome: 'Fail', reason: 'Dose calculation off by one unit' });
    expect(summarizeLifecyclePlan(world.plan)).toMatchObject({ phase: 'Readiness & Access', uatIteration: 2, uatFailures: 1, dacSigned: false });
  });

  test('the new iteration records phase 3 and 4 documents again, and sends their messages again', () => {
    const world = new Onboarding();
    world.specifiedAndContracted();
    world.readyAndDeployed();
    world.act(5, { type: 'decide', outcome: 'Fail', reason: 'Dose calculation off' });
    expect(refusal(() => world.act(3)).rule).toBe('phaseDocumentsBeforeClose');
    world.readyAndDeployed();
    world.act(5, { type: 'decide', outcome: 'Pass' });
    const said = (text: string): string => [READINESS_MESSAGE, DEPLOYMENT_MESSAGE].find((message) => text.includes(message)) ?? text;
    expect(world.notices.map((n) => (n.type === 'comment' ? said(n.text) : n.type))).toEqual([READINESS_MESSAGE, DEPLOYMENT_MESSAGE, READINESS_MESSAGE, DEPLOYMENT_MESSAGE]);
    expect(uatHistory(world.plan).map((r) => [r.iteration, r.outcome])).toEqual([[1, 'Fail'], [2, 'Pass']]);
  });
});

describe('a long UAT loop keeps the plan record small', () => {
  test('seven failed UATs: all counted, the latest attempts in the record, every one in the audit', () => {
    const world = new Onboarding();
    world.specifiedAndContracted();
    for (let i = 1; i <= 7; i += 1) {
      world.readyAndDeployed();
      world.act(5, { type: 'decide', outcome: 'Fail', reason: `run ${i} failed` });
    }
    expect(summarizeLifecyclePlan(world.plan)).toMatchObject({ uatIteration: 8, uatFailures: 7 });
    expect(world.plan.attempts.map((a) => a.attempt)).toEqual([3, 4, 5, 6, 7]);
    expect(world.entries.filter((e) => e.action === 'decide Fail')).toHaveLength(7);
    // Each restart asked for phase 3 and 4 documents again: only the phases not restarted keep theirs.
    expect(new Set(world.plan.documents!.map((d) => d.phase))).toEqual(new Set(['definition', 'contractualization']));
  });
});

describe('the signed DAC is the gate to Support & Operations', () => {
  test('the DAC is recorded only once the UAT passed, by the customer', () => {
    const world = new Onboarding();
    world.specifiedAndContracted();
    world.readyAndDeployed();
    expect(refusal(() => world.record('validation', 'dac', 'cust'))).toMatchObject({ rule: 'documentOrder', field: 'document', stage: 5 });
    world.act(5, { type: 'decide', outcome: 'Pass' });
    expect(refusal(() => world.record('validation', 'dac', 'pm'))).toMatchObject({ rule: 'documentOwnership' });
  });

  test('Support & Operations cannot start before the signed DAC is submitted', () => {
    const world = new Onboarding();
    world.specifiedAndContracted();
    world.readyAndDeployed();
    world.act(5, { type: 'decide', outcome: 'Pass' });
    expect(refusal(() => world.act(6))).toMatchObject({ rule: 'stepDocumentsRecorded', field: 'documents', stage: 6 });
    expect(refusal(() => world.act(7, { type: 'start' }))).toMatchObject({ rule: 'stageOrder' });
    expect(refusal(() => world.act(6, { type: 'skip', reason: 'later' }))).toMatchObject({ rule: 'stageRequired' });
    world.record('validation', 'dac', 'cust', { reference: 'DAC-signed.pdf' });
    world.act(6);
    world.act(7, { type: 'start' });
    expect(status(world, 7)).toBe('in progress');
    expect(summarizeLifecyclePlan(world.plan).dacSigned).toBe(true);
  });

  test('the gate holds on its own: Support & Operations refuses to start without a DAC on record', () => {
    const world = new Onboarding();
    world.plan = { ...world.plan, steps: world.plan.steps.map((s) => (s.number <= 6 ? { ...s, status: 'done' } : s)) };
    expect(refusal(() => world.act(7, { type: 'start' }, PEOPLE.sup))).toMatchObject({ rule: 'stepDocumentsRecorded', field: 'documents', stage: 7 });
  });
});
