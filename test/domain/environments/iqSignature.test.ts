import fc from 'fast-check';
import { checkIqSignature, IQ_SIGNATURE_MEANING, requireIqSigner, signIqRecord } from '../../../src/domain/environments/iqSignature';
import { liveInstance, recordIqDocumentation, requestEnvironment, transitionInstance, type EnvironmentRegistry } from '../../../src/domain/environments/registry';
import { customerRegistry, ENGINEER, iqSignerFor, NOW, refusal } from './helpers';

/** A VAL pair provisioning at 24.1: it waits for its IQ documentation. */
function provisioningVal(): EnvironmentRegistry {
  let r = requestEnvironment(customerRegistry(), { kind: 'VAL', version: '24.1' }, ENGINEER, NOW).registry;
  for (const slot of ['MAIN', 'TEST']) r = transitionInstance(r, { instance: `VAL ${slot}`, to: 'provisioning' }, ENGINEER, NOW).registry;
  return r;
}

describe('requireIqSigner', () => {
  const registry = provisioningVal();
  const record = (signer?: Parameters<typeof recordIqDocumentation>[5]) => () => recordIqDocumentation(registry, { instance: 'VAL', reference: 'IQ-VAL-1' }, ENGINEER, NOW, undefined, signer);

  test('a person\'s IQ record without a signature is refused naming the field', () => {
    expect(refusal(record())).toMatchObject({ rule: 'signatureRequired', field: 'signature' });
  });

  test('only the person recording signs it', () => {
    expect(refusal(record({ ...iqSignerFor(ENGINEER, registry), accountId: 'someone-else' }))).toMatchObject({ rule: 'signatureSigner', field: 'signature' });
  });

  test('the signature states the declared meaning, word for word', () => {
    expect(refusal(record({ ...iqSignerFor(ENGINEER, registry), meaning: ' ' }))).toMatchObject({ rule: 'signatureMeaning', field: 'signature.meaning' });
    expect(refusal(record({ ...iqSignerFor(ENGINEER, registry), meaning: 'IQ done' }))).toMatchObject({ rule: 'signatureMeaning', field: 'signature.meaning' });
  });

  test('environments changed since they were shown are not signed (signatureStale)', () => {
    expect(refusal(record({ ...iqSignerFor(ENGINEER, registry), shownRevision: registry.revision - 1 }))).toMatchObject({ rule: 'signatureStale', field: 'signature.revision' });
  });

  test('a plan\'s own IQ record (via its plan) is covered by the plan\'s signed stage, not signed again', () => {
    const documented = recordIqDocumentation(registry, { instance: 'VAL', reference: 'IQ-VAL-1' }, ENGINEER, NOW, { planId: 'plan-1', step: null, attempt: 1 });
    expect(liveInstance(documented.registry, 'VAL MAIN')!.iqDocumentation.at(-1)!.signature).toBeUndefined();
  });

  test('refusals change nothing (property: any wrong signer leaves the registry as it was)', () => {
    const before = JSON.stringify(registry);
    fc.assert(
      fc.property(fc.record({ accountId: fc.constantFrom(ENGINEER.accountId, 'x'), name: fc.constantFrom('', 'Eric'), shownRevision: fc.integer({ min: 0, max: registry.revision + 2 }), meaning: fc.constantFrom(IQ_SIGNATURE_MEANING, 'other') }), (signer) => {
        const valid = signer.accountId === ENGINEER.accountId && signer.name === 'Eric' && signer.shownRevision === registry.revision && signer.meaning === IQ_SIGNATURE_MEANING;
        fc.pre(!valid);
        expect(() => requireIqSigner(signer, ENGINEER, registry.revision)).toThrow();
        expect(() => record(signer)()).toThrow();
        expect(JSON.stringify(registry)).toBe(before);
      }),
    );
  });
});

describe('signIqRecord and checkIqSignature', () => {
  const registry = provisioningVal();
  const documented = recordIqDocumentation(registry, { instance: 'VAL', reference: 'IQ-VAL-1' }, ENGINEER, NOW, undefined, iqSignerFor(ENGINEER, registry)).registry;
  const main = liveInstance(documented, 'VAL MAIN')!;
  const test_ = liveInstance(documented, 'VAL TEST')!;
  const mainRecord = main.iqDocumentation.at(-1)!;

  test('each instance\'s record carries its own signature, which verifies', () => {
    expect(mainRecord.signature).toMatchObject({ accountId: ENGINEER.accountId, meaning: IQ_SIGNATURE_MEANING, at: NOW.toISOString(), seq: documented.revision });
    expect(checkIqSignature(documented.organizationId, main, mainRecord)).toBe('valid');
    expect(checkIqSignature(documented.organizationId, test_, test_.iqDocumentation.at(-1)!)).toBe('valid');
    expect(mainRecord.signature!.hash).not.toBe(test_.iqDocumentation.at(-1)!.signature!.hash);
  });

  test('a changed record, a signature copied onto another instance or organization, shows as broken', () => {
    expect(checkIqSignature(documented.organizationId, main, { ...mainRecord, reference: 'IQ-VAL-2' })).toBe('broken');
    expect(checkIqSignature(documented.organizationId, main, { ...mainRecord, version: '25.1' })).toBe('broken');
    expect(checkIqSignature(documented.organizationId, test_, { ...test_.iqDocumentation.at(-1)!, signature: mainRecord.signature! })).toBe('broken');
    expect(checkIqSignature('another-org', main, mainRecord)).toBe('broken');
    expect(checkIqSignature(documented.organizationId, main, { ...mainRecord, signature: { ...mainRecord.signature!, name: 'Someone Else' } })).toBe('broken');
  });

  test('a record the app did not sign (transcribed or a plan\'s) is unsigned, not broken', () => {
    const { signature: _signature, ...unsigned } = mainRecord;
    expect(checkIqSignature(documented.organizationId, main, unsigned)).toBe('unsigned');
  });

  test('signIqRecord is deterministic over the same record and signer', () => {
    const { signature: _signature, ...unsigned } = mainRecord;
    const signer = iqSignerFor(ENGINEER, registry);
    expect(signIqRecord(documented.organizationId, main, unsigned, signer, documented.revision)).toEqual(mainRecord.signature);
  });
});
