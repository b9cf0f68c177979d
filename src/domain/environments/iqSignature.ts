import { refuse } from '../errors';
import type { Actor } from '../playbook';
import { canonicalJson, sha256Hex, type Signer } from '../signatures';
import type { EnvironmentInstance, IqDocumentation } from './instance';

/**
 * The IQ documentation a person records for a VAL or PROD instance in the app is decisive evidence (21 CFR Part 11
 * §11.50, §11.70): it is signed, with this meaning, by the person recording it. A go-live's PROD record is signed on its
 * plan's step 5 instead; a transcribed document (`documentedOn`: an existing environment's, signed outside the app) is not.
 */
export const IQ_SIGNATURE_MEANING = 'IQ documentation: the instance is installed and qualified at the version recorded';

/** The signature of one IQ documentation record, kept on the record (§11.70: it cannot be copied onto another). */
export interface IqSignature {
  accountId: string;
  /** The signer's printed name as Jira gave it. */
  name: string;
  /** When it was signed, UTC ISO 8601. */
  at: string;
  meaning: string;
  /** The registry revision the signed change made. */
  seq: number;
  /** sha256 (hex) of the canonical content: the record, its instance and organization, and this signature's name, time and meaning. */
  hash: string;
}

/** What an IQ record's signature is found to be; `unsigned` for a record the app did not sign (transcribed, or a plan's). */
export type IqSignatureCheck = 'valid' | 'broken' | 'unsigned';

/** The content an IQ signature covers: which organization's instance, the record as kept, and the signature's own facts. */
function signedIqContent(organizationId: string, instance: Pick<EnvironmentInstance, 'id' | 'name'>, record: IqDocumentation, signature: Omit<IqSignature, 'hash'>): Record<string, unknown> {
  const { signature: _kept, ...documented } = record;
  return {
    record: { organization: organizationId, instance: instance.id, name: instance.name, ...documented },
    signature: { accountId: signature.accountId, name: signature.name, at: signature.at, meaning: signature.meaning, seq: signature.seq },
  };
}

/**
 * A person's IQ record is signed by the person recording it, with the declared meaning, on the registry they were
 * shown: refused otherwise, naming the field, and nothing is recorded.
 */
export function requireIqSigner(signer: Signer | undefined, actor: Pick<Actor, 'accountId'> & { app?: boolean }, registryRevision: number): Signer {
  if (!signer) return refuse('signatureRequired', `"${IQ_SIGNATURE_MEANING}" is signed: give your signing passphrase`, { field: 'signature' });
  if (!signer.accountId || signer.accountId !== actor.accountId || actor.app) refuse('signatureSigner', 'only the person recording the IQ documentation signs it', { field: 'signature' });
  if (!signer.meaning?.trim()) refuse('signatureMeaning', `a signature states its meaning ("${IQ_SIGNATURE_MEANING}"): none was given`, { field: 'signature.meaning' });
  if (signer.meaning !== IQ_SIGNATURE_MEANING) refuse('signatureMeaning', `this record's signature means "${IQ_SIGNATURE_MEANING}", not "${signer.meaning}"`, { field: 'signature.meaning' });
  if (!signer.name.trim()) refuse('signatureName', 'a signature carries the signer\'s printed name, which Jira did not give', { field: 'signature' });
  if (signer.shownRevision !== registryRevision) {
    refuse('signatureStale', `the environments changed since they were shown to you (revision ${signer.shownRevision}, now ${registryRevision}); look at them again before signing`, { field: 'signature.revision' });
  }
  return signer;
}

/** The signature of an IQ record as the signed change leaves it (`seq`: the registry revision of that change). */
export function signIqRecord(organizationId: string, instance: Pick<EnvironmentInstance, 'id' | 'name'>, record: IqDocumentation, signer: Signer, seq: number): IqSignature {
  const unsigned: Omit<IqSignature, 'hash'> = { accountId: signer.accountId, name: signer.name, at: record.at, meaning: IQ_SIGNATURE_MEANING, seq };
  return { ...unsigned, hash: sha256Hex(canonicalJson(signedIqContent(organizationId, instance, record, unsigned))) };
}

/** Recomputes an IQ record's signature hash: a record changed in storage, or a signature copied from another, is broken. */
export function checkIqSignature(organizationId: string, instance: Pick<EnvironmentInstance, 'id' | 'name'>, record: IqDocumentation): IqSignatureCheck {
  if (!record.signature) return 'unsigned';
  const { hash, ...rest } = record.signature;
  return sha256Hex(canonicalJson(signedIqContent(organizationId, instance, record, rest))) === hash ? 'valid' : 'broken';
}
