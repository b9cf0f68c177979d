import { useSyncExternalStore } from 'react';

/** A refusal of an action on one stage, as its row shows it under the stage's actions. */
export interface RowRefusal {
  /** "Stage 21 was not completed". */
  title: string;
  /** The server's reason and what to do next. */
  text: string;
}

// One store per panel page (each panel is its own iframe): the tables show the refusal without threading it through props.
let refusals: ReadonlyMap<number, RowRefusal> = new Map();
const listeners = new Set<() => void>();

function publish(next: ReadonlyMap<number, RowRefusal>): void {
  refusals = next;
  listeners.forEach((listener) => listener());
}

/** Shows (or, with null, clears) the refusal of the last action on a stage. */
export function setRowRefusal(stage: number, refusal: RowRefusal | null): void {
  if (!refusal && !refusals.has(stage)) return;
  const next = new Map(refusals);
  if (refusal) next.set(stage, refusal);
  else next.delete(stage);
  publish(next);
}

/** The plan was read again: what the rows said was refused belongs to the plan as it was. */
export function clearRowRefusals(): void {
  if (refusals.size > 0) publish(new Map());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRowRefusal(stage: number): RowRefusal | undefined {
  return useSyncExternalStore(subscribe, () => refusals.get(stage));
}

/** The refusal under a stage's actions, where the person clicked: a stale or refused action never looks like nothing happened. */
export function RowRefusalMessage({ stage }: { stage: number }) {
  const refusal = useRowRefusal(stage);
  if (!refusal) return null;
  return (
    <div className="cs-row-refusal" role="alert" data-row-refusal={stage}>
      <strong>{refusal.title}.</strong> {refusal.text}
    </div>
  );
}
