import { useState } from 'react';
import { FILTER_LABELS, STAGE_FILTERS, browserStore, readFilter, writeFilter, type StageFilter } from './stageList';

/**
 * The person's stage filter on a panel, kept in the iframe's localStorage per Atlassian account (from the Forge
 * context's accountId) and panel: the same person finds it again after a reload, another person on the same browser does not.
 */
export function useStageFilter(panel: string, accountId: string): [StageFilter, (filter: StageFilter) => void] {
  const [filter, setFilter] = useState<StageFilter>(() => readFilter(browserStore(), panel, accountId));
  const choose = (next: StageFilter): void => {
    setFilter(next);
    writeFilter(browserStore(), panel, accountId, next);
  };
  return [filter, choose];
}

/** Toggle buttons "All", "Open", "Mine", "Overdue", each with how many stages it shows. */
export function StageFilterBar({ filter, onChange, counts, label = 'Show stages', labels = FILTER_LABELS }: { filter: StageFilter; onChange: (filter: StageFilter) => void; counts: Record<StageFilter, number>; label?: string; labels?: Record<StageFilter, string> }) {
  return (
    <div className="cs-filter-bar" role="group" aria-label={label}>
      {STAGE_FILTERS.map((f) => (
        <button key={f} type="button" className="cs-filter" aria-pressed={filter === f} data-filter={f} onClick={() => onChange(f)}>
          {labels[f]} <span className="cs-filter-count">{counts[f]}</span>
        </button>
      ))}
    </div>
  );
}
