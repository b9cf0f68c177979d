/**
 * The forms of the steps that move instances from one version to another: a backup of each instance before the change,
 * the details of a request ticket (instances, configurations kept, preferred slots). Both wait for the server, so a
 * refused field is shown next to that field.
 */
import { useId, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/default/button';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import { RadioGroup } from '@atlaskit/radio';
import SectionMessage from '@atlaskit/section-message';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import { isVersion, localInputValue, parseList, slotFromLocalInput, TEXT_MAX_LENGTH } from '../forms';
import { formatInstant } from '../plan';
import { zoneLabel } from '../time';
import { backupsThisAttempt, type BackupInput, type DetailsInput, type RequestForm } from '../requestForms';
import { sentence } from '../refusal';
import type { PlanView, Refusal, StageView } from '../types';
import { DialogFrame, useServerForm } from './frame';

/** The seed's warning for configurations kept at their older version (the request details' notes). */
const FORWARD_COMPATIBILITY_WARNING = 'We cannot guarantee that older dashboards and reports / exports remain forward compatible with newer versions of ClinSpark.';

/** A backup of each instance the step's form names, for this attempt; the server checks the role and the step again. */
export function BackupDialog({ plan, stage, instances, onClose, onSubmit }: { plan: PlanView; stage: StageView; instances: readonly string[]; onClose: () => void; onSubmit: (input: BackupInput) => Promise<Refusal | null> }) {
  const recorded = backupsThisAttempt(plan);
  const missing = instances.filter((i) => !recorded.some((b) => b.instance === i));
  const [instance, setInstance] = useState<string>(missing[0] ?? instances[0] ?? '');
  const [version, setVersion] = useState(plan.currentVersion ?? '');
  const [reference, setReference] = useState('');
  const [local, setLocal] = useState<{ version?: string; reference?: string }>({});
  const server = useServerForm(['instance', 'version', 'reference']);
  const ids = { instance: useId(), version: useId(), reference: useId() };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const problems = {
      ...(isVersion(version.trim()) ? {} : { version: 'Enter the version the backup holds, such as 24.3.' }),
      ...(reference.trim() && reference.trim().length <= TEXT_MAX_LENGTH ? {} : { reference: `Name the backup: its identifier or location (up to ${TEXT_MAX_LENGTH} characters).` }),
    };
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    if (await server.send(() => onSubmit({ instance, version: version.trim(), reference: reference.trim() }))) onClose();
  };
  return (
    <DialogFrame title={`Record a backup (stage ${stage.number})`} onClose={onClose} onSubmit={(e) => void submit(e)} confirm="Record backup" busy={server.busy}>
      <p className="cs-muted">A rollback restores from this backup. Record one for each of {instances.join(' and ')} before completing stage {stage.number}.</p>
      {recorded.length > 0 && (
        <ul>
          {recorded.map((b) => (
            <li key={b.instance}>
              {b.instance}: version {b.version}, recorded {formatInstant(b.at)}
            </li>
          ))}
        </ul>
      )}
      {server.general && (
        <SectionMessage appearance="error" title="The backup was not recorded">
          <p>{server.general}</p>
        </SectionMessage>
      )}
      <div className="cs-field">
        <div id={ids.instance} className="cs-legend">Instance</div>
        <RadioGroup
          aria-labelledby={ids.instance}
          value={instance}
          onChange={(e) => setInstance(e.currentTarget.value)}
          options={instances.map((i) => ({ name: 'instance', value: i, label: recorded.some((b) => b.instance === i) ? `${i} (recorded; this replaces it)` : i }))}
        />
        {server.errorOf('instance') && <ErrorMessage>{server.errorOf('instance')}</ErrorMessage>}
      </div>
      <div className="cs-field">
        <Label htmlFor={ids.version}>Version in the backup</Label>
        <Textfield id={ids.version} value={version} onChange={(e) => setVersion(e.currentTarget.value)} isInvalid={Boolean(local.version ?? server.errorOf('version'))} autoComplete="off" />
        {(local.version ?? server.errorOf('version')) ? <ErrorMessage>{local.version ?? server.errorOf('version')}</ErrorMessage> : <HelperMessage>The version the instance runs now, before it changes.</HelperMessage>}
      </div>
      <div className="cs-field">
        <Label htmlFor={ids.reference}>Backup reference</Label>
        <Textfield id={ids.reference} value={reference} onChange={(e) => setReference(e.currentTarget.value)} isInvalid={Boolean(local.reference ?? server.errorOf('reference'))} autoFocus autoComplete="off" />
        {(local.reference ?? server.errorOf('reference')) ? <ErrorMessage>{local.reference ?? server.errorOf('reference')}</ErrorMessage> : <HelperMessage>Its identifier or location; visible to IQVIA only.</HelperMessage>}
      </div>
    </DialogFrame>
  );
}

/** The details of a request ticket, as its step's details form asks for them; the server checks them again. */
export function DetailsDialog({ plan, stage, request, onClose, onSubmit }: { plan: PlanView; stage: StageView; request: RequestForm; onClose: () => void; onSubmit: (details: DetailsInput) => Promise<Refusal | null> }) {
  const [instances, setInstances] = useState<string[]>([...request.instances]);
  // The seed: "The customer must decide": nothing is chosen for them.
  const [mode, setMode] = useState<'synchronise-latest' | 'keep-listed' | null>(plan.configuration?.mode ?? null);
  const [keep, setKeep] = useState(plan.configuration?.mode === 'keep-listed' ? plan.configuration.keep.join('\n') : '');
  const [slots, setSlots] = useState<string[]>(plan.preferredSlots.length > 0 ? plan.preferredSlots.map((s) => localInputValue(s)) : ['']);
  const [local, setLocal] = useState<{ instances?: string; mode?: string; keep?: string; slots?: string }>({});
  const server = useServerForm(['instances', 'configuration', 'preferredSlots', 'targetVersion']);
  const ids = { instances: useId(), mode: useId(), keep: useId(), slots: useId() };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const keepList = parseList(keep);
    const slotValues = slots.filter(Boolean).map((s) => slotFromLocalInput(s, new Date()));
    const problems = {
      ...(instances.length > 0 ? {} : { instances: 'Choose at least one instance.' }),
      ...(mode ? {} : { mode: 'Choose how your reports, dashboards and exports are upgraded: the decision is yours.' }),
      ...(mode === 'keep-listed' && keepList.length === 0 ? { keep: 'List the configurations to keep, one a line, or choose to upgrade everything.' } : {}),
      ...(request.preferredSlots && slotValues.length === 0 ? { slots: 'Give at least one preferred time slot.' } : {}),
      ...(slotValues.some((s) => 'error' in s) ? { slots: slotValues.map((s) => ('error' in s ? s.error : '')).find(Boolean) } : {}),
    };
    setLocal(problems);
    if (Object.values(problems).some(Boolean) || !mode) return;
    const details: DetailsInput = {
      instances,
      configuration: mode === 'keep-listed' ? { mode, keep: keepList } : { mode },
      ...(request.preferredSlots ? { preferredSlots: slotValues.map((s) => ('iso' in s ? s.iso : '')) } : {}),
    };
    if (await server.send(() => onSubmit(details))) onClose();
  };
  const errorText = (localError: string | undefined, key: string): string | null => localError ?? server.errorOf(key);
  return (
    <DialogFrame title={`Details of the ${request.name} (stage ${stage.number})`} onClose={onClose} onSubmit={(e) => void submit(e)} confirm="Save details" busy={server.busy} width="large">
      {stage.reason && (
        <SectionMessage appearance="warning" title="What is missing">
          <p>{sentence(stage.reason)}</p>
        </SectionMessage>
      )}
      {server.general && (
        <SectionMessage appearance="error" title="The details were not saved">
          <p>{server.general}</p>
        </SectionMessage>
      )}
      <p>
        Target version: <strong>{plan.targetVersion}</strong>
      </p>
      <fieldset className="cs-field cs-fieldset" aria-describedby={`${ids.instances}-err`}>
        <legend className="cs-legend">Instances to upgrade</legend>
        {request.instances.map((name) => (
          <label key={name} className="cs-checkbox">
            <input
              type="checkbox"
              checked={instances.includes(name)}
              onChange={(e) => {
                // Read now: React clears currentTarget once the handler returns, before the updater runs.
                const chosen = e.currentTarget.checked;
                setInstances((now) => (chosen ? [...now.filter((n) => n !== name), name] : now.filter((n) => n !== name)));
              }}
            />
            {name}
          </label>
        ))}
        <div id={`${ids.instances}-err`}>{errorText(local.instances, 'instances') && <ErrorMessage>{errorText(local.instances, 'instances')}</ErrorMessage>}</div>
      </fieldset>
      <div className="cs-field">
        <div id={ids.mode} className="cs-legend">Reports, dashboards and exports</div>
        <RadioGroup
          aria-labelledby={ids.mode}
          value={mode}
          onChange={(e) => setMode(e.currentTarget.value as 'synchronise-latest' | 'keep-listed')}
          options={[
            { name: 'configuration', value: 'synchronise-latest', label: "Upgrade all of them to the latest version through system synchronisation (IQVIA's usual approach)" },
            { name: 'configuration', value: 'keep-listed', label: 'Keep the configurations listed below at their current version' },
          ]}
        />
        {errorText(local.mode, 'configuration') && <ErrorMessage>{errorText(local.mode, 'configuration')}</ErrorMessage>}
      </div>
      {mode === 'keep-listed' && (
        <div className="cs-field">
          <Label htmlFor={ids.keep}>Configurations to keep (one a line)</Label>
          <TextArea id={ids.keep} value={keep} onChange={(e) => setKeep(e.currentTarget.value)} isInvalid={Boolean(local.keep)} minimumRows={3} />
          {local.keep ? <ErrorMessage>{local.keep}</ErrorMessage> : <HelperMessage>{FORWARD_COMPATIBILITY_WARNING}</HelperMessage>}
        </div>
      )}
      {request.preferredSlots && (
        <div className="cs-field">
          <div id={ids.slots} className="cs-legend">Preferred time slots (your time zone: {zoneLabel()})</div>
          {slots.map((value, index) => (
            <div key={index} className="cs-row" style={{ marginTop: 4 }}>
              <Textfield
                aria-labelledby={ids.slots}
                aria-label={`Preferred slot ${index + 1}`}
                type="datetime-local"
                value={value}
                onChange={(e) => {
                  const next = e.currentTarget.value;
                  setSlots((now) => now.map((s, i) => (i === index ? next : s)));
                }}
                width="medium"
              />
              {slots.length > 1 && (
                <Button appearance="subtle" spacing="compact" onClick={() => setSlots((now) => now.filter((_, i) => i !== index))}>
                  Remove
                </Button>
              )}
            </div>
          ))}
          {slots.length < 10 && (
            <div style={{ marginTop: 4 }}>
              <Button spacing="compact" onClick={() => setSlots((now) => [...now, ''])}>
                Add another slot
              </Button>
            </div>
          )}
          {errorText(local.slots, 'preferredSlots') && <ErrorMessage>{errorText(local.slots, 'preferredSlots')}</ErrorMessage>}
        </div>
      )}
    </DialogFrame>
  );
}
