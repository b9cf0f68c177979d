import SectionMessage from './SectionMessage';
import { restoreStatus, type RestoreAudience } from './restoreModel';
import type { PlanView } from './types';

/** Where a decision's restore stands (under way, or done with the new slot to agree), flagged when it took over the hour expected. */
export function RestoreNotice({ plan, audience }: { plan: Pick<PlanView, 'restore' | 'rollbacks' | 'slot' | 'summary' | 'phases'>; audience: RestoreAudience }) {
  const status = restoreStatus(plan, audience);
  if (!status) return null;
  return (
    <div className="cs-restore" data-restore={status.state} style={{ marginTop: 12 }}>
      <SectionMessage appearance={status.appearance} title={status.title}>
        {status.lines.map((line) => (
          <p key={line} style={{ margin: '2px 0' }}>
            {line}
          </p>
        ))}
        {status.overAnHour && audience === 'agent' && <p className="cs-warning" style={{ margin: '2px 0' }}>Flagged: the restore took over the hour the plan expects.</p>}
      </SectionMessage>
    </div>
  );
}
