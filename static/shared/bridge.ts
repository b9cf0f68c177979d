import { invoke } from '@forge/bridge';
import type { Refusal, ResolverAnswer } from './types';

/** Every resolver call: the answer as the server gave it, or a refusal saying the call itself failed. */
export async function call<T>(name: string, payload: Record<string, unknown> = {}): Promise<ResolverAnswer<T>> {
  try {
    const answer = (await invoke(name, payload)) as ResolverAnswer<T> | undefined;
    if (answer && typeof answer === 'object' && 'ok' in answer) return answer;
    return { ok: false, error: unreachable('The server gave an answer this panel does not understand.') };
  } catch (error) {
    return { ok: false, error: unreachable(error instanceof Error ? error.message : String(error)) };
  }
}

function unreachable(detail: string): Refusal {
  return { rule: 'unreachable', field: null, message: `The app could not reach its server (${detail}). Check your connection and reload the page.` };
}
