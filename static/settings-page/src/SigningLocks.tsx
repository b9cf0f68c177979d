/**
 * People whose signing is locked after five failed tries (Part 11 §11.300(d)): the project admin unlocks each with a
 * reason, which the audit keeps. Loaded lazily, after the settings.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, Label } from '@atlaskit/form';
import Textfield from '@atlaskit/textfield';
import { call } from '../../shared/bridge';
import { formatInstant } from '../../shared/time';

interface Lock {
  accountId: string;
  name: string | null;
  lockedAt: string;
}

export default function SigningLocks() {
  const [locks, setLocks] = useState<Lock[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();
  const load = useCallback(async () => {
    const answer = await call<Lock[]>('getSigningLocks');
    if (answer.ok) setLocks(answer.data);
    else setError(answer.error.message);
  }, []);
  useEffect(() => void load(), [load]);
  return (
    <section className="cs-settings-section" aria-labelledby={headingId} data-signing-locks>
      <h2 id={headingId}>Locked signing</h2>
      <p className="cs-muted" style={{ marginTop: 0 }}>
        A person who types a wrong signing passphrase five times cannot sign until you unlock them. Confirm who they are first; your reason is kept in the audit trail.
      </p>
      {error && <ErrorMessage>{error}</ErrorMessage>}
      {locks && locks.length === 0 && <p className="cs-muted">Nobody's signing is locked.</p>}
      {locks?.map((lock) => <LockRow key={lock.accountId} lock={lock} onUnlocked={() => void load()} />)}
    </section>
  );
}

function LockRow({ lock, onUnlocked }: { lock: Lock; onUnlocked: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const unlock = async (): Promise<void> => {
    if (!reason.trim()) return setError('Say why you unlock it (how you confirmed who they are).');
    setBusy(true);
    const answer = await call('unlockSigning', { accountId: lock.accountId, reason: reason.trim() });
    setBusy(false);
    if (answer.ok) onUnlocked();
    else setError(answer.error.message);
  };
  return (
    <div className="cs-field" data-signing-lock={lock.accountId}>
      <Label htmlFor={id}>
        {lock.name ?? lock.accountId}: locked {formatInstant(lock.lockedAt)}. Reason to unlock
      </Label>
      <div style={{ display: 'flex', gap: 8 }}>
        <div style={{ flex: 1 }}>
          <Textfield id={id} value={reason} onChange={(e) => (setReason(e.currentTarget.value), setError(null))} isInvalid={Boolean(error)} />
        </div>
        <Button onClick={() => void unlock()} isLoading={busy}>
          Unlock signing
        </Button>
      </div>
      {error && <ErrorMessage>{error}</ErrorMessage>}
    </div>
  );
}
