import { CalendarButton } from '../../shared/CalendarButton';
import { isUpgrade } from '../../shared/kinds';
import { formatInstant } from '../../shared/plan';
import { Timeline } from '../../shared/Timeline';
import type { PlanView } from '../../shared/types';

/** The plan's phases and stages on a time axis, today (and an upgrade's slot) marked; the slot as a calendar file. */
export default function TimelineTab({ plan }: { plan: PlanView }) {
  if (!isUpgrade(plan)) {
    return (
      <div className="cs-stack">
        <span className="cs-muted">The source document gives these phases no length: the time line shows when each stage was finished, and today.</span>
        <Timeline plan={plan} />
      </div>
    );
  }
  return (
    <div className="cs-stack">
      <div className="cs-row" style={{ justifyContent: 'space-between' }}>
        <span className="cs-muted">
          {plan.slot ? (
            <>
              Upgrade slot: <strong>{formatInstant(plan.slot)}</strong>
            </>
          ) : (
            'The upgrade slot is not confirmed yet (stage 16): the Day of Upgrade has no date.'
          )}
        </span>
        <CalendarButton plan={plan} label="Download the slot (.ics)" />
      </div>
      <Timeline plan={plan} />
    </div>
  );
}
