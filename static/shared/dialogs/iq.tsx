/** The environments' IQ documentation: an IQVIA engineer or PM records it for a VAL or PROD instance, or both at once. */
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import { RadioGroup } from '@atlaskit/radio';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { TEXT_MAX_LENGTH } from '../forms';
import type { IqTarget } from '../environmentModel';
import type { Refusal } from '../types';
import { DialogFrame, useServerForm } from './frame';

/** An IQVIA engineer or PM records the IQ documentation of a VAL or PROD instance, or of both at once; the server checks their role. */
export function IqDialog({ environment, targets, onClose, onSubmit }: { environment: string; targets: readonly IqTarget[]; onClose: () => void; onSubmit: (input: { instance: IqTarget; reference: string }) => Promise<Refusal | null> }) {
  const [instance, setInstance] = useState<IqTarget>(targets[0]!);
  const [reference, setReference] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const server = useServerForm(['instance', 'reference']);
  const ids = { instance: useId(), reference: useId() };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const text = reference.trim();
    const problem = text && text.length <= TEXT_MAX_LENGTH ? null : `Name the IQ document: its identifier or link (up to ${TEXT_MAX_LENGTH} characters).`;
    setLocal(problem);
    server.setRefusal(null);
    if (problem) return;
    if (await server.send(() => onSubmit({ instance, reference: text }))) onClose();
  };
  const referenceError = local ?? server.errorOf('reference');
  return (
    <DialogFrame title={`Record IQ documentation (${environment})`} onClose={onClose} onSubmit={(e) => void submit(e)} confirm="Record IQ documentation" busy={server.busy}>
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
        <Textfield id={ids.reference} value={reference} onChange={(e) => setReference(e.currentTarget.value)} isInvalid={Boolean(referenceError)} autoFocus autoComplete="off" />
        {referenceError ? <ErrorMessage>{referenceError}</ErrorMessage> : <HelperMessage>Its identifier or link in the document system; visible to IQVIA only.</HelperMessage>}
      </div>
    </DialogFrame>
  );
}
