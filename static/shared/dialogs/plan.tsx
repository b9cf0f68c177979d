/**
 * The dialogs any plan's steps open: a reason (skip, block, reopen), the slot a step confirms, a decision with its
 * options, a phase's document. Reason, slot and decision close at once (the plan shows the change while the server
 * answers); the document form waits for the server so a refused field is shown next to that field.
 */
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import { RadioGroup } from '@atlaskit/radio';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { localInputValue, reasonError, slotFromLocalInput, TEXT_MAX_LENGTH } from '../forms';

/** A slot's length when the PM changes nothing (issue #14; src/domain/upgrade/slots.ts DEFAULT_SLOT_HOURS: the bundle carries no server code). */
const DEFAULT_SLOT_HOURS = 4;
import { decisionName, decisionOptions, type DocumentInput } from '../planParts';
import { actionLabel, formatInstant } from '../plan';
import { zoneLabel } from '../time';
import { personText, type Names } from '../people';
import { Person } from '../Person';
import type { DocumentView, PlanView, Refusal, StageActionView, StageView } from '../types';
import { DialogFrame, ReasonField, StageQuote, useServerForm } from './frame';

const REASON_PROMPT: Partial<Record<StageActionView['type'], { title: string; help: string; confirm: string }>> = {
  skip: { title: 'Skip stage', help: 'Say why this stage is not needed for this plan.', confirm: 'Skip stage' },
  block: { title: 'Block stage', help: 'Say what stops this stage and what would unblock it.', confirm: 'Block stage' },
  reopen: { title: 'Reopen stage', help: 'Say why this stage must be done again.', confirm: 'Reopen stage' },
  decline: { title: 'Decline the proposal of stage', help: 'Say why it does not suit you; IQVIA then proposes another.', confirm: 'Decline' },
};

/** Reopening a blocked stage lifts the block: asked in those words. */
const UNBLOCK_PROMPT = { title: 'Unblock stage', help: 'Say what changed, so that the stage can go on.', confirm: 'Unblock stage' };

export function ReasonDialog({ stage, action, onClose, onSubmit }: { stage: StageView; action: StageActionView; onClose: () => void; onSubmit: (reason: string) => void }) {
  const prompt = (action.type === 'reopen' && stage.status === 'blocked' ? UNBLOCK_PROMPT : REASON_PROMPT[action.type]) ?? { title: actionLabel(action.type), help: 'Say why.', confirm: actionLabel(action.type) };
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

/**
 * The step owner's proposal of a slot for the other party to agree to: one of the preferred slots, or another date and
 * time with the reason none of them fits (the customer reads it before agreeing).
 */
export function SlotDialog({ stage, preferredSlots, onClose, onSubmit }: { stage: StageView; preferredSlots: readonly string[]; onClose: () => void; onSubmit: (slotIso: string, reason: string | undefined, hours: number) => void }) {
  const future = preferredSlots.filter((s) => new Date(s).getTime() > Date.now());
  const [choice, setChoice] = useState<string>(future[0] ?? 'other');
  const [other, setOther] = useState('');
  const [reason, setReason] = useState('');
  const [hours, setHours] = useState(String(DEFAULT_SLOT_HOURS));
  const [error, setError] = useState<{ slot?: string; reason?: string; hours?: string }>({});
  const otherId = useId();
  const labelId = useId();
  const hoursId = useId();
  const zone = zoneLabel();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const length = Number(hours);
    if (!(length >= 1 && length <= 24 && Number.isInteger(length * 2))) return setError({ hours: 'The slot lasts 1 to 24 hours, in whole or half hours.' });
    if (choice !== 'other') {
      onSubmit(new Date(choice).toISOString(), undefined, length);
      return onClose();
    }
    const slot = slotFromLocalInput(other, new Date());
    if ('error' in slot) return setError({ slot: slot.error });
    const problem = reasonError(reason, true);
    if (problem) return setError({ reason: problem });
    onSubmit(slot.iso, reason.trim(), length);
    onClose();
  };
  const options = [...future.map((s) => ({ name: 'slot', value: s, label: `${formatInstant(s)} — asked for by the customer` })), { name: 'slot', value: 'other', label: 'Another date and time' }];
  return (
    <DialogFrame title={`Propose the slot (stage ${stage.number})`} onClose={onClose} onSubmit={submit} confirm="Propose to the customer">
      <StageQuote stage={stage} />
      <p>The customer is asked on the ticket to agree to it in the portal. Only their agreement confirms the slot and opens the day of the upgrade.</p>
      <div className="cs-field">
        <div id={labelId} className="cs-legend">Time slot</div>
        <RadioGroup options={options} value={choice} onChange={(e) => (setChoice(e.currentTarget.value), setError({}))} aria-labelledby={labelId} />
      </div>
      {choice === 'other' && (
        <>
          <div className="cs-field">
            <Label htmlFor={otherId}>Start of the slot (your time zone: {zone})</Label>
            <Textfield id={otherId} type="datetime-local" value={other} onChange={(e) => (setOther(e.currentTarget.value), setError({}))} isInvalid={Boolean(error.slot)} autoFocus min={localInputValue(new Date().toISOString())} />
            {error.slot && <ErrorMessage>{error.slot}</ErrorMessage>}
          </div>
          <ReasonField value={reason} onChange={(v) => (setReason(v), setError({}))} error={error.reason ?? null} required help="Say why none of the customer's preferred slots fits: they read it before agreeing." />
        </>
      )}
      {future.length === 0 && preferredSlots.length > 0 && <HelperMessage>The slots the customer preferred are all in the past.</HelperMessage>}
      <div className="cs-field">
        <Label htmlFor={hoursId}>Length of the slot (hours)</Label>
        <Textfield id={hoursId} type="number" min={1} max={24} step={0.5} value={hours} onChange={(e) => (setHours(e.currentTarget.value), setError({}))} isInvalid={Boolean(error.hours)} />
        {error.hours ? <ErrorMessage>{error.hours}</ErrorMessage> : <HelperMessage>From 1 to 24 hours, in half hours; the engineers' calendar blocks this long.</HelperMessage>}
      </div>
    </DialogFrame>
  );
}

/** The people a stage (or one of its parts) may be handed to, as the server lists them, and the reason: the audit keeps both. */
export function ReassignDialog({ stage, part, viewer, names, onClose, onSubmit }: { stage: StageView; part?: string; viewer: string; names?: Names; onClose: () => void; onSubmit: (owner: string, reason: string) => void }) {
  const current = part ? (stage.parts?.find((p) => p.key === part)?.handler ?? null) : stage.owner;
  const choices = (stage.candidates ?? []).filter((c) => c.accountId !== current);
  const [owner, setOwner] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ owner?: string; reason?: string }>({});
  const labelId = useId();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!owner) return setError({ owner: choices.length > 0 ? 'Choose the person it goes to.' : 'No one else holds the roles it may go to: a Jira admin maps them in the settings.' });
    const problem = reasonError(reason, true);
    if (problem) return setError({ reason: problem });
    onSubmit(owner, reason.trim());
    onClose();
  };
  const label = (c: NonNullable<StageView['candidates']>[number]) => `${personText(c.accountId, viewer, withCandidateName(names, c)).text} — ${c.roles.join(' / ')}`;
  return (
    <DialogFrame title={part ? `Hand ${part} to someone (stage ${stage.number})` : `Reassign stage ${stage.number}`} onClose={onClose} onSubmit={submit} confirm={part ? 'Hand over' : 'Reassign'}>
      <StageQuote stage={stage} />
      <div className="cs-muted" style={{ marginBlock: 'var(--ds-space-150, 12px)' }}>
        <span className="cs-owner-now">
          {part ? 'Now handled by ' : 'Owner now: '}
          {part && !current ? "the stage's own role" : <Person accountId={current} viewer={viewer} names={names} size="xsmall" />}.
        </span>{' '}
        The new owner may act on it; the audit records who handed it over and why.
      </div>
      <div className="cs-field">
        <div id={labelId} className="cs-legend">Hand it to</div>
        <RadioGroup options={choices.map((c) => ({ name: 'owner', value: c.accountId, label: label(c) }))} value={owner} onChange={(e) => (setOwner(e.currentTarget.value), setError({}))} aria-labelledby={labelId} />
        {error.owner && <ErrorMessage>{error.owner}</ErrorMessage>}
      </div>
      <ReasonField value={reason} onChange={(v) => (setReason(v), setError({}))} error={error.reason ?? null} required help="Say why: the new owner and the audit see it." />
    </DialogFrame>
  );
}

/** The names the view carries, with the name the server gave a candidate (the directory's) where the view has none. */
function withCandidateName(names: Names | undefined, candidate: { accountId: string; name: string | null }): Names {
  if (!candidate.name || names?.get(candidate.accountId)) return names ?? new Map();
  return new Map([...(names ?? []), [candidate.accountId, candidate.name]]);
}

/** Who takes the decision, when only the organization's decision makers do: the dialog names them. */
function decidedBy(stage: StageView): string {
  if (!stage.decisionMakers) return '';
  if (stage.decisionMakers.length === 0) return 'No decision maker is named yet (a Jira admin names them in the settings). ';
  return `Decided by ${stage.decisionMakers.map((p) => p.name ?? p.accountId).join(', ')} only. `;
}

/**
 * A decision step's dialog, built from the options the server gives (the upgrade's Go / No-Go, the UAT's Pass / Fail):
 * nothing preselected, each option's consequence shown before it is confirmed, a reason where the option needs one.
 */
export function DecisionDialog({ stage, onClose, onSubmit }: { stage: StageView; onClose: () => void; onSubmit: (outcome: string, reason: string | undefined) => void }) {
  const options = decisionOptions(stage);
  // The server lists a decide action per option: one it refuses is shown, disabled, with its reason.
  const refusedWhy = (id: string): string | undefined => stage.actions.find((a) => a.type === 'decide' && a.outcome === id)?.disabledReason;
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
            isDisabled: Boolean(refusedWhy(o.id)),
            label: (
              <span>
                <strong>{o.label}</strong>
                <span className="cs-muted"> — {refusedWhy(o.id) ?? o.consequence}</span>
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
      <HelperMessage>{decidedBy(stage)}The decision is recorded with your name and the time, as evidence on the plan.</HelperMessage>
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
  const server = useServerForm(['reference', 'sentOverSecureChannel']);
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
    if (await server.send(() => onSubmit(secure ? { sentOverSecureChannel: true } : { reference: text }))) onClose();
  };
  const fieldError = local ?? server.errorOf(secure ? 'sentOverSecureChannel' : 'reference');
  const previous = document.recorded;
  const by = previous ? personText(previous.by, plan.viewer.accountId, new Map(Object.entries(plan.names ?? {}))).text : null;
  return (
    <DialogFrame title={`Record: ${document.name}`} onClose={onClose} onSubmit={(e) => void submit(e)} confirm={secure ? 'Record as sent' : 'Record document'} busy={server.busy}>
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
