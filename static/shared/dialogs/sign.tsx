/**
 * The electronic signature of a decisive act (21 CFR Part 11): the act's meaning, the signer's printed name, and their
 * signing passphrase; the person sets the passphrase here the first time. Part of the lazy dialog bundle.
 */
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { call } from '../bridge';
import type { Refusal, SigningStatus, StageView } from '../types';
import { DialogFrame, StageQuote, useServerForm } from './frame';


/** The act to sign: a stage completed, or a decision with its option and reason, and the meaning the server declares. */
export interface SignRequest {
  stage: StageView;
  type: 'complete' | 'decide';
  outcome?: string;
  reason?: string;
  meaning: string;
  /** The plan revision the person was shown: the server refuses a signature on a plan changed since. */
  revision: number;
}

/** Kept in step with the server's PASSPHRASE_MIN_LENGTH (it refuses a shorter one, naming the field). */
const PASSPHRASE_MIN = 12;

export function SignDialog({ request, onClose, onSubmit }: { request: SignRequest; onClose: () => void; onSubmit: (passphrase: string) => Promise<Refusal | null> }) {
  return <BeforeSigning onClose={onClose}>{(status) => <SignForm request={request} status={status} onClose={onClose} onSubmit={onSubmit} />}</BeforeSigning>;
}

/**
 * What every signing dialog shows first: the person's signing status, asked of the server; the passphrase form the first
 * time; then the dialog's own form (`children`), with the status (name, lock) it shows.
 */
export function BeforeSigning({ onClose, children }: { onClose: () => void; children: (status: SigningStatus) => ReactNode }) {
  const [status, setStatus] = useState<SigningStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    void call<SigningStatus>('getSigningStatus').then((answer) => (answer.ok ? setStatus(answer.data) : setLoadError(answer.error.message)));
  }, []);
  if (loadError) {
    return (
      <DialogFrame title="Sign" onClose={onClose} onSubmit={(e) => (e.preventDefault(), onClose())} confirm="Close">
        <SectionMessage appearance="error" title="Signing is not available now">
          <p>{loadError}</p>
        </SectionMessage>
      </DialogFrame>
    );
  }
  if (!status) return null;
  if (!status.passphraseSet) return <PassphraseForm onClose={onClose} onSet={setStatus} />;
  return <>{children(status)}</>;
}

/** "Set your signing passphrase": once, before a first signature; at least 12 characters, typed twice. */
function PassphraseForm({ onClose, onSet }: { onClose: () => void; onSet: (status: SigningStatus) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<{ passphrase?: string; confirm?: string }>({});
  const server = useServerForm(['passphrase', 'confirm']);
  const ids = { passphrase: useId(), confirm: useId() };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const problems = {
      ...(passphrase.length < PASSPHRASE_MIN ? { passphrase: `A signing passphrase has at least ${PASSPHRASE_MIN} characters.` } : {}),
      ...(confirm !== passphrase ? { confirm: 'Type the same passphrase again.' } : {}),
    };
    setLocal(problems);
    if (problems.passphrase || problems.confirm) return;
    const answer = await server.ask(() => call<SigningStatus>('setSigningPassphrase', { passphrase, confirm }));
    if (answer.ok) onSet(answer.data);
  };
  const errorOf = (field: 'passphrase' | 'confirm') => local[field] ?? server.errorOf(field);
  return (
    <DialogFrame title="Set your signing passphrase" onClose={onClose} onSubmit={(e) => void submit(e)} confirm="Set passphrase" busy={server.busy}>
      <p>
        Your signature on a decisive act has two parts: your Atlassian account, and a signing passphrase only you know. Set it once; the app keeps only a salted hash of it, never the
        passphrase.
      </p>
      {server.general && (
        <SectionMessage appearance="error" title="The passphrase was not set">
          <p>{server.general}</p>
        </SectionMessage>
      )}
      <div className="cs-field">
        <Label htmlFor={ids.passphrase}>Signing passphrase</Label>
        <Textfield id={ids.passphrase} type="password" value={passphrase} onChange={(e) => (setPassphrase(e.currentTarget.value), setLocal({}))} isInvalid={Boolean(errorOf('passphrase'))} autoFocus autoComplete="new-password" />
        {errorOf('passphrase') ? <ErrorMessage>{errorOf('passphrase')}</ErrorMessage> : <HelperMessage>At least {PASSPHRASE_MIN} characters; not your Atlassian password.</HelperMessage>}
      </div>
      <div className="cs-field">
        <Label htmlFor={ids.confirm}>Type it again</Label>
        <Textfield id={ids.confirm} type="password" value={confirm} onChange={(e) => (setConfirm(e.currentTarget.value), setLocal({}))} isInvalid={Boolean(errorOf('confirm'))} autoComplete="new-password" />
        {errorOf('confirm') && <ErrorMessage>{errorOf('confirm')}</ErrorMessage>}
      </div>
    </DialogFrame>
  );
}

/** The signature itself: what it means, whose it is, and the passphrase; a lock after five failed tries is said plainly. */
function SignForm({ request, status, onClose, onSubmit }: { request: SignRequest; status: SigningStatus; onClose: () => void; onSubmit: (passphrase: string) => Promise<Refusal | null> }) {
  const [passphrase, setPassphrase] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const [locked, setLocked] = useState(status.locked ? status.message : null);
  const server = useServerForm(['signature.passphrase']);
  const id = useId();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (locked) return onClose();
    if (!passphrase) return setLocal('Type your signing passphrase.');
    setLocal(null);
    let refusal: Refusal | null = null;
    const accepted = await server.send(async () => (refusal = await onSubmit(passphrase)));
    if (accepted) return onClose();
    const refused = refusal as Refusal | null;
    if (refused?.rule === 'signingLocked') setLocked(refused.message);
    setPassphrase('');
  };
  const error = local ?? server.errorOf('signature.passphrase');
  return (
    <DialogFrame title={`Sign: ${request.meaning}`} onClose={onClose} onSubmit={(e) => void submit(e)} confirm={locked ? 'Close' : 'Sign'} busy={server.busy} width="large">
      <StageQuote stage={request.stage} />
      <SectionMessage appearance="information" title="What your signature means">
        <p data-signature-meaning>{request.meaning}</p>
        {request.outcome && <p>Decision: {request.outcome}</p>}
        {request.reason && <p>Reason: {request.reason}</p>}
      </SectionMessage>
      <p>
        Signing as <strong data-signer-name>{status.name ?? status.accountId}</strong>. The signature records your name, the time (UTC) and this meaning with the stage, and is bound to it:
        a change to the stage afterwards shows the signature as broken.
      </p>
      {locked ? (
        <SectionMessage appearance="error" title="Signing is locked">
          <p>{locked}</p>
        </SectionMessage>
      ) : (
        <>
          {server.general && (
            <SectionMessage appearance="error" title="Not signed">
              <p>{server.general}</p>
            </SectionMessage>
          )}
          <div className="cs-field">
            <Label htmlFor={id}>Signing passphrase</Label>
            <Textfield id={id} type="password" value={passphrase} onChange={(e) => (setPassphrase(e.currentTarget.value), setLocal(null), server.setRefusal(null))} isInvalid={Boolean(error)} autoFocus autoComplete="current-password" />
            {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>The passphrase you set for signing in this app.</HelperMessage>}
          </div>
        </>
      )}
    </DialogFrame>
  );
}
