import { useCallback, useEffect, useReducer, useRef } from 'react';
import { useFlags } from './flags';
import { call } from './bridge';
import { arrivedAnswer, takePrefetched } from './prefetch';
import { clearRowRefusals, setRowRefusal } from './rowRefusal';
import { initialPlanState, planReducer, visiblePlan, type PendingChange, type PlanState } from './optimistic';
import { ACTION_PAST, nextStep, sentence } from './refusal';
import type { PlanView, Refusal, ResolverAnswer } from './types';

export type PlanLoad =
  | { status: 'loading' }
  | { status: 'none'; refusal: Refusal }
  | { status: 'error'; refusal: Refusal }
  | { status: 'ready'; state: PlanState };

type LoadEvent = { type: 'loading' } | { type: 'failed'; refusal: Refusal } | { type: 'plan'; event: Parameters<typeof planReducer>[1] };

function loadReducer(load: PlanLoad, event: LoadEvent): PlanLoad {
  if (event.type === 'loading') return { status: 'loading' };
  if (event.type === 'failed') return { status: event.refusal.rule === 'planExists' ? 'none' : 'error', refusal: event.refusal };
  if (event.event.type === 'loaded') return { status: 'ready', state: initialPlanState(event.event.plan) };
  return load.status === 'ready' ? { status: 'ready', state: planReducer(load.state, event.event) } : load;
}

/** What a getPlanView answer does to the panel: the plan shown, or the refusal. */
const loaded = (answer: ResolverAnswer<PlanView>): LoadEvent => (answer.ok ? { type: 'plan', event: { type: 'loaded', plan: answer.data } } : { type: 'failed', refusal: answer.error });

export interface Act {
  /** `inDialog`: a form shows the refusal next to its fields, so no error flag repeats it. */
  (change: Omit<PendingChange, 'id'>, resolver: string, payload: Record<string, unknown>, options?: { optimistic?: boolean; success?: string; inDialog?: boolean }): Promise<Refusal | null>;
}

/** One getPlanView per panel load; each action lays its change over the plan at once and rolls it back if the server refuses. */
export function usePlan() {
  // The prefetched plan, when it arrived before the first render: shown at once, without a loading state first.
  const [load, dispatch] = useReducer(loadReducer, null, (): PlanLoad => {
    const arrived = arrivedAnswer<PlanView>('getPlanView');
    return arrived ? loadReducer({ status: 'loading' }, loaded(arrived)) : { status: 'loading' };
  });
  const { showFlag } = useFlags();
  const nextId = useRef(1);

  const fetchPlan = useCallback(async () => {
    clearRowRefusals();
    dispatch({ type: 'loading' });
    const answer = await (takePrefetched<PlanView>('getPlanView') ?? call<PlanView>('getPlanView'));
    dispatch(loaded(answer));
  }, []);

  useEffect(() => {
    // Shown from the prefetched answer: it is used up, and a later load asks the server.
    if (load.status !== 'loading') void takePrefetched('getPlanView');
    else void fetchPlan();
  }, [fetchPlan]); // eslint-disable-line react-hooks/exhaustive-deps

  const act: Act = useCallback(
    async (change, resolver, payload, options = {}) => {
      const id = nextId.current++;
      const optimistic = options.optimistic ?? true;
      if (change.stage > 0) setRowRefusal(change.stage, null);
      if (optimistic) dispatch({ type: 'plan', event: { type: 'requested', change: { ...change, id } } });
      const answer = await call<PlanView>(resolver, payload);
      const what = change.type === 'backup' ? 'The backup was' : change.type === 'details' ? 'The details were' : change.type === 'iq' ? 'The IQ documentation was' : change.type === 'document' ? 'The document was' : `Stage ${change.stage} was`;
      if (answer.ok) {
        dispatch({ type: 'plan', event: { type: 'accepted', id, plan: answer.data } });
        showFlag({ appearance: 'success', title: options.success ?? `${what} ${ACTION_PAST[change.type] ?? 'saved'}`, isAutoDismiss: true });
        const warnings = answer.data.slotWarnings ?? [];
        if (warnings.length > 0) showFlag({ appearance: 'warning', title: 'The upgrade slots calendar flags this slot', description: warnings.map(sentence).join(' ') });
        return null;
      }
      if (optimistic) dispatch({ type: 'plan', event: { type: 'refused', id } });
      const refusal = answer.error;
      if (options.inDialog) return refusal;
      const advice = change.type === 'iq' && refusal.rule === 'stageOwnership' ? 'Ask an IQVIA engineer or PM to record it, or ask the project admin to map your account to one of these roles.' : nextStep(refusal);
      const title = `${what} not ${ACTION_PAST[change.type] ?? 'saved'}`;
      const description = `${sentence(refusal.message)} ${advice}`;
      // Where the person clicked (the stage's row) as well as in the host's flag: a refused stale action is seen at once.
      if (change.stage > 0) setRowRefusal(change.stage, { title, text: description });
      const reloadable = refusal.rule === 'busy' || refusal.rule === 'stageStatus' || refusal.rule === 'unchanged' || refusal.rule === 'internal';
      const flag = showFlag({
        appearance: 'error',
        title,
        description,
        actions: reloadable ? [{ text: 'Reload the plan', onClick: () => (flag.close(), void fetchPlan()) }] : [],
      });
      return refusal;
    },
    [fetchPlan, showFlag],
  );

  const view = load.status === 'ready' ? visiblePlan(load.state) : null;
  return { load, plan: view?.plan ?? null, busy: view?.busy ?? new Set<number>(), act, reload: fetchPlan };
}
