import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/default/button';
import DynamicTable from '@atlaskit/dynamic-table';
import SectionMessage from '@atlaskit/section-message';
import { call } from '../../shared/bridge';
import { describeChange, historyCsv, historyFileName } from '../../shared/csv';
import { downloadText } from '../../shared/download';
import { formatInstant } from '../../shared/plan';
import { zoneLabel } from '../../shared/time';
import type { Names } from '../../shared/people';
import { Person } from '../../shared/Person';
import { nextStep, sentence } from '../../shared/refusal';
import { Loading } from '../../shared/states';
import type { AuditEntry, Refusal } from '../../shared/types';

const HEAD = {
  cells: [
    { key: 'when', content: 'When', width: 16, isSortable: true },
    { key: 'who', content: 'Who', width: 18 },
    { key: 'what', content: 'What', width: 16 },
    { key: 'change', content: 'Before → after', width: 30 },
    { key: 'why', content: 'Why', width: 20 },
  ],
};

/**
 * The plan's audit entries, newest first, a page of 100 at a time (the server's page: one storage query), older pages on
 * request; the entries loaded as a CSV file made in the browser.
 */
export default function HistoryTab({ ticketKey, revision, viewerAccountId, names }: { ticketKey: string; revision: number; viewerAccountId: string; names: Names }) {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  useEffect(() => {
    let live = true;
    setRefusal(null);
    void call<AuditEntry[]>('getHistory').then((answer) => {
      if (!live) return;
      if (answer.ok) setEntries(answer.data);
      else setRefusal(answer.error);
    });
    return () => {
      live = false;
    };
    // Reloaded when the plan's revision moves (an action was accepted), never on a timer.
  }, [revision]);
  // Entries run 1, 2, 3…: older ones exist while the oldest loaded is not the first.
  const oldest = entries && entries.length > 0 ? Math.min(...entries.map((e) => e.seq)) : 1;
  const loadOlder = (): void => {
    setLoadingOlder(true);
    void call<AuditEntry[]>('getHistory', { before: oldest }).then((answer) => {
      setLoadingOlder(false);
      if (answer.ok) setEntries((known) => [...answer.data, ...(known ?? [])]);
      else setRefusal(answer.error);
    });
  };

  if (refusal)
    return (
      <SectionMessage appearance="error" title="The history could not be loaded">
        <p>
          {sentence(refusal.message)} {nextStep(refusal)}
        </p>
      </SectionMessage>
    );
  if (!entries) return <Loading what="the history" />;
  const rows = [...entries]
    .sort((a, b) => b.seq - a.seq)
    .map((e) => ({
      key: `entry-${e.seq}`,
      cells: [
        { key: e.at, content: <span title={`${e.at} (UTC)`}>{formatInstant(e.at)}</span> },
        {
          key: 'who',
          content: (
            <div>
              <Person accountId={e.actor.accountId} viewer={viewerAccountId} names={names} />
              <div className="cs-subtlest">{e.actor.role}</div>
            </div>
          ),
        },
        {
          key: 'what',
          content: (
            <div>
              <div>{e.action}</div>
              <div className="cs-subtlest">
                {e.step !== null ? `Stage ${e.step}` : 'Plan'} · attempt {e.attempt}
              </div>
            </div>
          ),
        },
        {
          key: 'change',
          content: (
            <div className="cs-mono">
              {e.before && <div className="cs-muted">{describeChange(e.before)}</div>}
              <div>→ {describeChange(e.after)}</div>
            </div>
          ),
        },
        { key: 'why', content: e.reason ? <span className="cs-reason">“{e.reason}”</span> : <span className="cs-subtlest">—</span> },
      ],
    }));
  return (
    <div>
      <div className="cs-row" style={{ justifyContent: 'space-between', marginBottom: 8 }}>
        <span className="cs-muted">
          {entries.length} {entries.length === 1 ? 'entry' : 'entries'}, kept as evidence: entries are only ever added, never changed. Times are in your time zone ({zoneLabel()}); the CSV export gives them in UTC, as the trail keeps them.
        </span>
        <Button isDisabled={entries.length === 0} onClick={() => downloadText(historyFileName(ticketKey, new Date()), historyCsv(entries))}>
          Export CSV
        </Button>
      </div>
      <DynamicTable
        label="Plan history"
        head={HEAD}
        rows={rows}
        rowsPerPage={50}
        defaultPage={1}
        isFixedSize
        emptyView={<p className="cs-muted">Nothing has been recorded on this plan yet.</p>}
      />
      {oldest > 1 && (
        <div style={{ marginTop: 8 }}>
          <Button isDisabled={loadingOlder} onClick={loadOlder}>
            {loadingOlder ? 'Loading older entries…' : `Load older entries (${oldest - 1} before these)`}
          </Button>
        </div>
      )}
    </div>
  );
}
