import { Filter, FilterConditions, kvs, WhereConditions } from '@forge/kvs';
import type { AuditEntry } from '../domain/audit';
import type { PassphraseHash, SigningCommit, SigningState, SigningStore } from '../app/signing';
import { signingSubjectOf } from '../app/signing';
import { AUDIT_ENTITY, auditEntityKeyOf, claim, execute, type AuditEntity } from './planStore';

/** The `signer` entity of the manifest: one person's signing state, indexed by whether it is locked. */
export interface SignerEntity {
  accountId: string;
  revision: number;
  /** 1 while signing is locked for the person, else 0 (the by-locked index). */
  locked: number;
  state?: SigningState;
}

export const SIGNER_ENTITY = 'signer';
/** The secret key of a person's passphrase hash: secret storage (kvs-api-secret), read only by `getSecret`, never queried. */
export const passphraseKeyOf = (accountId: string): string => `signing-passphrase:${accountId}`;
/** Locked people a page of the admin's list holds (an entity query returns at most 100). */
const LOCKED_PAGE = 100;

/** People's signing records on Forge's key-value store: the state as an entity, the hash as a secret. */
export class KvsSigningStore implements SigningStore {
  async loadState(accountId: string): Promise<SigningState | undefined> {
    const entity = await kvs.entity<SignerEntity>(SIGNER_ENTITY).get(accountId);
    return entity?.state;
  }

  async loadCredential(accountId: string): Promise<PassphraseHash | undefined> {
    return kvs.getSecret<PassphraseHash>(passphraseKeyOf(accountId));
  }

  /**
   * The hash first (secret storage takes no part in a transaction), then the state and its audit entries in one
   * transaction, only if the state is still at the revision read. A new hash whose state write then fails is the
   * person's own new passphrase, set again by their retry.
   */
  async commit(commit: SigningCommit): Promise<void> {
    const { state } = commit;
    if (commit.expectedRevision === 0) await claim(SIGNER_ENTITY, state.accountId, signingSubjectOf(state.accountId));
    if (commit.credential) await kvs.setSecret(passphraseKeyOf(state.accountId), commit.credential);
    const transaction = kvs.transact();
    const entity: SignerEntity = { accountId: state.accountId, revision: state.revision, locked: state.lockedAt ? 1 : 0, state };
    transaction.set(state.accountId, entity, { entityName: SIGNER_ENTITY, conditions: new Filter<{ revision: number }>().and('revision', FilterConditions.equalTo(commit.expectedRevision)) });
    for (const entry of commit.audit) addEntry(transaction, entry);
    await execute(transaction, [{ entityName: SIGNER_ENTITY, key: state.accountId, revision: commit.expectedRevision }], signingSubjectOf(state.accountId));
  }

  async listLocked(): Promise<SigningState[]> {
    const { results } = await kvs.entity<SignerEntity>(SIGNER_ENTITY).query().index('by-locked').where(WhereConditions.equalTo(1)).limit(LOCKED_PAGE).getMany();
    return results.flatMap((r) => (r.value.state ? [r.value.state] : []));
  }
}

function addEntry(transaction: ReturnType<typeof kvs.transact>, entry: AuditEntry): void {
  const { planId: subject, seq, ...rest } = entry;
  transaction.set(auditEntityKeyOf(subject, seq), { planId: subject, seq, entry: rest } satisfies AuditEntity, { entityName: AUDIT_ENTITY });
}
