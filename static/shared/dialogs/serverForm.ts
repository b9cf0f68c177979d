import { useState } from 'react';
import { fieldFor, stripFieldPrefix } from '../forms';
import { nextStep, sentence } from '../refusal';
import type { Refusal, ResolverAnswer } from '../types';

/**
 * A form the server may refuse: it keeps the refusal, puts it next to the field it names when the form has that field,
 * and otherwise words it above the form with what to do about it. `send` waits for the server with the form busy.
 * Shared by the plan's dialogs and the settings page; it loads nothing of the modal.
 */
export function useServerForm(known: readonly string[]) {
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const field = refusal ? fieldFor(refusal.field, known) : null;
  const errorOf = (key: string): string | null => (refusal && field === key ? sentence(stripFieldPrefix(refusal.message, refusal.field)) : null);
  const general = refusal && !field ? `${sentence(refusal.message)} ${nextStep(refusal)}` : null;
  /** Calls the server with what the form holds, busy meanwhile; a refusal is kept for the form to show. */
  const ask = async <T>(request: () => Promise<ResolverAnswer<T>>): Promise<ResolverAnswer<T>> => {
    setRefusal(null);
    setBusy(true);
    const answer = await request();
    setBusy(false);
    setRefusal(answer.ok ? null : answer.error);
    return answer;
  };
  /** The same, for a submit that answers only its refusal (the panel's act): true when the server accepted. */
  const send = async (request: () => Promise<Refusal | null>): Promise<boolean> => {
    const answer = await ask(async (): Promise<ResolverAnswer<null>> => {
      const refused = await request();
      return refused ? { ok: false, error: refused } : { ok: true, data: null };
    });
    return answer.ok;
  };
  return { refusal, field, errorOf, general, busy, ask, send, setRefusal };
}
