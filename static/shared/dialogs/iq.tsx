/**
 * The environments' IQ documentation: an IQVIA engineer or PM records it for a VAL or PROD instance, or both at once, and
 * signs it (21 CFR Part 11) when the server says the record is signed here.
 */
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import { RadioGroup } from '@atlaskit/radio';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { TEXT_MAX_LENGTH } from '../forms';
import type { IqTarget } from '../environmentModel';
import type { Refusal, SigningStatus } from '../types';
import { DialogFrame, useServerForm } from './frame';
import { BeforeSigning } from './sign';

/** What the record's signature means and the registry revision the person was shown; null where the record is not signed here. */
export interface IqSigning {
  meaning: string;
  revision: number;
}

export interface IqInput {
  instance: IqTarget;
  reference: string;
  /** The signing passphrase, when the record is signed. */
  passphrase?: string;
}

interface Props {
  environment: string;
  targets: readonly IqTarget[];
  signing: IqSigning | null;
  onClose: () => void;
  onSubmit: (input: IqInput) => Promise<Refusal | null>;
}

export function IqDialog(props: Props) {
  if (!props.signing) return <IqForm {...props} status={null} />;
  return <BeforeSigning onClose={props.onClose}>{(status) => <IqForm {...props} status={status} />}</BeforeSigning>;
}

/** The instance, the document's reference and, when signed, what the signature means and the passphrase; a lock is said plainly. */
function IqForm({ environment, targets, signing, status, onClose, onSubmit }: Props & { status: SigningStatus | null }) {
  const [instance, setInstance] = useState<IqTarget>(targets[0]!);
  const [reference, setReference] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [local, setLocal] = useState<{ reference?: string; passphrase?: string }>({});
  const [locked, setLocked] = useState(status?.locked ? status.message : null);
  const server = useServerForm(['instance', 'reference', 'signature.passphrase']);
  const ids = { instance: useId(), reference: useId(), passphrase: useId() };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (locked) return onClose();
    const text = reference.trim();
    const problems = {
      ...(text && text.length <= TEXT_MAX_LENGTH ? {} : { reference: `Name the IQ document: its identifier or link (up to ${TEXT_MAX_LENGTH} characters).` }),
      ...(signing && !passphrase ? { passphrase: 'Type your signing passphrase.' } : {}),
    };
    setLocal(problems);
    server.setRefusal(null);
    if (problems.reference || problems.passphrase) return;
    let refusal: Refusal | null = null;
    const accepted = await server.send(async () => (refusal = await onSubmit({ instance, reference: text, ...(signing ? { passphrase } : {}) })));
    if (accepted) return onClose();
    if ((refusal as Refusal | null)?.rule === 'signingLocked') setLocked((refusal as unknown as Refusal).message);
    setPassphrase('');
  };
  const referenceError = local.reference ?? server.errorOf('reference');
  const passphraseError = local.passphrase ?? server.errorOf('signature.passphrase');
  const title = `Record IQ documentation (${environment})`;
  return (
    <DialogFrame title={title} onClose={onClose} onSubmit={(e) => void submit(e)} confirm={locked ? 'Close' : signing ? 'Sign and record' : 'Record IQ documentation'} busy={server.busy} width={signing ? 'large' : 'medium'}>
      <p className="cs-muted">The Installation Qualification covers the version each instance runs now. An instance becomes active only once its IQ documentation is recorded.</p>
      {server.general && (
        <SectionMessage appearance="error" title="The IQ documentation was not recorded">
          <p>{server.general}</p>
        </SectionMessage>
      )}
      {targets.length > 1 && (
        <div className="cs-field">
          <div id={ids.instance} className="cs-legend">Instances it covers</div>
          <RadioGroup
            aria-labelledby={ids.instance}
            value={instance}
            onChange={(e) => setInstance(e.currentTarget.value as IqTarget)}
            options={targets.map((t) => ({ name: 'iq-instance', value: t, label: t === environment ? `Both ${environment} MAIN and ${environment} TEST` : t }))}
          />
          {server.errorOf('instance') && <ErrorMessage>{server.errorOf('instance')}</ErrorMessage>}
        </div>
      )}
      <div className="cs-field">
        <Label htmlFor={ids.reference}>IQ document reference</Label>
        <Textfield id={ids.reference} value={reference} onChange={(e) => (setReference(e.currentTarget.value), setLocal({}))} isInvalid={Boolean(referenceError)} autoFocus autoComplete="off" />
        {referenceError ? <ErrorMessage>{referenceError}</ErrorMessage> : <HelperMessage>Its identifier or link in the document system; visible to IQVIA only.</HelperMessage>}
      </div>
      {signing && status && (
        <>
          <SectionMessage appearance="information" title="What your signature means">
            <p data-signature-meaning>{signing.meaning}</p>
          </SectionMessage>
          <p>
            Signing as <strong data-signer-name>{status.name ?? status.accountId}</strong>. The signature records your name, the time (UTC) and this meaning with each instance&apos;s IQ
            record, and is bound to it: a change to the record afterwards shows the signature as broken.
          </p>
          {locked ? (
            <SectionMessage appearance="error" title="Signing is locked">
              <p>{locked}</p>
            </SectionMessage>
          ) : (
            <div className="cs-field">
              <Label htmlFor={ids.passphrase}>Signing passphrase</Label>
              <Textfield
                id={ids.passphrase}
                type="password"
                value={passphrase}
                onChange={(e) => (setPassphrase(e.currentTarget.value), setLocal({}), server.setRefusal(null))}
                isInvalid={Boolean(passphraseError)}
                autoComplete="current-password"
              />
              {passphraseError ? <ErrorMessage>{passphraseError}</ErrorMessage> : <HelperMessage>The passphrase you set for signing in this app.</HelperMessage>}
            </div>
          )}
        </>
      )}
    </DialogFrame>
  );
}
