import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { namesOf } from '../../shared/people';
import { LoadFailure, Loading, NoPlan } from '../../shared/states';
import { usePlan } from '../../shared/usePlan';
import { preloadDialogs, usePlanActions } from '../../shared/usePlanActions';
import { PlanHeader } from './PlanHeader';
import { PlanTables } from './PlanTables';

const loadTimeline = () => import('./TimelineTab');
const loadEnvironments = () => import('./EnvironmentsTab');
const loadHistory = () => import('./HistoryTab');
const TimelineTab = lazy(loadTimeline);
const EnvironmentsTab = lazy(loadEnvironments);
const HistoryTab = lazy(loadHistory);

const TABS = ['Plan', 'Timeline', 'Environments', 'History'] as const;

/** The agents' view of the plan on a Jira ticket: header and stages by phase, the plan on a time line, the customer's environments, the audit history. */
export function IssuePanel() {
  const { load, plan, busy, act, reload } = usePlan();
  const { onAction, openDialog, dialogs } = usePlanActions(plan, act);
  const [tab, setTab] = useState(0);
  // A tab's content is loaded the first time it is opened, then kept.
  const [opened, setOpened] = useState<ReadonlySet<number>>(new Set([0]));
  const names = useMemo(() => (plan ? namesOf(plan) : new Map<string, string>()), [plan]);
  useEffect(() => {
    if (plan) preloadDialogs();
  }, [plan !== null]); // eslint-disable-line react-hooks/exhaustive-deps

  if (load.status === 'loading') return <Loading what="the upgrade plan" />;
  if (load.status === 'none') return <NoPlan audience="agent" />;
  if (load.status === 'error') return <LoadFailure refusal={load.refusal} onRetry={() => void reload()} />;
  if (!plan) return null;
  const environmentCount = plan.environments?.length;
  return (
    <div>
      <Tabs
        id="plan-tabs"
        selected={tab}
        onChange={(index) => {
          setTab(index);
          setOpened((now) => new Set([...now, index]));
        }}
      >
        <TabList>
          {TABS.map((name) => (
            <Tab key={name}>{name === 'Environments' && environmentCount !== undefined ? `Environments (${environmentCount})` : name}</Tab>
          ))}
        </TabList>
        <TabPanel>
          <div className="cs-tab-body">
            <PlanHeader plan={plan} names={names} />
            <PlanTables plan={plan} busy={busy} onAction={onAction} openDialog={openDialog} names={names} />
          </div>
        </TabPanel>
        <TabPanel>
          <div className="cs-tab-body">
            {opened.has(1) && (
              <Suspense fallback={<Loading what="the time line" />}>
                <TimelineTab plan={plan} />
              </Suspense>
            )}
          </div>
        </TabPanel>
        <TabPanel>
          <div className="cs-tab-body">
            {opened.has(2) && (
              <Suspense fallback={<Loading what="the environments" />}>
                <EnvironmentsTab plan={plan} names={names} openDialog={openDialog} />
              </Suspense>
            )}
          </div>
        </TabPanel>
        <TabPanel>
          <div className="cs-tab-body">
            {opened.has(3) && (
              <Suspense fallback={<Loading what="the history" />}>
                <HistoryTab ticketKey={plan.ticketKey} revision={plan.revision} viewerAccountId={plan.viewer.accountId} names={names} />
              </Suspense>
            )}
          </div>
        </TabPanel>
      </Tabs>
      {dialogs}
    </div>
  );
}
