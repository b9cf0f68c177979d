/**
 * The floor the panels' open time is measured against (scripts/panel-figures.ts): the barest page that shows a plan's
 * 28 stages with the Atlassian Design System: the Forge bridge asks for the plan (`invoke('getPlanView')`, the same
 * stub bridge and answer as the panels get), then one @atlaskit/dynamic-table of its stages renders. No theme, no
 * time zone, no tabs, no actions. Built by the panels' own pipeline (scripts/build-panels.ts buildApp).
 */
import { createRoot } from 'react-dom/client';
import { invoke } from '@forge/bridge';
import DynamicTable from '@atlaskit/dynamic-table';
import type { PlanView, ResolverAnswer } from '../../static/shared/types';

const head = { cells: [{ key: 'number', content: '#' }, { key: 'activity', content: 'Activity' }, { key: 'roles', content: 'Roles' }, { key: 'status', content: 'Status' }] };

async function main(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('the page has no #root element');
  const answer = (await invoke('getPlanView', {})) as ResolverAnswer<PlanView | null>;
  if (!answer.ok || !answer.data) throw new Error('the floor got no plan');
  const rows = answer.data.phases.flatMap((phase) => phase.stages).map((stage) => ({
    key: `stage-${stage.number}`,
    'data-stage': stage.number,
    cells: [
      { key: 'number', content: stage.number },
      { key: 'activity', content: stage.activity },
      { key: 'roles', content: stage.roles.join(' / ') },
      { key: 'status', content: stage.status },
    ],
  }));
  createRoot(root).render(<DynamicTable caption={answer.data.title} head={head} rows={rows} />);
}

void main();
