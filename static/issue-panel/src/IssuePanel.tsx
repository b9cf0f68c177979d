import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { documentCounts } from '../../shared/planParts';
import { namesOf } from '../../shared/people';
import { LoadFailure, Loading, NoPlan } from '../../shared/states';
import { usePlan } from '../../shared/usePlan';
import { preloadDialogs, usePlanActions } from '../../shared/usePlanActions';
import { PlanHeader } from './PlanHeader';
import { PlanTables } from './PlanTables';

const loadDocuments = () => import('./DocumentsTab');
const loadTimeline = () => import('./TimelineTab');
const loadEnvironments = () => import('./EnvironmentsTab');
const loadHistory = () => import('./HistoryTab');
const DocumentsTab = lazy(loadDocuments);
const TimelineTab = lazy(loadTimeline);
const EnvironmentsTab = lazy(loadEnvironments);
const HistoryTab = lazy(loadHistory);

type TabName = 'Plan' | 'Documents' | 'Timeline' | 'Environments' | 'History';

/**
 * The agents' view of the plan on a Jira ticket, for every kind of plan: header and stages by phase, the documents the
 * phases ask for (plans that have any), the plan on a time line, the customer's environments, the audit history.
 */
export function IssuePanel() {
  const { load, plan, busy, act, reload } = usePlan();
  const { onAction, onPart, openDialog, dialogs } = usePlanActions(plan, act);
  const [tab, setTab] = useState<TabName>('Plan');
  // A tab's content is loaded the first time it is opened, then kept.
  const [opened, setOpened] = useState<ReadonlySet<TabName>>(new Set(['Plan']));
  const names = useMemo(() => (plan ? namesOf(plan) : new Map<string, string>()), [plan]);
  useEffect(() => {
    if (plan) preloadDialogs();
  }, [plan !== null]); // eslint-disable-line react-hooks/exhaustive-deps

  if (load.status === 'loading') return <Loading what="the plan" />;
  if (load.status === 'none') return <NoPlan />;
  if (load.status === 'error') return <LoadFailure refusal={load.refusal} onRetry={() => void reload()} />;
  if (!plan) return null;
  const environmentCount = plan.environments?.length;
  const documents = documentCounts(plan);
  const tabs: TabName[] = ['Plan', ...(documents.total > 0 ? (['Documents'] as const) : []), 'Timeline', 'Environments', 'History'];
  const label = (name: TabName): string => {
    if (name === 'Environments' && environmentCount !== undefined) return `Environments (${environmentCount})`;
    if (name === 'Documents') return `Documents (${documents.recorded}/${documents.total})`;
    return name;
  };
  const lazyTab = (name: TabName, what: string, content: ReactNode): ReactNode => (opened.has(name) ? <Suspense fallback={<Loading what={what} />}>{content}</Suspense> : null);
  const body: Record<TabName, ReactNode> = {
    Plan: (
      <>
        <PlanHeader plan={plan} names={names} />
        <PlanTables plan={plan} busy={busy} onAction={onAction} onPart={onPart} openDialog={openDialog} names={names} />
      </>
    ),
    Documents: lazyTab('Documents', 'the documents', <DocumentsTab plan={plan} names={names} openDialog={openDialog} />),
    Timeline: lazyTab('Timeline', 'the time line', <TimelineTab plan={plan} />),
    Environments: lazyTab('Environments', 'the environments', <EnvironmentsTab plan={plan} names={names} openDialog={openDialog} />),
    History: lazyTab('History', 'the history', <HistoryTab ticketKey={plan.ticketKey} revision={plan.revision} viewerAccountId={plan.viewer.accountId} names={names} stages={plan.phases.flatMap((p) => p.stages.map((s) => s.number))} />),
  };
  const selected = Math.max(0, tabs.indexOf(tab));
  return (
    <div>
      <Tabs
        id="plan-tabs"
        selected={selected}
        onChange={(index) => {
          const name = tabs[index] ?? 'Plan';
          setTab(name);
          setOpened((now) => new Set([...now, name]));
        }}
      >
        <TabList>
          {tabs.map((name) => (
            <Tab key={name}>{label(name)}</Tab>
          ))}
        </TabList>
        {tabs.map((name) => (
          <TabPanel key={name}>
            <div className="cs-tab-body">{body[name]}</div>
          </TabPanel>
        ))}
      </Tabs>
      {dialogs}
    </div>
  );
}
