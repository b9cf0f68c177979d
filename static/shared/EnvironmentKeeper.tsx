/**
 * The environment registry as IQVIA engineers and project admins keep it: the live environments with "Add existing
 * environment", and per environment "Edit" and "Terminate" (each with its reason). Shared by the issue panel's
 * Environments tab (the ticket's organization) and the settings page (the organization chosen); loaded lazily. The
 * server decides who may: a customer never gets here, and the buttons are offered only when the answer says so.
 */
import { useId, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/default/button';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import { ModalTransition } from '@atlaskit/modal-dialog';
import { RadioGroup } from '@atlaskit/radio';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { call } from './bridge';
import { DialogFrame, ReasonField, useServerForm } from './dialogs/frame';
import type { EnvironmentGroup, IqTarget } from './environmentModel';
import { Environments } from './Environments';
import { formatDay } from './plan';
import { withMoreNames, type Names } from './people';
import type { OrganizationEnvironments, Refusal, ResolverAnswer } from './types';

const KINDS = ['PROD', 'VAL', 'Sandbox', 'Migration', 'Demo'] as const;
const PAIRS: readonly string[] = ['PROD', 'VAL', 'Sandbox'];
const IQ_KINDS: readonly string[] = ['PROD', 'VAL'];
const EXISTING_STATES = ['active', 'provisioning', 'rolled back'] as const;
const EDIT_STATES = ['provisioning', 'active', 'upgrading', 'rolled back'] as const;
const AREAS = ['roles', 'sites', 'general-settings', 'system-settings', 'medical-dictionaries', 'devices', 'labs', 'barcode-labels'];

type Dialog = { kind: 'add' } | { kind: 'edit'; group: EnvironmentGroup } | { kind: 'terminate'; group: EnvironmentGroup } | null;
type Send = (functionKey: string, payload: Record<string, unknown>) => Promise<Refusal | null>;

const REASON_MISSING = 'Say why: the reason is kept in the registry\'s audit trail with your name.';
const optional = (value: string) => (value.trim() ? value.trim() : undefined);
const compact = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** The instances an edit or termination may name: the whole pair, or one of its instances. */
function targetsOf(group: EnvironmentGroup): string[] {
  return group.instances.length > 1 ? [group.kind, ...group.instances.map((i) => i.name)] : group.instances.map((i) => i.name);
}

export default function EnvironmentKeeper({ answer, organizationId, viewer, names, onChange, onRecordIq }: { answer: OrganizationEnvironments; organizationId?: string; viewer: string; names?: Names; onChange: (next: OrganizationEnvironments) => void; onRecordIq?: (targets: readonly IqTarget[], kind: string) => void }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const send: Send = async (functionKey, payload) => {
    const result: ResolverAnswer<OrganizationEnvironments> = await call<OrganizationEnvironments>(functionKey, { ...(organizationId ? { organizationId } : {}), ...payload });
    if (!result.ok) return result.error;
    onChange(result.data);
    return null;
  };
  const { onboarding } = answer;
  return (
    <div className="cs-stack">
      <div className="cs-row" style={{ justifyContent: 'space-between' }}>
        <p className="cs-muted" style={{ margin: 0 }} data-testid="onboarding-facts">
          Contract signed: {onboarding.contractSignedOn ? formatDay(onboarding.contractSignedOn) : 'not recorded'} · Source database migrated:{' '}
          {onboarding.sourceDatabaseMigrated === null ? 'not recorded' : onboarding.sourceDatabaseMigrated ? 'yes' : 'no'}
        </p>
        {answer.mayManage && (
          <Button appearance="primary" onClick={() => setDialog({ kind: 'add' })}>
            Add existing environment
          </Button>
        )}
      </div>
      <Environments
        environments={answer.environments}
        audience="agent"
        viewer={viewer}
        names={withMoreNames(names, answer)}
        onRecordIq={onRecordIq}
        actions={
          answer.mayManage
            ? (group) => (
                <>
                  <Button spacing="compact" onClick={() => setDialog({ kind: 'edit', group })}>
                    Edit
                  </Button>
                  <Button spacing="compact" appearance="subtle" onClick={() => setDialog({ kind: 'terminate', group })}>
                    Terminate
                  </Button>
                </>
              )
            : undefined
        }
      />
      <ModalTransition>
        {dialog?.kind === 'add' && <AddDialog answer={answer} onClose={close} send={send} />}
        {dialog?.kind === 'edit' && <EditDialog group={dialog.group} onClose={close} send={send} />}
        {dialog?.kind === 'terminate' && <TerminateDialog group={dialog.group} onClose={close} send={send} />}
      </ModalTransition>
    </div>
  );
}

function Field(props: { label: string; value: string; onChange: (v: string) => void; error: string | null; help?: string; type?: string; autoFocus?: boolean }) {
  const id = useId();
  return (
    <div className="cs-field">
      <Label htmlFor={id}>{props.label}</Label>
      <Textfield id={id} type={props.type} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} isInvalid={Boolean(props.error)} autoFocus={props.autoFocus} autoComplete="off" />
      {props.error ? <ErrorMessage>{props.error}</ErrorMessage> : props.help ? <HelperMessage>{props.help}</HelperMessage> : null}
    </div>
  );
}

function Choice(props: { label: string; name: string; value: string; options: readonly { value: string; label: string }[]; onChange: (v: string) => void; error?: string | null }) {
  const id = useId();
  return (
    <div className="cs-field">
      <div id={id} className="cs-legend">
        {props.label}
      </div>
      <RadioGroup aria-labelledby={id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} options={props.options.map((o) => ({ ...o, name: props.name }))} />
      {props.error && <ErrorMessage>{props.error}</ErrorMessage>}
    </div>
  );
}

/** The IQ document's three fields: VAL and PROD only. */
function IqFields({ iq, setIq, errorOf, optionalHelp }: { iq: { reference: string; documentedOn: string; version: string }; setIq: (iq: { reference: string; documentedOn: string; version: string }) => void; errorOf: (k: string) => string | null; optionalHelp: string }) {
  return (
    <fieldset className="cs-fieldset">
      <legend className="cs-legend">IQ documentation</legend>
      <Field label="IQ document reference" value={iq.reference} onChange={(reference) => setIq({ ...iq, reference })} error={errorOf('iqDocumentation.reference')} help={optionalHelp} />
      <Field label="IQ document date" type="date" value={iq.documentedOn} onChange={(documentedOn) => setIq({ ...iq, documentedOn })} error={errorOf('iqDocumentation.documentedOn')} />
      <Field label="Version documented" value={iq.version} onChange={(version) => setIq({ ...iq, version })} error={errorOf('iqDocumentation.version')} help="Not newer than the version the instances run." />
    </fieldset>
  );
}

const iqPayload = (iq: { reference: string; documentedOn: string; version: string }) => (iq.reference.trim() || iq.documentedOn || iq.version.trim() ? { reference: iq.reference.trim(), documentedOn: iq.documentedOn, version: iq.version.trim() } : undefined);
const carriedPayload = (text: string) => {
  const areas = text.split(/[;,\s]+/).filter(Boolean);
  return areas.length > 0 ? areas : undefined;
};

const ADD_FIELDS = ['kind', 'version', 'state', 'providedOn', 'iqDocumentation.reference', 'iqDocumentation.documentedOn', 'iqDocumentation.version', 'iqDocumentation', 'origin', 'origin.from', 'origin.carriedOver', 'contractSignedOn', 'sourceDatabaseMigrated', 'reason'];

function AddDialog({ answer, onClose, send }: { answer: OrganizationEnvironments; onClose: () => void; send: Send }) {
  const [kind, setKind] = useState<string>('PROD');
  const [version, setVersion] = useState('');
  const [state, setState] = useState<string>('active');
  const [providedOn, setProvidedOn] = useState('');
  const [iq, setIq] = useState({ reference: '', documentedOn: '', version: '' });
  const [origin, setOrigin] = useState<'empty' | 'Demo'>('empty');
  const [carried, setCarried] = useState('');
  const [contract, setContract] = useState('');
  const [migrated, setMigrated] = useState('');
  const [reason, setReason] = useState('');
  // The server names a field of the environment ("environment.version") or of the onboarding ("onboarding.contractSignedOn").
  const server = useServerForm([...ADD_FIELDS, ...ADD_FIELDS.map((f) => `environment.${f}`), 'onboarding.contractSignedOn', 'onboarding.sourceDatabaseMigrated']);
  const errorOf = (k: string) => server.errorOf(k) ?? server.errorOf(`environment.${k}`) ?? server.errorOf(`onboarding.${k}`);
  const needsContract = kind === 'Sandbox' && !answer.onboarding.contractSignedOn;
  const needsMigrated = kind === 'Migration' && answer.onboarding.sourceDatabaseMigrated !== true;
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const environment = compact({
      kind,
      version: version.trim(),
      state,
      providedOn: optional(providedOn),
      iqDocumentation: IQ_KINDS.includes(kind) ? iqPayload(iq) : undefined,
      origin: kind === 'Sandbox' ? (origin === 'empty' ? { from: 'empty' } : compact({ from: 'Demo', carriedOver: carriedPayload(carried) })) : undefined,
      reason: optional(reason),
    });
    const onboarding = compact({ contractSignedOn: needsContract ? optional(contract) : undefined, sourceDatabaseMigrated: needsMigrated && migrated ? migrated === 'yes' : undefined });
    if (await server.send(() => send('registerEnvironment', { environment, ...(Object.keys(onboarding).length ? { onboarding } : {}) }))) onClose();
  };
  return (
    <DialogFrame title="Add existing environment" onClose={onClose} onSubmit={(e) => void submit(e)} confirm="Add environment" busy={server.busy} width="large">
      <p className="cs-muted">An environment this customer already has, as it stands today. Community Dev is shared by every customer and is never added here.</p>
      {server.general && (
        <SectionMessage appearance="error" title="The environment was not added">
          <p>{server.general}</p>
        </SectionMessage>
      )}
      <Choice label="Environment" name="add-kind" value={kind} onChange={setKind} options={KINDS.map((k) => ({ value: k, label: PAIRS.includes(k) ? `${k} (MAIN and TEST)` : k === 'Migration' ? 'Migration (main instance only)' : k }))} error={errorOf('kind')} />
      <Field label="Version it runs" value={version} onChange={setVersion} error={errorOf('version')} help="A ClinSpark version such as 24.2 or 25.1.2." autoFocus />
      <Choice label="State" name="add-state" value={state} onChange={setState} options={EXISTING_STATES.filter((s) => s !== 'rolled back' || IQ_KINDS.includes(kind)).map((s) => ({ value: s, label: s }))} error={errorOf('state')} />
      <Field label="Provided on (optional)" type="date" value={providedOn} onChange={setProvidedOn} error={errorOf('providedOn')} help="The day it was provided: the onboarding order is checked against it." />
      {IQ_KINDS.includes(kind) && <IqFields iq={iq} setIq={setIq} errorOf={errorOf} optionalHelp={state === 'active' ? `An active ${kind} needs its IQ documentation.` : 'Optional while it is not active.'} />}
      {kind === 'Sandbox' && (
        <>
          <Choice label="Origin" name="add-origin" value={origin} onChange={(v) => setOrigin(v as 'empty' | 'Demo')} options={[{ value: 'empty', label: 'A brand new, empty pair' }, { value: 'Demo', label: 'A clone of the Demo instance' }]} error={errorOf('origin')} />
          {origin === 'Demo' && <Field label="Areas carried over (optional)" value={carried} onChange={setCarried} error={errorOf('origin.carriedOver')} help={`Separated by spaces; all of them when empty: ${AREAS.join(', ')}.`} />}
        </>
      )}
      {needsContract && <Field label="Contract signed on" type="date" value={contract} onChange={setContract} error={errorOf('contractSignedOn')} help="The Sandbox pair is created once the customer signs a contract." />}
      {needsMigrated && (
        <Choice label="Is the customer's source database migrated to ClinSpark?" name="add-migrated" value={migrated} onChange={setMigrated} options={[{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }]} error={errorOf('sourceDatabaseMigrated')} />
      )}
      <ReasonField value={reason} onChange={setReason} error={errorOf('reason')} required={false} help="Why it is added, if worth saying." />
    </DialogFrame>
  );
}

function EditDialog({ group, onClose, send }: { group: EnvironmentGroup; onClose: () => void; send: Send }) {
  const targets = targetsOf(group);
  const [instance, setInstance] = useState(targets[0]!);
  const [version, setVersion] = useState('');
  const [state, setState] = useState('');
  const [iq, setIq] = useState({ reference: '', documentedOn: '', version: '' });
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const server = useServerForm(['instance', 'version', 'state', 'to', 'iqDocumentation.reference', 'iqDocumentation.documentedOn', 'iqDocumentation.version', 'iqDocumentation', 'reason']);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setMissing(!reason.trim());
    if (!reason.trim()) return;
    const payload = compact({ instance, reason: reason.trim(), version: optional(version), state: state || undefined, iqDocumentation: IQ_KINDS.includes(group.kind) ? iqPayload(iq) : undefined });
    if (await server.send(() => send('editEnvironment', payload))) onClose();
  };
  return (
    <DialogFrame title={`Edit ${group.kind}`} onClose={onClose} onSubmit={(e) => void submit(e)} confirm="Save change" busy={server.busy} width="large">
      <p className="cs-muted">Correct what the registry holds, or record what happened: an upgrade (state upgrading with the version it goes to, then active), new IQ documentation. Every change is kept in the audit trail with its reason.</p>
      {server.general && (
        <SectionMessage appearance="error" title="The environment was not changed">
          <p>{server.general}</p>
        </SectionMessage>
      )}
      {targets.length > 1 && <Choice label="Instances" name="edit-instance" value={instance} onChange={setInstance} options={targets.map((t) => ({ value: t, label: t === group.kind ? `Both ${group.kind} MAIN and TEST` : t }))} error={server.errorOf('instance')} />}
      <Field label="Version (optional)" value={version} onChange={setVersion} error={server.errorOf('version')} help="With no state: a correction of the version it runs. With upgrading: the version it goes to." />
      <Choice label="State (optional)" name="edit-state" value={state} onChange={setState} options={[{ value: '', label: 'Unchanged' }, ...EDIT_STATES.map((s) => ({ value: s, label: s }))]} error={server.errorOf('state') ?? server.errorOf('to')} />
      {IQ_KINDS.includes(group.kind) && <IqFields iq={iq} setIq={setIq} errorOf={server.errorOf} optionalHelp="New IQ documentation, when there is some." />}
      <ReasonField value={reason} onChange={setReason} error={missing ? REASON_MISSING : server.errorOf('reason')} required help="Why the recorded environment changes." />
    </DialogFrame>
  );
}

function TerminateDialog({ group, onClose, send }: { group: EnvironmentGroup; onClose: () => void; send: Send }) {
  const targets = targetsOf(group);
  const [instance, setInstance] = useState(targets[0]!);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const server = useServerForm(['instance', 'reason']);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setMissing(!reason.trim());
    if (!reason.trim()) return;
    if (await server.send(() => send('terminateEnvironment', { instance, reason: reason.trim() }))) onClose();
  };
  return (
    <DialogFrame title={`Terminate ${group.kind}`} appearance="danger" onClose={onClose} onSubmit={(e) => void submit(e)} confirm="Terminate" confirmAppearance="danger" busy={server.busy}>
      <p className="cs-muted">A terminated instance never comes back; it stays in the registry's history as evidence.</p>
      {server.general && (
        <SectionMessage appearance="error" title="The environment was not terminated">
          <p>{server.general}</p>
        </SectionMessage>
      )}
      {targets.length > 1 && <Choice label="Instances" name="terminate-instance" value={instance} onChange={setInstance} options={targets.map((t) => ({ value: t, label: t === group.kind ? `Both ${group.kind} MAIN and TEST` : t }))} error={server.errorOf('instance')} />}
      <ReasonField value={reason} onChange={setReason} error={missing ? REASON_MISSING : server.errorOf('reason')} required help="Why it is terminated." autoFocus />
    </DialogFrame>
  );
}
