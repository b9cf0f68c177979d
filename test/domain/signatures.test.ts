/**
 * Electronic signatures in the pure domain (21 CFR Part 11): the signed acts are data per kind, the engine refuses them
 * without their taker's signature, and each signature is bound by a hash to the record it signs.
 */
import fc from 'fast-check';
import { applyStepAction } from '../../src/domain/engine';
import { PlanRefusal } from '../../src/domain/errors';
import { GO_LIVE_PLAYBOOK } from '../../src/domain/golive/playbook';
import { LIFECYCLE_PLAYBOOKS } from '../../src/domain/lifecycle/playbook';
import type { Actor, Plan, PlaybookDefinition, StepAction } from '../../src/domain/playbook';
import { createPlan } from '../../src/domain/playbooks/create';
import { definePlaybook, playbookProblems } from '../../src/domain/playbooks/define';
import { recordDocument } from '../../src/domain/playbooks/documents';
import { canonicalJson, checkSignature, type Signer } from '../../src/domain/signatures';
import { UPGRADE_PLAYBOOK } from '../../src/domain/upgrade/playbook';
import { DESCALING_PLAYBOOK, type DescalingFacts } from './descaling/playbook';

const NOW = new Date('2026-11-23T09:00:00Z');
const SUPPORT: Actor = { accountId: 'sup', roles: ['IQVIA Support'] };
const CUSTOMER: Actor = { accountId: 'cus', roles: ['Customer'] };
const TASTED = 'Tasted: the coffee is fit to drink';

/** The descaling playbook with its tasting signed (both options) and its descaling run signed. */
const SIGNED_DATA = {
  ...DESCALING_PLAYBOOK,
  rules: [],
  ticketOf: (plan: Plan<DescalingFacts>) => plan.facts.ticketKey,
  signatures: [
    { step: 2, action: 'complete', meaning: 'Descaled: the programme ran to its end' },
    { step: 3, action: 'decide', outcome: 'Good', meaning: TASTED },
    { step: 3, action: 'decide', outcome: 'Bad', meaning: 'Tasted: descale again' },
  ],
} as const;
const SIGNED = definePlaybook<DescalingFacts, 'descaling'>(SIGNED_DATA);
const playbook = SIGNED as PlaybookDefinition<unknown>;

function newPlan(): Plan<DescalingFacts, 'descaling'> {
  const roles = { projectDefault: { 'IQVIA Support': ['sup'] }, organizations: { org: { Customer: ['cus'] } } };
  const created = createPlan(SIGNED, { id: 'p1', organizationId: 'org', reporterAccountId: 'cus', facts: { ticketKey: 'FHSD-1' }, roles }, NOW).plan;
  return recordDocument(SIGNED, created, { phase: 'prepare', document: 'checklist', reference: 'CL-1' }, SUPPORT, NOW).plan;
}
const signer = (plan: Plan<unknown>, actor: Actor, meaning: string): Signer => ({ accountId: actor.accountId, name: `Name of ${actor.accountId}`, shownRevision: plan.revision, meaning });
const act = <P extends Plan<DescalingFacts, 'descaling'>>(plan: P, action: StepAction, actor: Actor) => applyStepAction(SIGNED, plan, action, actor, NOW).plan;

/** A plan whose step 3 waits for the customer's signed decision. */
function toTasting(): Plan<DescalingFacts, 'descaling'> {
  let plan = act(newPlan(), { type: 'complete', step: 1 }, SUPPORT);
  plan = act(plan, { type: 'complete', step: 2, signature: signer(plan, SUPPORT, 'Descaled: the programme ran to its end') }, SUPPORT);
  return plan;
}

function refused(run: () => unknown): PlanRefusal {
  try {
    run();
  } catch (error) {
    if (error instanceof PlanRefusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('signed acts are data, declared once per kind of plan', () => {
  test('the decisive moments of each kind and their meanings', () => {
    const acts = (p: PlaybookDefinition<unknown>) => (p.signatures ?? []).map((m) => [m.step, m.outcome ?? m.action, m.meaning]);
    expect(acts(UPGRADE_PLAYBOOK as PlaybookDefinition<unknown>)).toEqual([
      [12, 'complete', 'Validation complete: the customer validated the release and its configuration items'],
      [24, 'Go', 'Go: PROD TEST may be upgraded'],
      [24, 'No-Go', 'No-Go: PROD MAIN is to be restored from its backup'],
      [28, 'complete', 'Plan closed: the upgrade is confirmed as expected and the ticket may be closed'],
    ]);
    expect(acts(LIFECYCLE_PLAYBOOKS.A as PlaybookDefinition<unknown>).map(([step, what]) => [step, what])).toEqual([[5, 'Pass'], [5, 'Fail'], [6, 'complete']]);
    expect(acts(GO_LIVE_PLAYBOOK as PlaybookDefinition<unknown>).map(([step, what]) => [step, what])).toEqual([[5, 'complete']]);
  });

  test('a missing meaning, an unknown step or option, or a decision signed for some options only is a fault of the playbook', () => {
    const faulty = { ...DESCALING_PLAYBOOK, signatures: [{ step: 3, action: 'decide' as const, outcome: 'Good', meaning: ' ' }, { step: 9, action: 'complete' as const, meaning: 'x' }] };
    expect(playbookProblems(faulty)).toEqual(expect.arrayContaining(['step 3: a signature needs its meaning', 'step 3: every option of a signed decision is signed', 'signature of unknown step 9']));
    expect(playbookProblems(SIGNED)).toEqual([]);
  });
});

describe('the engine refuses a signed act without its signature (Part 11 §11.200, §11.300)', () => {
  test('§11.200(a)(1) refused without a signature, naming the field', () => {
    const plan = toTasting();
    expect(refused(() => act(plan, { type: 'decide', step: 3, outcome: 'Good' }, CUSTOMER))).toMatchObject({ rule: 'signatureRequired', field: 'signature', stage: 3 });
  });

  test('§11.200(a)(1) only the person acting signs: another account in the signature is refused', () => {
    const plan = toTasting();
    expect(refused(() => act(plan, { type: 'decide', step: 3, outcome: 'Good', signature: signer(plan, SUPPORT, TASTED) }, CUSTOMER))).toMatchObject({ rule: 'signatureSigner', field: 'signature' });
  });

  test('§11.50(a)(3) a missing or different meaning is refused; §11.10 a record changed since it was shown is refused', () => {
    const plan = toTasting();
    expect(refused(() => act(plan, { type: 'decide', step: 3, outcome: 'Good', signature: signer(plan, CUSTOMER, '') }, CUSTOMER))).toMatchObject({ rule: 'signatureMeaning', field: 'signature.meaning' });
    expect(refused(() => act(plan, { type: 'decide', step: 3, outcome: 'Good', signature: signer(plan, CUSTOMER, 'Tasted: descale again') }, CUSTOMER))).toMatchObject({ rule: 'signatureMeaning', field: 'signature.meaning' });
    expect(refused(() => act(plan, { type: 'decide', step: 3, outcome: 'Good', signature: { ...signer(plan, CUSTOMER, TASTED), shownRevision: plan.revision - 1 } }, CUSTOMER))).toMatchObject({ rule: 'signatureStale', field: 'signature.revision' });
  });

  test('property: a refused signing changes nothing, whatever is wrong with the signature', () => {
    const plan = toTasting();
    const frozen = canonicalJson(plan);
    const flaws = fc.record({
      account: fc.constantFrom('cus', 'sup', '', 'someone'),
      name: fc.constantFrom('Name of cus', '', '  '),
      revision: fc.integer({ min: -2, max: plan.revision + 2 }),
      meaning: fc.constantFrom(TASTED, '', 'Tasted: descale again', 'I agree'),
      missing: fc.boolean(),
    });
    fc.assert(
      fc.property(flaws, (f) => {
        const signature: Signer = { accountId: f.account, name: f.name, shownRevision: f.revision, meaning: f.meaning };
        const valid = !f.missing && f.account === 'cus' && f.name.trim() !== '' && f.revision === plan.revision && f.meaning === TASTED;
        const run = () => applyStepAction(SIGNED, plan, { type: 'decide', step: 3, outcome: 'Good', ...(f.missing ? {} : { signature }) }, CUSTOMER, NOW);
        if (valid) return void expect(run().plan.signatures).toHaveLength(2);
        expect(refused(run).field).toMatch(/^signature/);
        expect(canonicalJson(plan)).toBe(frozen);
      }),
      { numRuns: 200 },
    );
  });
});

describe('a signature is bound to the record it signs (Part 11 §11.50, §11.70)', () => {
  test('§11.50 signature shows printed name, date/time and meaning, and is kept with the act\'s audit entry', () => {
    const plan = toTasting();
    const accepted = applyStepAction(SIGNED, plan, { type: 'decide', step: 3, outcome: 'Good', signature: signer(plan, CUSTOMER, TASTED) }, CUSTOMER, NOW);
    const signature = accepted.plan.signatures!.find((s) => s.step === 3)!;
    expect(signature).toMatchObject({ accountId: 'cus', name: 'Name of cus', at: NOW.toISOString(), meaning: TASTED, step: 3, attempt: 1, seq: accepted.plan.revision });
    expect(signature.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(accepted.entry.after).toMatchObject({ signature });
    expect(checkSignature(playbook, accepted.plan, signature)).toBe('valid');
  });

  test('§11.70 signature bound to its record: a copied signature fails verification, a changed record breaks it', () => {
    const plan = toTasting();
    const signed = act(plan, { type: 'decide', step: 3, outcome: 'Good', signature: signer(plan, CUSTOMER, TASTED) }, CUSTOMER);
    const signature = signed.signatures!.find((s) => s.step === 3)!;
    // Copied onto step 2's record (done by the same plan): not the record it signed.
    expect(checkSignature(playbook, signed, { ...signature, step: 2 })).toBe('broken');
    // Onto the same step of another plan: broken too.
    expect(checkSignature(playbook, { ...signed, id: 'p2' }, signature)).toBe('broken');
    // The record changed afterwards (the outcome, the reason, who completed it), or the signature's meaning or name edited.
    const edit = (change: object) => ({ ...signed, steps: signed.steps.map((s) => (s.number === 3 ? { ...s, ...change } : s)) });
    expect(checkSignature(playbook, edit({ outcome: 'Bad' }), signature)).toBe('broken');
    expect(checkSignature(playbook, edit({ reason: 'added later' }), signature)).toBe('broken');
    expect(checkSignature(playbook, edit({ completedBy: 'sup' }), signature)).toBe('broken');
    expect(checkSignature(playbook, signed, { ...signature, meaning: 'Tasted: descale again' })).toBe('broken');
    expect(checkSignature(playbook, signed, { ...signature, name: 'Someone Else' })).toBe('broken');
    expect(checkSignature(playbook, signed, signature)).toBe('valid');
  });

  test('a decision that restarts its own step keeps its signature valid on the archived attempt; a reopened step\'s signature leaves the plan (its audit entry keeps it)', () => {
    const plan = toTasting();
    const bad = act(plan, { type: 'decide', step: 3, outcome: 'Bad', reason: 'still bitter', signature: signer(plan, CUSTOMER, 'Tasted: descale again') }, CUSTOMER);
    const archived = bad.signatures!.find((s) => s.step === 3)!;
    expect(bad.attempt).toBe(2);
    expect(archived.attempt).toBe(1);
    expect(checkSignature(playbook, bad, archived)).toBe('valid');

    const descaled = bad.signatures!.find((s) => s.step === 2 && s.attempt === 1)!;
    let again = act(bad, { type: 'complete', step: 2, signature: signer(bad, SUPPORT, 'Descaled: the programme ran to its end') }, SUPPORT);
    expect(again.signatures!.filter((s) => s.step === 2).map((s) => [s.attempt, checkSignature(playbook, again, s)])).toEqual([[1, 'valid'], [2, 'valid']]);
    again = act(again, { type: 'reopen', step: 2, reason: 'the tank was not emptied' }, SUPPORT);
    expect(again.signatures!.filter((s) => s.step === 2)).toEqual([descaled]);
  });

  test('checkSignature: a signed step the decision did not restart stands as signed in the next attempts, verified', () => {
    // Bad sends back the tasting only: the descaling signed in attempt 1 stands.
    const tastingAgain = definePlaybook<DescalingFacts, 'descaling'>({
      ...SIGNED_DATA,
      steps: SIGNED_DATA.steps.map((s) => (s.decision ? { ...s, decision: { options: s.decision.options.map((o) => (o.id === 'Bad' ? { ...o, restartsSteps: [3] } : o)) } } : s)),
    });
    const actOn = <P extends Plan<DescalingFacts, 'descaling'>>(plan: P, action: StepAction, actor: Actor) => applyStepAction(tastingAgain, plan, action, actor, NOW).plan;
    let plan = actOn(newPlan(), { type: 'complete', step: 1 }, SUPPORT);
    plan = actOn(plan, { type: 'complete', step: 2, signature: signer(plan, SUPPORT, 'Descaled: the programme ran to its end') }, SUPPORT);
    for (let attempt = 1; attempt <= 3; attempt += 1) plan = actOn(plan, { type: 'decide', step: 3, outcome: 'Bad', reason: `still bitter (${attempt})`, signature: signer(plan, CUSTOMER, 'Tasted: descale again') }, CUSTOMER);
    expect(plan.attempt).toBe(4);
    const checks = plan.signatures!.map((s) => [s.step, s.attempt, checkSignature(tastingAgain as PlaybookDefinition<unknown>, plan, s)]);
    expect(checks).toEqual([[2, 1, 'valid'], [3, 1, 'valid'], [3, 2, 'valid'], [3, 3, 'valid']]);
    // Changed since it was signed, it is broken in any attempt.
    const edited = { ...plan, steps: plan.steps.map((s) => (s.number === 2 ? { ...s, completedBy: 'someone else' } : s)) };
    expect(checkSignature(tastingAgain as PlaybookDefinition<unknown>, edited, plan.signatures![0]!)).toBe('broken');
    // keptSignatures: reopened in attempt 4, the descaling signed in attempt 1 leaves the plan (the audit keeps it), never "broken".
    const reopened = actOn(plan, { type: 'reopen', step: 2, reason: 'the tank was not emptied' }, SUPPORT);
    expect(reopened.signatures!.map((s) => [s.step, s.attempt])).toEqual([[3, 1], [3, 2], [3, 3]]);
  });

  test('checkSignature: a signed step whose phase a restart asked to document again is kept in the audit only, not broken', () => {
    // The run phase asks for a log, which the descaling step produces; Bad sends back the tasting only, in the same phase.
    const logged = definePlaybook<DescalingFacts, 'descaling'>({
      ...SIGNED_DATA,
      phases: SIGNED_DATA.phases.map((p) => (p.id === 'run' ? { ...p, documents: [{ id: 'log', name: 'Descaling log', description: 'The machine\'s log of the run.', roles: ['IQVIA Support'] }] } : p)),
      steps: SIGNED_DATA.steps.map((s) => (s.number === 2 ? { ...s, producesDocuments: ['log'] } : s.decision ? { ...s, decision: { options: s.decision.options.map((o) => (o.id === 'Bad' ? { ...o, restartsSteps: [3] } : o)) } } : s)),
    });
    const actOn = <P extends Plan<DescalingFacts, 'descaling'>>(plan: P, action: StepAction, actor: Actor) => applyStepAction(logged, plan, action, actor, NOW).plan;
    let plan = actOn(newPlan(), { type: 'complete', step: 1 }, SUPPORT);
    plan = recordDocument(logged, plan, { phase: 'run', document: 'log', reference: 'LOG-1' }, SUPPORT, NOW).plan;
    plan = actOn(plan, { type: 'complete', step: 2, signature: signer(plan, SUPPORT, 'Descaled: the programme ran to its end') }, SUPPORT);
    const descaled = plan.signatures![0]!;
    expect(checkSignature(logged as PlaybookDefinition<unknown>, plan, descaled)).toBe('valid');
    plan = actOn(plan, { type: 'decide', step: 3, outcome: 'Bad', reason: 'still bitter', signature: signer(plan, CUSTOMER, 'Tasted: descale again') }, CUSTOMER);
    expect(checkSignature(logged as PlaybookDefinition<unknown>, plan, descaled)).toBe('not kept');
  });
});
