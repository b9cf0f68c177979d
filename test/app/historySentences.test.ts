import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AuditEntry } from '../../src/domain/audit';
import { INSTANCE_STATES } from '../../src/domain/environments/instance';
import {
  addressValidationTicketSentence,
  agreeSentence,
  attachTicketSentence,
  blockSentence,
  completeSentence,
  createPlanSentence,
  decideSentence,
  declineSentence,
  editEnvironmentSentence,
  handValidationTicketSentence,
  HISTORY_SENTENCES,
  historyKindOf,
  instanceStateSentence,
  peopleIn,
  planPhaseEndSentence,
  proposeSentence,
  provideDetailsSentence,
  reassignSentence,
  recordBackupSentence,
  recordDocumentSentence,
  recordIqDocumentationSentence,
  recordOnboardingSentence,
  recordRestoreSentence,
  registerExistingEnvironmentSentence,
  releaseToCommunityDevSentence,
  reopenSentence,
  requestEnvironmentSentence,
  roleWords,
  sentenceOf,
  skipSentence,
  stageRuns,
  startSentence,
  terminateEnvironmentSentence,
  ticketStatusSentence,
  type HistoryWords,
} from '../../src/app/historySentences';

const NAMES: Record<string, string> = { 'acc-carla': 'Carla Mendes', 'acc-erik': 'Erik Lund', 'acc-priya': 'Priya Patel', 'acc-sam': 'Samuel Okafor', 'acc-sofia': 'Sofia Rossi', 'acc-ada': 'Ada Admin' };
const WORDS: HistoryWords = {
  nameOf: (id) => NAMES[id] ?? null,
  phaseName: (id) => ({ 'prep-for-upgrade': 'Prep for Upgrade', definition: 'Definition & Specification', readiness: 'Readiness & Access' })[id] ?? null,
  documentName: (id) => ({ 'deployment-specifications': 'Deployment Specifications Document', 'integration-credentials': 'Access Credentials' })[id] ?? null,
  ticketLabel: (kind) => ({ validationIssue: 'Validation issue', prodRequest: 'PROD upgrade request' })[kind] ?? null,
  proposalWhat: (step) => (step === 16 ? 'time slot' : null),
  planWords: (planId) => (planId === 'p' ? 'this plan' : 'another plan'),
};

const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  planId: 'plan-1',
  seq: 1,
  at: '2026-12-01T09:00:00.000Z',
  actor: { accountId: 'acc-priya', role: 'IQVIA PM' },
  action: 'complete',
  step: 3,
  attempt: 1,
  before: { status: 'todo' },
  after: { status: 'done' },
  reason: null,
  ...overrides,
});

/** No sentence shows data: no braces, brackets, "key: value" pairs or account ids. */
function expectPlain(sentence: string): void {
  expect(sentence).not.toMatch(/[{}[\]]|acc-|\bundefined\b|\bnull\b|: \d+;|newAttempt|restartedStages/);
  expect(sentence).toMatch(/^[A-Z0-9].*[.]$/s);
}

describe('startSentence', () => {
  test('names who started which stage', () => {
    expect(startSentence(entry({ action: 'start', actor: { accountId: 'acc-erik', role: 'IQVIA Engineer' }, step: 21 }), WORDS)).toBe('Erik Lund started stage 21.');
  });
});

describe('completeSentence', () => {
  test('names who completed the stage', () => {
    expect(completeSentence(entry({}), WORDS)).toBe('Priya Patel completed stage 3.');
  });
  test("the app's own completion says it was the app, after whose change in Jira, and why", () => {
    const sentence = completeSentence(entry({ actor: { accountId: 'acc-sofia', role: 'App' }, step: 11, reason: 'every validation ticket is addressed and resolved' }), WORDS);
    expect(sentence).toBe("The app completed stage 11, after Sofia Rossi's change in Jira: every validation ticket is addressed and resolved.");
  });
  test("a customer's message posted in their name is said, not shown as data", () => {
    const sentence = completeSentence(entry({ actor: { accountId: 'acc-carla', role: 'Customer' }, after: { status: 'done', said: [{ sender: 'Customer', via: 'customer portal', message: 'Ready' }] } }), WORDS);
    expect(sentence).toBe('Carla Mendes completed stage 3; the app posted their message on the ticket in their name.');
  });
  test("an admin's override is said out loud", () => {
    expect(completeSentence(entry({ actor: { accountId: 'acc-ada', role: 'App admin (override)' }, reason: 'PM on leave' }), WORDS)).toBe('Ada Admin (app admin, acting outside their roles) completed stage 3: PM on leave.');
  });
});

describe('skipSentence', () => {
  test('gives the reason', () => {
    expect(skipSentence(entry({ action: 'skip', step: 7, reason: 'Not needed.' }), WORDS)).toBe('Priya Patel skipped stage 7: Not needed.');
  });
});

describe('blockSentence', () => {
  test('gives the reason', () => {
    expect(blockSentence(entry({ action: 'block', step: 5, reason: 'instances missing' }), WORDS)).toBe('Priya Patel marked stage 5 blocked: instances missing.');
  });
});

describe('reopenSentence', () => {
  test("the app's reopen names the person its reason quotes by account id", () => {
    const sentence = reopenSentence(entry({ action: 'reopen', step: 7, actor: { accountId: 'acc-sofia', role: 'App' }, reason: 'FHSD-1 was moved to In progress in Jira by acc-sofia' }), WORDS);
    expect(sentence).toBe('The app reopened stage 7: FHSD-1 was moved to In progress in Jira by Sofia Rossi.');
  });
});

describe('decideSentence', () => {
  test('"Carla Mendes took No-Go: …"', () => {
    const sentence = decideSentence(entry({ action: 'decide No-Go', step: 24, actor: { accountId: 'acc-carla', role: 'Customer' }, after: { status: 'done', outcome: 'No-Go', decidedBy: 'acc-carla' }, reason: 'the validation found a blocking issue' }), WORDS);
    expect(sentence).toBe('Carla Mendes took No-Go: the validation found a blocking issue.');
  });
  test('a decision that restarts stages at once says which, and the new attempt', () => {
    const sentence = decideSentence(entry({ action: 'decide Bad', step: 3, after: { status: 'done', decidedBy: 'acc-carla', restartedStages: [1, 2], newAttempt: 2, stagesBefore: [] }, reason: 'Still lime' }), WORDS);
    expect(sentence).toBe('Carla Mendes took Bad: Still lime. Stages 1 and 2 restart for attempt 2.');
    expectPlain(sentence);
  });
});

describe('proposeSentence', () => {
  test('the slot in UTC words and its length', () => {
    const proposal = { value: '2026-12-01T04:00:00.000Z', proposedBy: 'acc-priya', proposedAt: '2026-11-10T10:00:00Z', reason: null, declined: null, agreed: null, hours: 4 };
    expect(proposeSentence(entry({ action: 'propose', step: 16, after: { status: 'in progress', proposal } }), WORDS)).toBe('Priya Patel proposed the time slot 2026-12-01 04:00 UTC (4 hours) for stage 16.');
  });
});

describe('agreeSentence', () => {
  test('names who proposed it', () => {
    const proposal = { value: '2026-12-01T04:00:00.000Z', proposedBy: 'acc-priya', agreed: { by: 'acc-carla' } };
    expect(agreeSentence(entry({ action: 'agree', step: 16, actor: { accountId: 'acc-carla', role: 'Customer' }, after: { status: 'done', proposal } }), WORDS)).toBe('Carla Mendes agreed to the time slot 2026-12-01 04:00 UTC proposed by Priya Patel; stage 16 is done.');
  });
});

describe('declineSentence', () => {
  test('names who proposed it and why it was declined', () => {
    const proposal = { value: '2026-12-01T04:00:00.000Z', proposedBy: 'acc-priya' };
    expect(declineSentence(entry({ action: 'decline', step: 16, actor: { accountId: 'acc-carla', role: 'Customer' }, after: { status: 'in progress', proposal }, reason: 'Our lab runs that day' }), WORDS)).toBe(
      'Carla Mendes declined the time slot 2026-12-01 04:00 UTC proposed by Priya Patel: Our lab runs that day.',
    );
  });
});

describe('reassignSentence', () => {
  test('names the new owner', () => {
    expect(reassignSentence(entry({ action: 'reassign', step: 14, after: { status: 'todo', owner: 'acc-sam' }, reason: 'Samuel knows the lab' }), WORDS)).toBe('Priya Patel handed stage 14 to Samuel Okafor: Samuel knows the lab.');
  });
});

describe('createPlanSentence', () => {
  test('the reporter raised the ticket and the app opened the plan, with the stages it settled', () => {
    const sentence = createPlanSentence(entry({ action: 'create plan', step: null, actor: { accountId: 'acc-carla', role: 'Customer' }, before: null, after: { ticket: 'FHSD-1', currentVersion: '24.2', targetVersion: '25.1', stages: { 2: 'done', 5: 'done' } } }), WORDS);
    expect(sentence).toBe('Carla Mendes raised FHSD-1, and the app opened this plan for it to upgrade from 24.2 to 25.1; stages 2 and 5 are done.');
  });
  test('a plan of another kind: its version and scenario', () => {
    expect(createPlanSentence(entry({ action: 'create plan', step: null, actor: { accountId: 'acc-carla', role: 'Customer' }, before: null, after: { kind: 'x', ticketKey: 'FHSD-11', scenario: 'B' } }), WORDS)).toBe('Carla Mendes raised FHSD-11, and the app opened this plan for it, scenario B.');
  });
});

describe('recordDocumentSentence', () => {
  test('a document with its reference and phase', () => {
    expect(recordDocumentSentence(entry({ action: 'record document', step: null, before: null, after: { document: 'deployment-specifications', phase: 'definition', reference: 'DSD-1 v1.0' } }), WORDS)).toBe(
      'Priya Patel recorded the Deployment Specifications Document for Definition & Specification: DSD-1 v1.0.',
    );
  });
  test('credentials sent over a secure channel, never stored', () => {
    expect(recordDocumentSentence(entry({ action: 'record document', step: null, actor: { accountId: 'acc-carla', role: 'Customer' }, before: null, after: { document: 'integration-credentials', phase: 'readiness', sentOverSecureChannel: true } }), WORDS)).toBe(
      'Carla Mendes recorded that the Access Credentials were sent over a secure channel for Readiness & Access (never stored by the app).',
    );
  });
});

describe('planPhaseEndSentence', () => {
  test('the phase, its day in words and the day it replaced', () => {
    expect(planPhaseEndSentence(entry({ action: 'plan phase end', step: null, before: { phase: 'prep-for-upgrade', end: '2027-03-04' }, after: { phase: 'prep-for-upgrade', end: '2027-03-11' }, reason: 'Lab closed' }), WORDS)).toBe(
      'Priya Patel planned Prep for Upgrade to end on 11 March 2027 (it was 4 March 2027): Lab closed.',
    );
  });
});

describe('handValidationTicketSentence', () => {
  test('names the handler and their role', () => {
    expect(handValidationTicketSentence(entry({ action: 'hand validation ticket', step: 11, before: { ticket: 'FHSD-5', handler: null }, after: { ticket: 'FHSD-5', handler: 'acc-sam', role: 'Solution Specialist' }, reason: 'Configuration' }), WORDS)).toBe(
      'Priya Patel handed FHSD-5 to Samuel Okafor (Solution Specialist): Configuration.',
    );
  });
});

describe('addressValidationTicketSentence', () => {
  test('the note, once', () => {
    expect(addressValidationTicketSentence(entry({ action: 'address validation ticket', step: 11, actor: { accountId: 'acc-sofia', role: 'IQVIA Support' }, after: { ticket: 'FHSD-2', addressed: true, note: 'Time zone set.' } }), WORDS)).toBe('Sofia Rossi recorded FHSD-2 as addressed: Time zone set.');
  });
});

describe('recordRestoreSentence', () => {
  test('"Erik Lund restored PROD MAIN to 24.1 after the No-Go; stages … restarted for attempt 2."', () => {
    const sentence = recordRestoreSentence(
      entry({
        action: 'record restore',
        step: 24,
        actor: { accountId: 'acc-erik', role: 'IQVIA Engineer' },
        before: { restore: 'open', instance: 'PROD MAIN', backupVersion: '24.1', decidedAt: '2026-12-01T09:00:00Z' },
        after: { instance: 'PROD MAIN', restoredVersion: '24.1', backupReference: 'snap', minutes: 75, overAnHour: true, restartedStages: [14, 16, 17, 18, 19, 20, 21, 22, 23, 24], newAttempt: 2, stagesBefore: [{ number: 24, status: 'done', outcome: 'No-Go' }] },
      }),
      WORDS,
    );
    expect(sentence).toBe('Erik Lund restored PROD MAIN to 24.1 after the No-Go in 75 minutes, over the hour the plan expects; stages 14 and 16–24 restarted for attempt 2.');
    expectPlain(sentence);
    expect(recordRestoreSentence(entry({ action: 'record restore', step: 24, actor: { accountId: 'acc-erik', role: 'IQVIA Engineer' }, after: { instance: 'PROD MAIN', restoredVersion: '24.1', minutes: 1, overAnHour: false, restartedStages: [24], newAttempt: 2 } }), WORDS)).toBe(
      'Erik Lund restored PROD MAIN to 24.1 in 1 minute; stage 24 restarted for attempt 2.',
    );
    expect(recordRestoreSentence(entry({ action: 'record restore', step: 24, after: { instance: 'PROD MAIN', restoredVersion: '24.1', minutes: 0 } }), WORDS)).toBe('Priya Patel restored PROD MAIN to 24.1 in under a minute.');
  });
});

describe('attachTicketSentence', () => {
  test("the customer's own ticket shows their name, not the app's", () => {
    const sentence = attachTicketSentence(entry({ action: 'attach ticket', step: 13, actor: { accountId: 'acc-carla', role: 'App' }, before: { tickets: ['FHSD-1'] }, after: { ticket: 'FHSD-4', kind: 'prodRequest', tickets: ['FHSD-1', 'FHSD-4'], details: { targetVersion: '25.1' }, stages: { 13: 'done' } } }), WORDS);
    expect(sentence).toBe('Carla Mendes raised FHSD-4, a PROD upgrade request, and the app added it to this plan; stage 13 is done.');
    expect(roleWords(entry({ action: 'attach ticket', actor: { accountId: 'acc-carla', role: 'App' } }))).toBe('in Jira, recorded by the app');
  });
  test('a label is a noun inside the sentence', () => {
    expect(attachTicketSentence(entry({ action: 'attach ticket', step: 10, actor: { accountId: 'acc-carla', role: 'App' }, after: { ticket: 'FHSD-2', kind: 'validationIssue', stages: {} } }), WORDS)).toBe('Carla Mendes raised FHSD-2, a validation issue, and the app added it to this plan.');
  });
});

describe('provideDetailsSentence', () => {
  test('which details, in words', () => {
    expect(provideDetailsSentence(entry({ action: 'provide details', step: 5, actor: { accountId: 'acc-carla', role: 'Customer' }, before: { details: { targetVersion: '25.2' } }, after: { details: { targetVersion: '25.2', instances: ['VAL'], preferredSlots: [] }, stages: { 5: 'done' } } }), WORDS)).toBe(
      "Carla Mendes provided the request's missing details (instances and preferred slots); stage 5 is done.",
    );
  });
});

describe('ticketStatusSentence', () => {
  test('who moved the ticket in Jira, and that the app recorded it', () => {
    const resolved = entry({ action: 'ticket resolved', step: null, actor: { accountId: 'acc-sofia', role: 'App' }, before: { ticket: 'FHSD-2', resolved: false }, after: { ticket: 'FHSD-2', resolved: true, status: 'Resolved', movedBy: 'acc-sofia' } });
    expect(ticketStatusSentence(resolved, WORDS)).toBe('Sofia Rossi resolved FHSD-2 (status Resolved) in Jira; the app recorded it on the plan.');
    expect(ticketStatusSentence({ ...resolved, action: 'ticket status', after: { ticket: 'FHSD-2', resolved: false, status: 'In progress', movedBy: 'acc-sofia' } }, WORDS)).toBe('Sofia Rossi moved FHSD-2 to In progress in Jira; the app recorded it on the plan.');
  });
  test('a move whose author Jira did not give is said without a name', () => {
    expect(ticketStatusSentence(entry({ action: 'ticket reopened', step: null, actor: { accountId: 'unknown', role: 'App' }, after: { ticket: 'FHSD-2', resolved: false, status: 'Open', movedBy: 'unknown' } }), WORDS)).toBe('FHSD-2 was reopened (status Open) in Jira; the app recorded it on the plan.');
  });
});

describe('recordBackupSentence', () => {
  test('the instance, its version and the backup', () => {
    expect(recordBackupSentence(entry({ action: 'record backup', step: 20, actor: { accountId: 'acc-erik', role: 'IQVIA Engineer' }, before: null, after: { instance: 'PROD MAIN', version: '24.2', reference: 'snap-1' } }), WORDS)).toBe('Erik Lund recorded the backup of PROD MAIN at 24.2: snap-1.');
  });
});

describe('requestEnvironmentSentence', () => {
  test('the kind, version and instances, and the plan that asked', () => {
    expect(requestEnvironmentSentence(entry({ planId: 'registry:1', action: 'request environment', step: 6, actor: { accountId: 'acc-erik', role: 'IQVIA Engineer' }, before: null, after: { kind: 'VAL', instances: ['VAL MAIN #2', 'VAL TEST #2'], version: '25.1', state: 'requested', plan: 'p' }, reason: 'Stage 6: VAL at the target version 25.1.' }), WORDS)).toBe(
      'Erik Lund asked for a new VAL environment at 25.1 (VAL MAIN #2 and VAL TEST #2) for stage 6 of this plan: VAL at the target version 25.1.',
    );
  });
});

describe('instanceStateSentence', () => {
  const move = (state: string, before: Record<string, unknown>, after: Record<string, unknown>) =>
    instanceStateSentence(entry({ planId: 'registry:1', action: `instance ${state}`, step: null, actor: { accountId: 'acc-erik', role: 'IQVIA Engineer' }, before, after }), WORDS);
  test.each([
    ['provisioning', { instance: 'VAL MAIN #2', state: 'requested', version: '25.1' }, { instance: 'VAL MAIN #2', state: 'provisioning', version: '25.1' }, 'Erik Lund started provisioning VAL MAIN #2 at 25.1.'],
    ['active', { instance: 'VAL MAIN #2', state: 'provisioning', version: '25.1' }, { instance: 'VAL MAIN #2', state: 'active', version: '25.1' }, 'Erik Lund put VAL MAIN #2 in service at 25.1.'],
    ['active', { instance: 'PROD MAIN #1', state: 'upgrading', version: '24.2' }, { instance: 'PROD MAIN #1', state: 'active', version: '25.1' }, 'Erik Lund finished upgrading PROD MAIN #1 to 25.1.'],
    ['upgrading', { instance: 'PROD MAIN #1', state: 'active', version: '24.2' }, { instance: 'PROD MAIN #1', state: 'upgrading', version: '24.2', targetVersion: '25.1' }, 'Erik Lund started upgrading PROD MAIN #1 from 24.2 to 25.1.'],
    ['rolled back', { instance: 'PROD MAIN #1', state: 'upgrading', version: '25.1' }, { instance: 'PROD MAIN #1', state: 'rolled back', version: '24.1', backup: 'snap' }, 'Erik Lund rolled PROD MAIN #1 back from 25.1 to 24.1 (backup snap).'],
    ['terminated', { instance: 'VAL MAIN #1', state: 'active', version: '24.2' }, { instance: 'VAL MAIN #1', state: 'terminated', version: '24.2' }, 'Erik Lund terminated VAL MAIN #1 (it ran 24.2).'],
    ['requested', { instance: 'X #1' }, { instance: 'X #1', state: 'requested', version: '1.0' }, 'Erik Lund asked for X #1.'],
  ])('instance %s', (state, before, after, sentence) => {
    expect(move(state, before, after)).toBe(sentence);
  });
});

describe('recordIqDocumentationSentence', () => {
  test('the reference, the instances and their version', () => {
    expect(recordIqDocumentationSentence(entry({ planId: 'registry:1', action: 'record IQ documentation', step: null, before: null, after: { instances: ['PROD MAIN #1', 'PROD TEST #1'], reference: 'IQ-7', versions: ['25.1', '25.1'] } }), WORDS)).toBe(
      'Priya Patel recorded the IQ documentation IQ-7 of PROD MAIN #1 and PROD TEST #1 at 25.1.',
    );
  });

  test('a signed record says so (its meaning and hashes are in the record and its audit entry)', () => {
    const after = { instances: ['VAL MAIN #1'], reference: 'IQ-8', versions: ['25.2'], signed: 'IQ documentation: the instance is installed and qualified at the version recorded', hashes: ['ab'] };
    expect(recordIqDocumentationSentence(entry({ planId: 'registry:1', action: 'record IQ documentation', step: null, before: null, after }), WORDS)).toBe('Priya Patel signed and recorded the IQ documentation IQ-8 of VAL MAIN #1 at 25.2.');
  });
});

describe('registerExistingEnvironmentSentence', () => {
  test('what was registered, as it stood', () => {
    expect(registerExistingEnvironmentSentence(entry({ planId: 'registry:1', action: 'register existing environment', step: null, before: null, after: { kind: 'PROD', instances: ['PROD MAIN #1', 'PROD TEST #1'], version: '24.1', state: 'active', providedOn: '2024-03-01', iqDocumentation: { reference: 'IQ-1' } } }), WORDS)).toBe(
      'Priya Patel registered an existing PROD environment, PROD MAIN #1 and PROD TEST #1 (24.1, active, provided on 1 March 2024, IQ documentation IQ-1).',
    );
  });
});

describe('editEnvironmentSentence', () => {
  test('each instance with what changed', () => {
    expect(editEnvironmentSentence(entry({ planId: 'registry:1', action: 'edit environment', step: null, before: { instances: [{ instance: 'PROD MAIN #1', state: 'active', version: '24.1', iqDocumentation: null }] }, after: { instances: [{ instance: 'PROD MAIN #1', state: 'active', version: '24.2', iqDocumentation: 'IQ-2' }] }, reason: 'Upgraded outside the app' }), WORDS)).toBe(
      'Priya Patel edited PROD MAIN #1 (version 24.1 → 24.2, iq documentation none → IQ-2): Upgraded outside the app.',
    );
  });
});

describe('terminateEnvironmentSentence', () => {
  test('the instances and why', () => {
    expect(terminateEnvironmentSentence(entry({ planId: 'registry:1', action: 'terminate environment', step: null, before: { instances: [] }, after: { instances: [{ instance: 'VAL MAIN #1', state: 'terminated' }, { instance: 'VAL TEST #1', state: 'terminated' }] }, reason: 'Replaced' }), WORDS)).toBe(
      'Priya Patel terminated VAL MAIN #1 and VAL TEST #1: Replaced.',
    );
  });
});

describe('recordOnboardingSentence', () => {
  test('the facts in words', () => {
    expect(recordOnboardingSentence(entry({ planId: 'registry:1', action: 'record onboarding', step: null, before: {}, after: { contractSignedOn: '2026-01-05', sourceDatabaseMigrated: false }, reason: 'Signed' }), WORDS)).toBe(
      "Priya Patel recorded the organization's onboarding: the contract was signed on 5 January 2026 and the source database is not migrated yet: Signed.",
    );
  });
});

describe('releaseToCommunityDevSentence', () => {
  test('the version released', () => {
    expect(releaseToCommunityDevSentence(entry({ planId: 'registry:shared', action: 'release to Community Dev', step: null, before: { instance: 'Community Dev #1', version: '25.1' }, after: { instance: 'Community Dev #1', version: '25.2', state: 'active' } }), WORDS)).toBe(
      'Priya Patel released 25.2 to Community Dev #1 (it ran 25.1).',
    );
  });
});

describe('stageRuns', () => {
  test('runs of three or more as ranges', () => {
    expect(stageRuns([3])).toBe('stage 3');
    expect(stageRuns([16, 14, 17, 18, 19, 20, 21, 22, 23, 24])).toBe('stages 14 and 16–24');
    expect(stageRuns([2, 5])).toBe('stages 2 and 5');
    expect(stageRuns([1, 2, 4])).toBe('stages 1, 2 and 4');
  });
});

describe('peopleIn', () => {
  test('who acted and everyone the before and after name, at any depth', () => {
    const restore = entry({ actor: { accountId: 'acc-erik', role: 'IQVIA Engineer' }, after: { stagesBefore: [{ number: 24, completedBy: 'acc-carla', proposal: { proposedBy: 'acc-priya' } }], movedBy: 'unknown' } });
    expect(peopleIn(restore).sort()).toEqual(['acc-carla', 'acc-erik', 'acc-priya']);
  });
});

const ROOT = join(__dirname, '../..');
const domainSources = (): string[] =>
  readdirSync(join(ROOT, 'src/domain'), { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && f.name.endsWith('.ts'))
    .map((f) => relative(ROOT, join(f.parentPath, f.name)));

/** Every action the domain writes into an audit entry, read from its source: literals after `action:` or `action =`, and the two templates. */
function actionsTheDomainWrites(): { literals: string[]; templates: string[] } {
  const literals = new Set<string>();
  const templates = new Set<string>();
  for (const file of domainSources()) {
    for (const line of readFileSync(join(ROOT, file), 'utf8').split('\n')) {
      // A type annotation, or a signed act's declaration (`{ step, action, meaning }`), names no audit action.
      if (!/\baction\s*(:|=)(?!=)/.test(line) || /action:\s*(StepAction\b|string\b|Pick<)/.test(line) || /\bmeaning:/.test(line)) continue;
      const tail = line.slice(line.search(/\baction\s*(:|=)/));
      for (const m of tail.matchAll(/'([^']+)'/g)) literals.add(m[1]!);
      for (const m of tail.matchAll(/`([a-z ]+)\$\{/g)) templates.add(m[1]!.trim());
    }
  }
  return { literals: [...literals], templates: [...templates] };
}

describe('every kind of audit entry has its sentence', () => {
  const written = actionsTheDomainWrites();

  test('the scan finds what the engine, the kinds and the registry write', () => {
    expect(written.literals).toEqual(expect.arrayContaining(['create plan', 'record document', 'attach ticket', 'record restore', 'ticket resolved', 'ticket status', 'request environment', 'terminate environment', 'release to Community Dev', 'decide']));
    expect(written.templates.sort()).toEqual(['decide', 'instance']);
  });

  test('each action the domain writes is a kind with its own sentence, never the fallback', () => {
    // The engine's own actions are its step action types (`action.type`), listed by the StepAction union.
    const playbook = readFileSync(join(ROOT, 'src/domain/playbook.ts'), 'utf8');
    const union = playbook.slice(playbook.indexOf('export type StepAction'), playbook.indexOf('export interface AcceptedStepChange'));
    const stepActions = [...union.matchAll(/type: '(\w+)'/g)].map((m) => m[1]!);
    expect(stepActions).toEqual(['start', 'complete', 'skip', 'block', 'reopen', 'decide', 'propose', 'agree', 'decline', 'reassign']);
    const actions = [
      ...written.literals.filter((a) => a !== 'decide'),
      ...stepActions.filter((a) => a !== 'decide'),
      'decide Go',
      'decide No-Go',
      ...INSTANCE_STATES.map((state) => `instance ${state}`),
    ];
    const without = actions.filter((action) => historyKindOf(action) === null);
    expect(without).toEqual([]);
    for (const action of actions) expect(HISTORY_SENTENCES[historyKindOf(action)!]).toBeDefined();
  });

  test('each kind says its entry in plain words, from a bare entry of that kind', () => {
    const actions = Object.keys(HISTORY_SENTENCES).flatMap((kind) => (kind === 'decide' ? ['decide Go'] : kind === 'instance' ? INSTANCE_STATES.map((s) => `instance ${s}`) : [kind]));
    for (const action of actions) {
      const sentence = sentenceOf(entry({ action, before: null, after: {} }), WORDS);
      expect([action, sentence]).toEqual([action, expect.not.stringMatching(/[{}[\]]|undefined|null|recorded “|\(\)|  /)]);
    }
  });

  test('an action no release wrote is still said in words, never as data', () => {
    expect(sentenceOf(entry({ action: 'future thing', after: { x: { y: 1 } } }), WORDS)).toBe('Priya Patel recorded “future thing” on stage 3.');
  });
});
