/** Rule 9: the IQVIA PM sets the end of a phase whose length is agreed in discussion (the upgrade's Prep for Upgrade). */
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { formatDay } from '../plan';
import type { PhaseView, Refusal } from '../types';
import { DialogFrame, useServerForm } from './frame';

/** The day its open stages are due; the server refuses a non-working day, a day before the phase before it ends, or on the slot. */
export function PhaseEndDialog({ phase, onClose, onSubmit }: { phase: PhaseView; onClose: () => void; onSubmit: (end: string) => Promise<Refusal | null> }) {
  const [end, setEnd] = useState(phase.schedule.planned?.end ?? '');
  const [local, setLocal] = useState<string | null>(null);
  const server = useServerForm(['end', 'phase']);
  const id = useId();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const problem = /^\d{4}-\d{2}-\d{2}$/.test(end) ? null : 'Choose the day its stages are due.';
    setLocal(problem);
    server.setRefusal(null);
    if (problem) return;
    if (await server.send(() => onSubmit(end))) onClose();
  };
  const error = local ?? server.errorOf('end');
  const from = phase.schedule.from ? ` The phase before it ends on ${formatDay(phase.schedule.from)}.` : '';
  return (
    <DialogFrame title={`Plan the end of ${phase.name}`} onClose={onClose} onSubmit={(e) => void submit(e)} confirm="Set the end" busy={server.busy} width="small">
      <p className="cs-muted">Its length is agreed in discussion ({phase.expectedLength}).{from} A proposed or confirmed slot still brings it forward to the working day before the slot.</p>
      {(server.general ?? server.errorOf('phase')) && (
        <SectionMessage appearance="error" title="The end was not set">
          <p>{server.general ?? server.errorOf('phase')}</p>
        </SectionMessage>
      )}
      <div className="cs-field">
        <Label htmlFor={id}>Its stages are due on</Label>
        <Textfield id={id} type="date" value={end} onChange={(e) => setEnd(e.currentTarget.value)} isInvalid={Boolean(error)} autoFocus />
        {error ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>A working day, not before the phase before it ends.</HelperMessage>}
      </div>
    </DialogFrame>
  );
}
