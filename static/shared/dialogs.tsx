/**
 * The dialogs of the plan panels, loaded on first use (they are not part of a panel's first load).
 * Reason, slot and decision dialogs close at once (the plan shows the change while the server answers);
 * the backup, details, IQ and document forms wait for the server so a refused field is shown next to that field.
 */
import { useId, useLayoutEffect, useState, type FormEvent, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import { RadioGroup } from '@atlaskit/radio';
import SectionMessage from '@atlaskit/section-message';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import { fieldFor, isVersion, localInputValue, parseList, REASON_MAX_LENGTH, reasonError, slotFromLocalInput, stripFieldPrefix, TEXT_MAX_LENGTH } from './forms';
import { decisionName, type DocumentInput } from './kinds';
import { actionLabel, formatInstant } from './plan';
import { nextStep, sentence } from './refusal';
import type { IqTarget } from './environmentModel';
import { personText } from './people';
import type { DocumentView, PlanView, Refusal, StageActionView, StageView } from './types';

export type DialogRequest =
  | { kind: 'reason'; stage: StageView; action: StageActionView }
  | { kind: 'slot'; stage: StageView; preferredSlots: readonly string[] }
  | { kind: 'decision'; stage: StageView }
  | { kind: 'backup'; plan: PlanView }
  | { kind: 'details'; plan: PlanView; requestKind: 'valRequest' | 'prodRequest' }
  | { kind: 'iq'; environment: string; targets: readonly IqTarget[] }
  | { kind: 'document'; plan: PlanView; document: DocumentView };

export interface DialogAnswers {
  reason: (stage: StageView, action: StageActionView, reason: string) => void;
  slot: (stage: StageView, slotIso: string) => void;
  decision: (stage: StageView, outcome: string, reason: string | undefined) => void;
  backup: (input: { instance: 'PROD MAIN' | 'PROD TEST'; version: string; reference: string }) => Promise<Refusal | null>;
  details: (kind: 'valRequest' | 'prodRequest', details: DetailsInput) => Promise<Refusal | null>;
  iq: (input: { instance: IqTarget; reference: string }) => Promise<Refusal | null>;
  document: (document: DocumentView, input: DocumentInput) => Promise<Refusal | null>;
}

export interface DetailsInput {
  instances?: string[];
  configuration?: { mode: 'synchronise-latest' } | { mode: 'keep-listed'; keep: string[] };
  preferredSlots?: string[];
}

/** The seed's warning for configurations kept at their older version (stage 5 notes). */
const FORWARD_COMPATIBILITY_WARNING = 'We cannot guarantee that older dashboards and reports / exports remain forward compatible with newer versions of ClinSpark.';

const REASON_PROMPT: Partial<Record<StageActionView['type'], { title: string; help: string; confirm: string }>> = {
  skip: { title: 'Skip stage', help: 'Say why this stage is not needed for this upgrade.', confirm: 'Skip stage' },
  block: { title: 'Block stage', help: 'Say what stops this stage and what would unblock it.', confirm: 'Block stage' },
  reopen: { title: 'Reopen stage', help: 'Say why this stage must be done again.', confirm: 'Reopen stage' },
};

export function DialogHost({ request, onClose, answers }: { request: DialogRequest | null; onClose: () => void; answers: DialogAnswers }) {
  return (
    <ModalTransition>
      {request?.kind === 'reason' && <ReasonDialog stage={request.stage} action={request.action} onClose={onClose} onSubmit={(reason) => answers.reason(request.stage, request.action, reason)} />}
      {request?.kind === 'slot' && <SlotDialog stage={request.stage} preferredSlots={request.preferredSlots} onClose={onClose} onSubmit={(slot) => answers.slot(request.stage, slot)} />}
      {request?.kind === 'decision' && <DecisionDialog stage={request.stage} onClose={onClose} onSubmit={(outcome, reason) => answers.decision(request.stage, outcome, reason)} />}
      {request?.kind === 'backup' && <BackupDialog plan={request.plan} onClose={onClose} onSubmit={answers.backup} />}
      {request?.kind === 'iq' && <IqDialog environment={request.environment} targets={request.targets} onClose={onClose} onSubmit={answers.iq} />}
      {request?.kind === 'document' && <DocumentDialog plan={request.plan} document={request.document} onClose={onClose} onSubmit={(input) => answers.document(request.document, input)} />}
      {request?.kind === 'details' && <DetailsDialog plan={request.plan} requestKind={request.requestKind} onClose={onClose} onSubmit={(d) => answers.details(request.requestKind, d)} />}
    </ModalTransition>
  );
}

/** Room the modal keeps above and below itself inside the panel's frame. */
const MODAL_MARGIN_PX = 140;

/**
 * The panel's frame follows the height of its content (#root), and a modal is fixed, not content: while a dialog is open
 * the root is kept at least as tall as the dialog, so a short panel (a plan's Documents tab) does not clip it.
 */
function useRoomFor(node: HTMLFormElement | null): void {
  useLayoutEffect(() => {
    const root = document.getElementById('root');
    if (!root || !node) return;
    const fit = (): void => {
      root.style.minHeight = `${Math.ceil(node.getBoundingClientRect().height) + MODAL_MARGIN_PX}px`;
    };
    fit();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(fit);
    observer?.observe(node);
    return () => {
      observer?.disconnect();
      root.style.minHeight = '';
    };
  }, [node]);
}

function DialogFrame(props: { title: string; appearance?: 'danger' | 'warning'; onClose: () => void; onSubmit: (e: FormEvent) => void; confirm: string; confirmAppearance?: 'primary' | 'danger' | 'warning'; busy?: boolean; children: ReactNode; width?: 'small' | 'medium' | 'large' }) {
  const titleId = useId();
  // The modal renders its content in a portal after the frame mounts: the form is followed through a callback ref.
  const [form, setForm] = useState<HTMLFormElement | null>(null);
  useRoomFor(form);
  return (
    <Modal onClose={props.onClose} width={props.width ?? 'medium'} shouldScrollInViewport label={props.title}>
      <form ref={setForm} onSubmit={props.onSubmit} aria-labelledby={titleId} noValidate>
        <ModalHeader hasCloseButton>
          <ModalTitle appearance={props.appearance}>
            <span id={titleId}>{props.title}</span>
          </ModalTitle>
        </ModalHeader>
        <ModalBody>{props.children}</ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" appearance={props.confirmAppearance ?? 'primary'} isLoading={props.busy}>
            {props.confirm}
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}

function StageQuote({ stage }: { stage: StageView }) {
  return (
    <p className="cs-muted">
      <strong>Stage {stage.number}.</strong> {stage.activity}
    </p>
  );
}

function ReasonField(props: { value: string; onChange: (v: string) => void; error: string | null; required: boolean; help: string; autoFocus?: boolean }) {
  const id = useId();
  return (
    <div className="cs-field">
      <Label htmlFor={id}>Reason{props.required ? ' (required)' : ' (optional)'}</Label>
      <TextArea
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        isInvalid={Boolean(props.error)}
        isRequired={props.required}
        minimumRows={3}
        maxHeight="30vh"
        autoFocus={props.autoFocus}
        aria-describedby={`${id}-help`}
      />
      {props.error ? <ErrorMessage>{props.error}</ErrorMessage> : <HelperMessage>{props.help} Kept in the plan's audit trail with your name and the time.</HelperMessage>}
      <span id={`${id}-help`} className="cs-visually-hidden">
        Up to {REASON_MAX_LENGTH} characters.
      </span>
    </div>
  );
}

export function ReasonDialog({ stage, action, onClose, onSubmit }: { stage: StageView; action: StageActionView; onClose: () => void; onSubmit: (reason: string) => void }) {
  const prompt = REASON_PROMPT[action.type] ?? { title: actionLabel(action.type), help: 'Say why.', confirm: actionLabel(action.type) };
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const problem = reasonError(reason, true);
    if (problem) return setError(problem);
    onSubmit(reason.trim());
    onClose();
  };
  return (
    <DialogFrame title={`${prompt.title} ${stage.number}`} onClose={onClose} onSubmit={submit} confirm={prompt.confirm} appearance={action.type === 'block' ? 'warning' : undefined}>
      <StageQuote stage={stage} />
      <ReasonField value={reason} onChange={(v) => (setReason(v), setError(null))} error={error} required help={prompt.help} autoFocus />
    </DialogFrame>
  );
}

export function SlotDialog({ stage, preferredSlots, onClose, onSubmit }: { stage: StageView; preferredSlots: readonly string[]; onClose: () => void; onSubmit: (slotIso: string) => void }) {
  const future = preferredSlots.filter((s) => new Date(s).getTime() > Date.now());
  const [choice, setChoice] = useState<string>(future[0] ?? 'other');
  const [other, setOther] = useState('');
  const [error, setError] = useState<string | null>(null);
  const otherId = useId();
  const labelId = useId();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (choice !== 'other') {
      onSubmit(new Date(choice).toISOString());
      return onClose();
    }
    const slot = slotFromLocalInput(other, new Date());
    if ('error' in slot) return setError(slot.error);
    onSubmit(slot.iso);
    onClose();
  };
  const options = [...future.map((s) => ({ name: 'slot', value: s, label: `${formatInstant(s)} — asked for by the customer` })), { name: 'slot', value: 'other', label: 'Another date and time' }];
  return (
    <DialogFrame title={`Confirm the upgrade slot (stage ${stage.number})`} onClose={onClose} onSubmit={submit} confirm="Confirm slot and complete">
      <StageQuote stage={stage} />
      <p>The slot is posted to the customer on the ticket, and the Day of Upgrade stages get their due dates from it.</p>
      <div className="cs-field">
        <div id={labelId} className="cs-legend">Time slot</div>
        <RadioGroup options={options} value={choice} onChange={(e) => (setChoice(e.currentTarget.value), setError(null))} aria-labelledby={labelId} />
      </div>
      {choice === 'other' && (
        <div className="cs-field">
          <Label htmlFor={otherId}>Start of the slot (your time zone: {zone})</Label>
          <Textfield id={otherId} type="datetime-local" value={other} onChange={(e) => (setOther(e.currentTarget.value), setError(null))} isInvalid={Boolean(error)} autoFocus min={localInputValue(new Date().toISOString())} />
          {error && <ErrorMessage>{error}</ErrorMessage>}
        </div>
      )}
      {future.length === 0 && preferredSlots.length > 0 && <HelperMessage>The slots the customer preferred are all in the past.</HelperMessage>}
    </DialogFrame>
  );
}

/**
 * A decision step's dialog, built from the options the server gives (the upgrade's Go / No-Go, the UAT's Pass / Fail):
 * nothing preselected, each option's consequence shown before it is confirmed, a reason where the option needs one.
 */
export function DecisionDialog({ stage, onClose, onSubmit }: { stage: StageView; onClose: () => void; onSubmit: (outcome: string, reason: string | undefined) => void }) {
  const options = stage.decision?.options ?? [];
  const [choice, setChoice] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ choice?: string; reason?: string }>({});
  const labelId = useId();
  const chosen = options.find((o) => o.id === choice) ?? null;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!chosen) return setError({ choice: `Choose ${options.map((o) => o.id).join(' or ')}: nothing is preselected.` });
    const problem = reasonError(reason, chosen.reasonRequired);
    if (problem) return setError({ reason: problem });
    onSubmit(chosen.id, reason.trim() || undefined);
    onClose();
  };
  // An outcome that needs its reason sends work back (No-Go, Fail): it is confirmed in red.
  const sendsBack = chosen?.reasonRequired ?? false;
  return (
    <DialogFrame
      title={`${decisionName(stage)} decision (stage ${stage.number})`}
      appearance={sendsBack ? 'danger' : undefined}
      onClose={onClose}
      onSubmit={submit}
      confirm={chosen ? `Confirm ${chosen.label}` : 'Confirm decision'}
      confirmAppearance={sendsBack ? 'danger' : 'primary'}
      width="large"
    >
      <p>{stage.notes || stage.activity}</p>
      <div className="cs-field">
        <div id={labelId} className="cs-legend">Decision</div>
        <RadioGroup
          aria-labelledby={labelId}
          isInvalid={Boolean(error.choice)}
          value={choice}
          onChange={(e) => (setChoice(e.currentTarget.value), setError({}))}
          options={options.map((o) => ({
            name: 'decision',
            value: o.id,
            label: (
              <span>
                <strong>{o.label}</strong>
                <span className="cs-muted"> — {o.consequence}</span>
              </span>
            ),
          }))}
        />
        {error.choice && <ErrorMessage>{error.choice}</ErrorMessage>}
      </div>
      {chosen && (
        <>
          <div className="cs-field">
            <SectionMessage appearance={sendsBack ? 'warning' : 'information'} title={`What ${chosen.label} will do`}>
              <p>{chosen.consequence}</p>
            </SectionMessage>
          </div>
          <ReasonField value={reason} onChange={(v) => (setReason(v), setError({}))} error={error.reason ?? null} required={chosen.reasonRequired} help={chosen.reasonRequired ? 'Say what went wrong: the team plans the next attempt from it.' : 'Anything the team should know.'} />
        </>
      )}
      <HelperMessage>The decision is recorded with your name and the time, as evidence on the plan.</HelperMessage>
    </DialogFrame>
  );
}

function useServerErrors(known: readonly string[]) {
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const field = refusal ? fieldFor(refusal.field, known) : null;
  const errorOf = (key: string): string | null => (refusal && field === key ? sentence(stripFieldPrefix(refusal.message, refusal.field)) : null);
  // A refusal the form cannot put next to a field is shown above it, with what to do about it.
  const general = refusal && !field ? `${sentence(refusal.message)} ${nextStep(refusal)}` : null;
  return { setRefusal, errorOf, general };
}

export function BackupDialog({ plan, onClose, onSubmit }: { plan: PlanView; onClose: () => void; onSubmit: DialogAnswers['backup'] }) {
  const attempt = plan.summary.attempt;
  const recorded = plan.backups.filter((b) => b.attempt === attempt);
  const missing = (['PROD MAIN', 'PROD TEST'] as const).filter((i) => !recorded.some((b) => b.instance === i));
  const [instance, setInstance] = useState<'PROD MAIN' | 'PROD TEST'>(missing[0] ?? 'PROD MAIN');
  const [version, setVersion] = useState(plan.currentVersion);
  const [reference, setReference] = useState('');
  const [local, setLocal] = useState<{ version?: string; reference?: string }>({});
  const [busy, setBusy] = useState(false);
  const server = useServerErrors(['instance', 'version', 'reference']);
  const ids = { instance: useId(), version: useId(), reference: useId() };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const problems = {
      ...(isVersion(version.trim()) ? {} : { version: 'Enter the version the backup holds, such as 24.3.' }),
      ...(reference.trim() && reference.trim().length <= TEXT_MAX_LENGTH ? {} : { reference: `Name the backup: its identifier or location (up to ${TEXT_MAX_LENGTH} characters).` }),
    };
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    const refusal = await onSubmit({ instance, version: version.trim(), reference: reference.trim() });
    setBusy(false);
    if (refusal) server.setRefusal(refusal);
    else onClose();
  };
  return (
    <DialogFrame title="Record a PROD backup (stage 20)" onClose={onClose} onSubmit={(e) => void submit(e)} confirm="Record backup" busy={busy}>
      <p className="cs-muted">A No-Go restores PROD MAIN from this backup. Record one for PROD MAIN and one for PROD TEST before completing stage 20.</p>
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
          onChange={(e) => setInstance(e.currentTarget.value as 'PROD MAIN' | 'PROD TEST')}
          options={(['PROD MAIN', 'PROD TEST'] as const).map((i) => ({ name: 'instance', value: i, label: recorded.some((b) => b.instance === i) ? `${i} (recorded; this replaces it)` : i }))}
        />
        {server.errorOf('instance') && <ErrorMessage>{server.errorOf('instance')}</ErrorMessage>}
      </div>
      <div className="cs-field">
        <Label htmlFor={ids.version}>Version in the backup</Label>
        <Textfield id={ids.version} value={version} onChange={(e) => setVersion(e.currentTarget.value)} isInvalid={Boolean(local.version ?? server.errorOf('version'))} autoComplete="off" />
        {(local.version ?? server.errorOf('version')) ? <ErrorMessage>{local.version ?? server.errorOf('version')}</ErrorMessage> : <HelperMessage>The version PROD runs now, before the upgrade.</HelperMessage>}
      </div>
      <div className="cs-field">
        <Label htmlFor={ids.reference}>Backup reference</Label>
        <Textfield id={ids.reference} value={reference} onChange={(e) => setReference(e.currentTarget.value)} isInvalid={Boolean(local.reference ?? server.errorOf('reference'))} autoFocus autoComplete="off" />
        {(local.reference ?? server.errorOf('reference')) ? <ErrorMessage>{local.reference ?? server.errorOf('reference')}</ErrorMessage> : <HelperMessage>Its identifier or location; visible to IQVIA only.</HelperMessage>}
      </div>
    </DialogFrame>
  );
}

/** An IQVIA engineer or PM records the IQ documentation of a VAL or PROD instance, or of both at once; the server checks their role. */
export function IqDialog({ environment, targets, onClose, onSubmit }: { environment: string; targets: readonly IqTarget[]; onClose: () => void; onSubmit: DialogAnswers['iq'] }) {
  const [instance, setInstance] = useState<IqTarget>(targets[0]!);
  const [reference, setReference] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const server = useServerErrors(['instance', 'reference']);
  const ids = { instance: useId(), reference: useId() };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const text = reference.trim();
    const problem = text && text.length <= TEXT_MAX_LENGTH ? null : `Name the IQ document: its identifier or link (up to ${TEXT_MAX_LENGTH} characters).`;
    setLocal(problem);
    server.setRefusal(null);
    if (problem) return;
    setBusy(true);
    const refusal = await onSubmit({ instance, reference: text });
    setBusy(false);
    if (refusal) server.setRefusal(refusal);
    else onClose();
  };
  const referenceError = local ?? server.errorOf('reference');
  return (
    <DialogFrame title={`Record IQ documentation (${environment})`} onClose={onClose} onSubmit={(e) => void submit(e)} confirm="Record IQ documentation" busy={busy}>
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

/**
 * Records a phase's document: its reference (identifier or link), or, for credentials, only the confirmation that they
 * were sent over the agreed secure channel. There is never a field for the credentials themselves.
 */
export function DocumentDialog({ plan, document, onClose, onSubmit }: { plan: PlanView; document: DocumentView; onClose: () => void; onSubmit: (input: DocumentInput) => Promise<Refusal | null> }) {
  const [reference, setReference] = useState('');
  const [sent, setSent] = useState(false);
  const [local, setLocal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const server = useServerErrors(['reference', 'sentOverSecureChannel']);
  const ids = { reference: useId(), sent: useId() };
  const secure = document.secureChannelOnly;
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const text = reference.trim();
    const problem = secure
      ? sent
        ? null
        : 'Confirm that you sent them over the secure channel: the plan records only that.'
      : text && text.length <= TEXT_MAX_LENGTH
        ? null
        : `Name the document: its identifier or link (up to ${TEXT_MAX_LENGTH} characters).`;
    setLocal(problem);
    server.setRefusal(null);
    if (problem) return;
    setBusy(true);
    const refusal = await onSubmit(secure ? { sentOverSecureChannel: true } : { reference: text });
    setBusy(false);
    if (refusal) server.setRefusal(refusal);
    else onClose();
  };
  const fieldError = local ?? server.errorOf(secure ? 'sentOverSecureChannel' : 'reference');
  const previous = document.recorded;
  const by = previous ? personText(previous.by, plan.viewer.accountId, new Map(Object.entries(plan.names ?? {}))).text : null;
  return (
    <DialogFrame title={`Record: ${document.name}`} onClose={onClose} onSubmit={(e) => void submit(e)} confirm={secure ? 'Record as sent' : 'Record document'} busy={busy}>
      <p className="cs-muted">
        <strong>{document.phaseName}.</strong> {document.description}
      </p>
      {previous && (
        <p className="cs-muted">
          Already recorded by {by} on {formatInstant(previous.at)}
          {previous.reference ? ` (${previous.reference})` : ''}. Recording it again keeps the earlier record in the plan's history.
        </p>
      )}
      {server.general && (
        <SectionMessage appearance="error" title="The document was not recorded">
          <p>{server.general}</p>
        </SectionMessage>
      )}
      {secure ? (
        <>
          <div className="cs-field">
            <SectionMessage appearance="warning" title="Never type credentials here">
              <p>Send them over the secure channel agreed with IQVIA. The plan records only that you sent them, with your name and the time.</p>
            </SectionMessage>
          </div>
          <div className="cs-field">
            <label className="cs-checkbox" htmlFor={ids.sent}>
              <input id={ids.sent} type="checkbox" checked={sent} onChange={(e) => (setSent(e.currentTarget.checked), setLocal(null))} aria-invalid={Boolean(fieldError)} aria-describedby={`${ids.sent}-err`} />
              I sent it over a secure channel
            </label>
            <div id={`${ids.sent}-err`}>{fieldError && <ErrorMessage>{fieldError}</ErrorMessage>}</div>
          </div>
        </>
      ) : (
        <div className="cs-field">
          <Label htmlFor={ids.reference}>Document reference</Label>
          <Textfield id={ids.reference} value={reference} onChange={(e) => (setReference(e.currentTarget.value), setLocal(null))} isInvalid={Boolean(fieldError)} autoFocus autoComplete="off" />
          {fieldError ? <ErrorMessage>{fieldError}</ErrorMessage> : <HelperMessage>Its identifier or link in the document system, not its content.</HelperMessage>}
        </div>
      )}
    </DialogFrame>
  );
}

const INSTANCES: Record<'valRequest' | 'prodRequest', readonly string[]> = { valRequest: ['VAL MAIN', 'VAL TEST'], prodRequest: ['PROD MAIN', 'PROD TEST'] };

export function DetailsDialog({ plan, requestKind, onClose, onSubmit }: { plan: PlanView; requestKind: 'valRequest' | 'prodRequest'; onClose: () => void; onSubmit: (details: DetailsInput) => Promise<Refusal | null> }) {
  const stageNumber = requestKind === 'valRequest' ? 5 : 13;
  const stage = plan.phases.flatMap((p) => p.stages).find((s) => s.number === stageNumber);
  const [instances, setInstances] = useState<string[]>([...INSTANCES[requestKind]]);
  const [mode, setMode] = useState<'synchronise-latest' | 'keep-listed'>(plan.configuration?.mode ?? 'synchronise-latest');
  const [keep, setKeep] = useState(plan.configuration?.mode === 'keep-listed' ? plan.configuration.keep.join('\n') : '');
  const [slots, setSlots] = useState<string[]>(plan.preferredSlots.length > 0 ? plan.preferredSlots.map(localInputValue) : ['']);
  const [local, setLocal] = useState<{ instances?: string; keep?: string; slots?: string }>({});
  const [busy, setBusy] = useState(false);
  const server = useServerErrors(['instances', 'configuration', 'preferredSlots', 'targetVersion']);
  const ids = { instances: useId(), mode: useId(), keep: useId(), slots: useId() };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const keepList = parseList(keep);
    const slotValues = slots.filter(Boolean).map((s) => slotFromLocalInput(s, new Date()));
    const problems = {
      ...(instances.length > 0 ? {} : { instances: 'Choose at least one instance.' }),
      ...(mode === 'keep-listed' && keepList.length === 0 ? { keep: 'List the configurations to keep, one a line, or choose to upgrade everything.' } : {}),
      ...(requestKind === 'prodRequest' && slotValues.length === 0 ? { slots: 'Give at least one preferred time slot.' } : {}),
      ...(slotValues.some((s) => 'error' in s) ? { slots: slotValues.map((s) => ('error' in s ? s.error : '')).find(Boolean) } : {}),
    };
    setLocal(problems);
    if (Object.values(problems).some(Boolean)) return;
    setBusy(true);
    const refusal = await onSubmit({
      instances,
      configuration: mode === 'keep-listed' ? { mode, keep: keepList } : { mode },
      ...(requestKind === 'prodRequest' ? { preferredSlots: slotValues.map((s) => ('iso' in s ? s.iso : '')) } : {}),
    });
    setBusy(false);
    if (refusal) server.setRefusal(refusal);
    else onClose();
  };
  const errorText = (localError: string | undefined, key: string): string | null => localError ?? server.errorOf(key);
  return (
    <DialogFrame title={requestKind === 'valRequest' ? 'Details of the VAL request (stage 5)' : 'Details of the PROD upgrade request (stage 13)'} onClose={onClose} onSubmit={(e) => void submit(e)} confirm="Save details" busy={busy} width="large">
      {stage?.reason && (
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
        {INSTANCES[requestKind].map((name) => (
          <label key={name} className="cs-checkbox">
            <input type="checkbox" checked={instances.includes(name)} onChange={(e) => setInstances((now) => (e.currentTarget.checked ? [...now, name] : now.filter((n) => n !== name)))} />
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
            { name: 'configuration', value: 'synchronise-latest', label: 'Upgrade all of them to the latest version through system synchronisation (recommended)' },
            { name: 'configuration', value: 'keep-listed', label: 'Keep the configurations listed below at their current version' },
          ]}
        />
        {server.errorOf('configuration') && <ErrorMessage>{server.errorOf('configuration')}</ErrorMessage>}
      </div>
      {mode === 'keep-listed' && (
        <div className="cs-field">
          <Label htmlFor={ids.keep}>Configurations to keep (one a line)</Label>
          <TextArea id={ids.keep} value={keep} onChange={(e) => setKeep(e.currentTarget.value)} isInvalid={Boolean(local.keep)} minimumRows={3} />
          {local.keep ? <ErrorMessage>{local.keep}</ErrorMessage> : <HelperMessage>{FORWARD_COMPATIBILITY_WARNING}</HelperMessage>}
        </div>
      )}
      {requestKind === 'prodRequest' && (
        <div className="cs-field">
          <div id={ids.slots} className="cs-legend">Preferred time slots (your time zone: {Intl.DateTimeFormat().resolvedOptions().timeZone})</div>
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

export default DialogHost;
