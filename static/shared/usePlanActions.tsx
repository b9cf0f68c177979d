import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { decisionCall, decisionSuccess, documentCall } from './planParts';
import { ACTION_RESOLVER, actionFlow } from './plan';
import { namesOf } from './people';
import type { DialogAnswers, DialogRequest } from './dialogs/index';
import type { Act } from './usePlan';
import type { PlanView, StageActionView, StageView } from './types';

/** A change that is no step's (a registry record, a phase's document): no stage's buttons wait for it. */
const NO_STAGE = 0;

const loadDialogs = () => import('./dialogs/index');
const DialogHost = lazy(loadDialogs);

/** Starts loading the dialogs once the panel has painted, so the first click does not wait for them. */
export function preloadDialogs(): void {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void) => void }).requestIdleCallback ?? ((cb: () => void) => setTimeout(cb, 200));
  idle(() => void loadDialogs());
}

/**
 * Keyboard users keep their place: while a stage saves its buttons are replaced, so focus would fall to the
 * page. If it did, it goes to the stage's action group, and back to its first button once the server answered.
 */
function keepFocusOn(stage: number, done: Promise<unknown>): void {
  const group = (): HTMLElement | null => document.querySelector<HTMLElement>(`[data-stage-actions="${stage}"]`);
  const lost = (): boolean => document.activeElement === null || document.activeElement === document.body || document.activeElement === group();
  const settle = (): void => {
    const g = group();
    if (g && lost()) (g.querySelector<HTMLElement>('button:not([disabled])') ?? g).focus();
  };
  requestAnimationFrame(() => setTimeout(settle, 0));
  void done.then(() => requestAnimationFrame(() => setTimeout(settle, 0)));
}

/** What each stage action button does: at once, or through the dialog that asks what the action needs. */
export function usePlanActions(plan: PlanView | null, rawAct: Act) {
  const act: Act = useCallback(
    (change, resolver, payload, options) => {
      const done = rawAct(change, resolver, payload, options);
      if (options?.optimistic !== false) keepFocusOn(change.stage, done);
      return done;
    },
    [rawAct],
  );
  const [dialog, setDialogState] = useState<DialogRequest | null>(null);
  // Once a dialog was opened the host stays mounted, so a closing dialog can animate out and return focus.
  const [hostMounted, setHostMounted] = useState(false);
  const setDialog = useCallback((request: DialogRequest | null) => {
    if (request) setHostMounted(true);
    setDialogState(request);
  }, []);

  const onAction = useCallback(
    (stage: StageView, action: StageActionView) => {
      if (action.disabledReason || !plan) return;
      const flow = actionFlow(stage, action);
      if (flow === 'reason') return setDialog({ kind: 'reason', stage, action });
      if (flow === 'slot') return setDialog({ kind: 'slot', stage, preferredSlots: plan.preferredSlots });
      if (flow === 'reassign') return setDialog({ kind: 'reassign', stage, viewer: plan.viewer.accountId, names: namesOf(plan) });
      if (flow === 'decision') return setDialog({ kind: 'decision', stage });
      if (action.type === 'decide') return;
      // A decisive act is signed (Part 11): the signing dialog asks for the passphrase, showing what the signature means.
      if (action.type === 'complete' && action.signatureMeaning) return setDialog({ kind: 'sign', request: { stage, type: 'complete', meaning: action.signatureMeaning, revision: plan.revision } });
      void act({ stage: stage.number, type: action.type }, ACTION_RESOLVER[action.type], { stage: stage.number });
    },
    [plan, act, setDialog],
  );

  const answers: DialogAnswers = useMemo(
    () => ({
      reason: (stage, action, reason) => {
        if (action.type === 'decide') return;
        void act({ stage: stage.number, type: action.type, reason }, ACTION_RESOLVER[action.type], { stage: stage.number, reason });
      },
      slot: (stage, slot, reason, hours) =>
        void act({ stage: stage.number, type: 'propose' }, 'proposeStage', { stage: stage.number, value: slot, hours, ...(reason ? { reason } : {}) }, { success: 'The slot is proposed; the customer is asked to agree to it' }),
      reassign: (stage, owner, reason, part) =>
        void (part
          ? act({ stage: stage.number, type: 'part' }, 'handPart', { stage: stage.number, part, owner, reason }, { success: `${part} is handed over` })
          : act({ stage: stage.number, type: 'reassign' }, 'reassignStage', { stage: stage.number, owner, reason }, { success: `Stage ${stage.number} is reassigned` })),
      partNote: (stage, part, note) => void act({ stage: stage.number, type: 'part' }, 'addressPart', { stage: stage.number, part, note }, { success: `${part} is recorded addressed` }),
      // Every decision step, whatever its options, through the generic decideStage.
      decision: (stage, outcome, reason) => {
        const meaning = stage.actions.find((a) => a.type === 'decide' && a.outcome === outcome)?.signatureMeaning;
        if (meaning && plan) {
          // The decision dialog closes itself after answering: the signing dialog opens once it has.
          setTimeout(() => setDialog({ kind: 'sign', request: { stage, type: 'decide', outcome, ...(reason ? { reason } : {}), meaning, revision: plan.revision } }), 0);
          return;
        }
        const { resolver, payload } = decisionCall(stage, outcome, reason);
        void act({ stage: stage.number, type: 'decide', outcome, ...(reason ? { reason } : {}) }, resolver, payload, { success: decisionSuccess(stage, outcome) });
      },
      // The forms show a refusal next to the field it names (and what to do about it): no error flag repeats it.
      backup: (stage, input) => act({ stage: stage.number, type: 'backup' }, 'recordBackup', { ...input }, { optimistic: false, inDialog: true, success: `The ${input.instance} backup is recorded` }),
      // A decision's follow-up: the engineer's restore, which restarts the decision's stages once recorded.
      restore: (stage, input) => act({ stage: stage.number, type: 'restore' }, 'recordRestore', { ...input }, { optimistic: false, inDialog: true, success: 'The restore is recorded: the plan starts its new attempt' }),
      details: (stage, request, details) => act({ stage: stage.number, type: 'details' }, 'provideDetails', { kind: request.ticketKind, details }, { optimistic: false, inDialog: true }),
      // The environments' IQ documentation (a registry record, not a plan's step).
      iq: ({ passphrase, ...record }, signing) => {
        const signature = signing && passphrase !== undefined ? { signature: { passphrase, revision: signing.revision, meaning: signing.meaning } } : {};
        return act({ stage: NO_STAGE, type: 'iq' }, 'recordIqDocumentation', { ...record, ...signature }, { optimistic: false, inDialog: true, success: `${signing ? 'Signed: ' : ''}IQ documentation of ${record.instance} recorded` });
      },
      document: async (document, input) => {
        const { resolver, payload } = documentCall(document, input);
        return act({ stage: NO_STAGE, type: 'document' }, resolver, payload, { optimistic: false, inDialog: true, success: 'sentOverSecureChannel' in input ? `${document.name}: recorded as sent over a secure channel` : `${document.name} recorded` });
      },
      sign: (request, passphrase) => {
        const signature = { passphrase, revision: request.revision, meaning: request.meaning };
        const { stage } = request;
        if (request.type === 'decide' && request.outcome) {
          const { resolver, payload } = decisionCall(stage, request.outcome, request.reason);
          return act({ stage: stage.number, type: 'decide', outcome: request.outcome }, resolver, { ...payload, signature }, { optimistic: false, inDialog: true, success: `Signed: ${decisionSuccess(stage, request.outcome)}` });
        }
        return act({ stage: stage.number, type: 'complete' }, ACTION_RESOLVER.complete, { stage: stage.number, signature }, { optimistic: false, inDialog: true, success: `Signed: ${request.meaning}` });
      },
      phaseEnd: (phase, end) => act({ stage: NO_STAGE, type: 'phaseEnd' }, 'planPhaseEnd', { phase: phase.id, end }, { optimistic: false, inDialog: true, success: `${phase.name}: its stages are due ${end}` }),
    }),
    [act, plan, setDialog],
  );

  const dialogs = (
    <Suspense fallback={null}>{hostMounted && <DialogHost request={dialog} onClose={() => setDialog(null)} answers={answers} />}</Suspense>
  );
  /** A part of a stage: handed to someone through the dialog, or recorded addressed (an admin outside its handler gives a note). */
  const onPart = useMemo(
    () => ({
      hand: (stage: StageView, part: { key: string }) => plan && setDialog({ kind: 'reassign', stage, part: part.key, viewer: plan.viewer.accountId, names: namesOf(plan) }),
      address: (stage: StageView, part: { key: string; addressNeedsNote: boolean }) =>
        part.addressNeedsNote ? setDialog({ kind: 'partNote', stage, part: part.key }) : void act({ stage: stage.number, type: 'part' }, 'addressPart', { stage: stage.number, part: part.key }, { success: `${part.key} is recorded addressed` }),
    }),
    [plan, act, setDialog],
  );
  return { onAction, onPart, openDialog: setDialog, dialogs };
}
