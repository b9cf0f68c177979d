import { lazy, Suspense, useEffect, useState } from 'react';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { LoadFailure, Loading, NoPlan } from '../../shared/states';
import { usePlan } from '../../shared/usePlan';
import { preloadDialogs, usePlanActions } from '../../shared/usePlanActions';
import { PlanHeader } from './PlanHeader';
import { PlanTables } from './PlanTables';

const HistoryTab = lazy(() => import('./HistoryTab'));

/** The agents' view of the plan on a Jira ticket: header, the stages by phase with their actions, and the audit history. */
export function IssuePanel() {
  const { load, plan, busy, act, reload } = usePlan();
  const { onAction, openDialog, dialogs } = usePlanActions(plan, act);
  const [tab, setTab] = useState(0);
  const [historyOpened, setHistoryOpened] = useState(false);
  useEffect(() => {
    if (plan) preloadDialogs();
  }, [plan !== null]); // eslint-disable-line react-hooks/exhaustive-deps

  if (load.status === 'loading') return <Loading what="the upgrade plan" />;
  if (load.status === 'none') return <NoPlan audience="agent" />;
  if (load.status === 'error') return <LoadFailure refusal={load.refusal} onRetry={() => void reload()} />;
  if (!plan) return null;
  return (
    <div>
      <Tabs
        id="plan-tabs"
        selected={tab}
        onChange={(index) => {
          setTab(index);
          if (index === 1) setHistoryOpened(true);
        }}
      >
        <TabList>
          <Tab>Plan</Tab>
          <Tab>History</Tab>
        </TabList>
        <TabPanel>
          <div className="cs-tab-body">
            <PlanHeader plan={plan} />
            <PlanTables plan={plan} busy={busy} onAction={onAction} openDialog={openDialog} />
          </div>
        </TabPanel>
        <TabPanel>
          <div className="cs-tab-body">
            {historyOpened && (
              <Suspense fallback={<Loading what="the history" />}>
                <HistoryTab ticketKey={plan.ticketKey} revision={plan.revision} viewerAccountId={plan.viewer.accountId} />
              </Suspense>
            )}
          </div>
        </TabPanel>
      </Tabs>
      {dialogs}
    </div>
  );
}
