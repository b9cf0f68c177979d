import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import Button from '@atlaskit/button/default/button';
import DynamicTable from '@atlaskit/dynamic-table';
import SectionMessage from '@atlaskit/section-message';
import { call } from '../../shared/bridge';
import { historyCsv, historyFileName } from '../../shared/csv';
import { downloadText } from '../../shared/download';
import { formatInstant } from '../../shared/plan';
import { zoneLabel } from '../../shared/time';
import type { Names } from '../../shared/people';
import { Person } from '../../shared/Person';
import { nextStep, sentence } from '../../shared/refusal';
import { Loading } from '../../shared/states';
import type { HistoryEntryView, HistoryExportPage, Refusal, ResolverAnswer } from '../../shared/types';
import { unverifiedCsv, verificationCsv, type AuditVerification } from '../../shared/record';

const VerifyChain = lazy(() => import('./VerifyChain'));

const HEAD = {
  cells: [
    { key: 'when', content: 'When', width: 16, isSortable: true },
    { key: 'who', content: 'Who', width: 20 },
    { key: 'what', content: 'What happened', width: 52 },
    { key: 'stage', content: 'Stage', width: 12 },
  ],
};
/** A phone's width: the sentence already names who acted, so the table keeps two columns, when (with the stage) and what. */
const NARROW_HEAD = {
  cells: [
    { key: 'when', content: 'When', width: 34, isSortable: true },
    { key: 'what', content: 'What happened', width: 66 },
  ],
};
const NARROW = '(max-width: 600px)';

/** Whether the panel is as narrow as a phone, following the width as it changes. */
function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => typeof window.matchMedia === 'function' && window.matchMedia(NARROW).matches);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return undefined;
    const query = window.matchMedia(NARROW);
    const follow = () => setNarrow(query.matches);
    query.addEventListener('change', follow);
    follow();
    return () => query.removeEventListener('change', follow);
  }, []);
  return narrow;
}

/** The filter's value: every entry, or one stage's. */
const ALL_STAGES = 'all';

/** The plan view's names with those the history found (people no longer on a stage), keeping the view's avatars. */
function withHistoryNames(names: Names, entries: readonly HistoryEntryView[]): Names {
  const merged = new Map(names);
  for (const e of entries) if (e.who && !e.actedByTheApp && !merged.has(e.actor.accountId)) merged.set(e.actor.accountId, e.who);
  return Object.assign(merged, { avatarOf: (accountId: string) => names.avatarOf?.(accountId) });
}

/**
 * The plan's audit entries in plain sentences with people's names, newest first, a page of 100 at a time (the server's
 * page: one storage query), older pages on request, filtered by stage; the CSV export asks the server for the whole
 * history with the organization's environment changes during the plan.
 */
export default function HistoryTab({ ticketKey, revision, viewerAccountId, names, stages }: { ticketKey: string; revision: number; viewerAccountId: string; names: Names; stages: readonly number[] }) {
  const [entries, setEntries] = useState<HistoryEntryView[] | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [stage, setStage] = useState<string>(ALL_STAGES);
  const [exporting, setExporting] = useState(false);
  const [exportRefusal, setExportRefusal] = useState<Refusal | null>(null);
  const narrow = useNarrow();
  useEffect(() => {
    let live = true;
    setRefusal(null);
    void call<HistoryEntryView[]>('getHistory').then((answer) => {
      if (!live) return;
      if (answer.ok) setEntries(answer.data);
      else setRefusal(answer.error);
    });
    return () => {
      live = false;
    };
    // Reloaded when the plan's revision moves (an action was accepted), never on a timer.
  }, [revision]);
  const everyone = useMemo(() => withHistoryNames(names, entries ?? []), [names, entries]);
  // Entries run 1, 2, 3…: older ones exist while the oldest loaded is not the first.
  const oldest = entries && entries.length > 0 ? Math.min(...entries.map((e) => e.seq)) : 1;
  const loadOlder = (): void => {
    setLoadingOlder(true);
    void call<HistoryEntryView[]>('getHistory', { before: oldest }).then((answer) => {
      setLoadingOlder(false);
      if (answer.ok) setEntries((known) => [...answer.data, ...(known ?? [])]);
      else setRefusal(answer.error);
    });
  };
  // The export comes in answers of bounded size (a long plan's history is larger than one answer may be): ask until whole.
  const exportCsv = async (): Promise<void> => {
    setExporting(true);
    setExportRefusal(null);
    const whole: HistoryEntryView[] = [];
    let cursor: HistoryExportPage['next'] = { source: 'plan' };
    while (cursor) {
      const answer: ResolverAnswer<HistoryExportPage> = await call<HistoryExportPage>('getHistoryExport', { ...cursor });
      if (!answer.ok) {
        setExporting(false);
        setExportRefusal(answer.error);
        return;
      }
      whole.push(...answer.data.entries);
      cursor = answer.data.next;
    }
    // The file ends with the chains' verification, run on the server when exported.
    const checked = await call<AuditVerification>('verifyAudit');
    setExporting(false);
    downloadText(historyFileName(ticketKey, new Date()), historyCsv(whole) + (checked.ok ? verificationCsv(checked.data) : unverifiedCsv(checked.error.message)));
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
  const shown = stage === ALL_STAGES ? entries : entries.filter((e) => e.step === Number(stage));
  const stageCell = (e: HistoryEntryView) => (
    <div>
      <div>{e.step !== null ? `Stage ${e.step}` : 'Plan'}</div>
      <div className="cs-subtlest">attempt {e.attempt}</div>
    </div>
  );
  const rows = [...shown]
    .sort((a, b) => b.seq - a.seq)
    .map((e) => {
      const when = { key: e.at, content: <span title={`${e.at} (UTC)`}>{formatInstant(e.at)}</span> };
      const what = { key: 'what', content: <span className="cs-history-sentence">{e.sentence}</span> };
      if (narrow) {
        return {
          key: `entry-${e.seq}`,
          cells: [
            { ...when, content: <div>{when.content}{stageCell(e)}</div> },
            { ...what, content: <div>{what.content}<div className="cs-subtlest">{e.as}</div></div> },
          ],
        };
      }
      return {
        key: `entry-${e.seq}`,
        cells: [
          when,
          {
            key: 'who',
            content: (
              <div>
                {e.actedByTheApp ? <span>The app</span> : <Person accountId={e.actor.accountId} viewer={viewerAccountId} names={everyone} />}
                <div className="cs-subtlest">{e.as}</div>
              </div>
            ),
          },
          what,
          { key: 'stage', content: stageCell(e) },
        ],
      };
    });
  const count = (n: number): string => `${n} ${n === 1 ? 'entry' : 'entries'}`;
  return (
    <div>
      <Suspense fallback={null}>
        <VerifyChain />
      </Suspense>
      <div className="cs-row" style={{ justifyContent: 'space-between', marginBottom: 8 }}>
        <span className="cs-muted">
          {stage === ALL_STAGES ? count(entries.length) : `${count(shown.length)} of stage ${stage} (of ${entries.length} loaded)`}, kept as evidence: entries are only ever added, never changed. Times are in your time zone ({zoneLabel()}); the CSV export gives them in UTC, as the trail keeps them, with the environment changes made during the plan.
        </span>
        <div className="cs-row">
          <label className="cs-row cs-history-filter">
            <span>Filter by stage</span>
            <select value={stage} onChange={(event) => setStage(event.currentTarget.value)}>
              <option value={ALL_STAGES}>All stages</option>
              {stages.map((n) => (
                <option key={n} value={String(n)}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <Button isDisabled={entries.length === 0 || exporting} onClick={() => void exportCsv()}>
            {exporting ? 'Preparing the CSV…' : 'Export CSV'}
          </Button>
        </div>
      </div>
      {exportRefusal && (
        <div style={{ marginBottom: 8 }}>
          <SectionMessage appearance="error" title="The CSV could not be made">
            <p>
              {sentence(exportRefusal.message)} {nextStep(exportRefusal)}
            </p>
          </SectionMessage>
        </div>
      )}
      <DynamicTable
        label="Plan history"
        head={narrow ? NARROW_HEAD : HEAD}
        rows={rows}
        rowsPerPage={50}
        defaultPage={1}
        isFixedSize
        emptyView={<p className="cs-muted">{stage === ALL_STAGES ? 'Nothing has been recorded on this plan yet.' : `Nothing loaded concerns stage ${stage}.`}</p>}
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
