/**
 * The engineer's restore after a No-Go: when it started and ended, the version the instance runs again, a note. The
 * server checks the times (not before the decision, the end not in the future) and that the version is the backup's;
 * a restore over the hour the plan expects is recorded, and flagged.
 */
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { isVersion, TEXT_MAX_LENGTH } from '../forms';
import { formatInstant } from '../plan';
import { instantOfWallClock, zoneLabel } from '../time';
import { duration, restoreTimes } from '../restoreModel';
import type { PlanView, Refusal, StageView } from '../types';
import { DialogFrame, useServerForm } from './frame';

export interface RestoreInput {
  startedAt: string;
  endedAt: string;
  version: string;
  note?: string;
}

/** A `datetime-local` value (a wall-clock time in the reader's zone) as an instant, or null when empty or not a date. */
function instantOf(value: string): string | null {
  return value ? instantOfWallClock(value) : null;
}

export function RestoreDialog({ plan, stage, onClose, onSubmit }: { plan: PlanView; stage: StageView; onClose: () => void; onSubmit: (input: RestoreInput) => Promise<Refusal | null> }) {
  const open = plan.restore;
  const [started, setStarted] = useState('');
  const [ended, setEnded] = useState('');
  const [version, setVersion] = useState('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<{ startedAt?: string; endedAt?: string; version?: string; note?: string }>({});
  const server = useServerForm(['startedAt', 'endedAt', 'version', 'note']);
  const ids = { started: useId(), ended: useId(), version: useId(), note: useId() };
  const times = restoreTimes(instantOf(started), instantOf(ended), open?.decidedAt);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    // Every field's problem at once; the server checks them again.
    const problems = {
      ...times.errors,
      ...(isVersion(version.trim()) ? {} : { version: 'Enter the version the instance runs now, such as 24.3.' }),
      ...(note.trim().length <= TEXT_MAX_LENGTH ? {} : { note: `Keep the note under ${TEXT_MAX_LENGTH} characters.` }),
    };
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    const input: RestoreInput = { startedAt: instantOf(started)!, endedAt: instantOf(ended)!, version: version.trim(), ...(note.trim() ? { note: note.trim() } : {}) };
    if (await server.send(() => onSubmit(input))) onClose();
  };
  const errorOf = (key: 'startedAt' | 'endedAt' | 'version' | 'note'): string | null => local[key] ?? server.errorOf(key);
  const zone = zoneLabel();
  return (
    <DialogFrame title={`Record the restore (stage ${stage.number})`} onClose={onClose} onSubmit={(e) => void submit(e)} confirm="Record restore" busy={server.busy}>
      {open && (
        <p className="cs-muted">
          Decided {formatInstant(open.decidedAt)}: restore {open.instance} from the backup at version <strong>{open.backupVersion}</strong>
          {open.backupReference ? ` (${open.backupReference})` : ''}, then confirm it here. The plan returns to its new attempt once recorded.
        </p>
      )}
      {server.general && (
        <SectionMessage appearance="error" title="The restore was not recorded">
          <p>{server.general}</p>
        </SectionMessage>
      )}
      <div className="cs-field">
        <Label htmlFor={ids.started}>Restore started (your time zone: {zone})</Label>
        <Textfield id={ids.started} type="datetime-local" value={started} onChange={(e) => setStarted(e.currentTarget.value)} isInvalid={Boolean(errorOf('startedAt'))} autoFocus />
        {errorOf('startedAt') ? <ErrorMessage>{errorOf('startedAt')}</ErrorMessage> : <HelperMessage>Not before the decision.</HelperMessage>}
      </div>
      <div className="cs-field">
        <Label htmlFor={ids.ended}>Restore ended</Label>
        <Textfield id={ids.ended} type="datetime-local" value={ended} onChange={(e) => setEnded(e.currentTarget.value)} isInvalid={Boolean(errorOf('endedAt'))} />
        {errorOf('endedAt') ? <ErrorMessage>{errorOf('endedAt')}</ErrorMessage> : <HelperMessage>{times.minutes !== undefined ? `It took ${duration(times.minutes)}.` : 'Once it has ended, not in the future.'}</HelperMessage>}
      </div>
      {times.overAnHour && (
        <SectionMessage appearance="warning" title="Over the hour expected">
          <p>The plan expects a restore under an hour (stage {stage.number}: “&lt; 1 hour”). Once recorded, it is flagged on the plan and in its history.</p>
        </SectionMessage>
      )}
      <div className="cs-field">
        <Label htmlFor={ids.version}>Version {open?.instance ?? 'the instance'} runs now</Label>
        <Textfield id={ids.version} value={version} onChange={(e) => setVersion(e.currentTarget.value)} isInvalid={Boolean(errorOf('version'))} autoComplete="off" />
        {errorOf('version') ? <ErrorMessage>{errorOf('version')}</ErrorMessage> : <HelperMessage>Check it on the instance: it must be the backup&apos;s version{open ? `, ${open.backupVersion}` : ''}.</HelperMessage>}
      </div>
      <div className="cs-field">
        <Label htmlFor={ids.note}>Note (optional)</Label>
        <Textfield id={ids.note} value={note} onChange={(e) => setNote(e.currentTarget.value)} isInvalid={Boolean(errorOf('note'))} autoComplete="off" />
        {errorOf('note') ? <ErrorMessage>{errorOf('note')}</ErrorMessage> : <HelperMessage>Visible to IQVIA only.</HelperMessage>}
      </div>
    </DialogFrame>
  );
}
