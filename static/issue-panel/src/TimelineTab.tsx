import { CalendarButton } from '../../shared/CalendarButton';
import { slotStage } from '../../shared/planParts';
import { formatInstant } from '../../shared/plan';
import { Timeline } from '../../shared/Timeline';
import type { PlanView } from '../../shared/types';

/** The plan's phases and stages on a time axis, today (and the slot of a plan with a slot step) marked; the slot as a calendar file. */
export default function TimelineTab({ plan }: { plan: PlanView }) {
  const slot = slotStage(plan);
  if (!slot) {
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
            `The upgrade slot is not confirmed yet (stage ${slot.number}): the stages on it have no date.`
          )}
        </span>
        <CalendarButton plan={plan} label="Download the slot (.ics)" />
      </div>
      <Timeline plan={plan} />
    </div>
  );
}
