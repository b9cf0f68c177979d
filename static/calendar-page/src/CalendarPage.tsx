import { useCallback, useEffect, useState } from 'react';
import { call } from '../../shared/bridge';
import { FeedLink } from './FeedLink';
import { useFlags } from '../../shared/flags';
import { formatInstant } from '../../shared/plan';
import { takePrefetched } from '../../shared/prefetch';
import { LoadFailure, Loading } from '../../shared/states';
import type { CalendarSlotView, Refusal, ResolverAnswer, SlotCalendarView } from '../../shared/types';

type CalendarView = SlotCalendarView;
type SlotView = CalendarSlotView;

const hoursText = (hours: number): string => `${hours} hour${hours === 1 ? '' : 's'}`;

function EngineerSlots({ name, slots }: { name: string; slots: readonly SlotView[] }) {
  return (
    <section className="cs-calendar-engineer" aria-label={`Slots of ${name}`}>
      <h2>{name}</h2>
      <table className="cs-calendar-table">
        <thead>
          <tr>
            <th scope="col">Start</th>
            <th scope="col">End</th>
            <th scope="col">Length</th>
            <th scope="col">Customer</th>
            <th scope="col">Plan</th>
            <th scope="col">Phase</th>
            <th scope="col">State</th>
            <th scope="col">Conflicts</th>
          </tr>
        </thead>
        <tbody>
          {slots.map((slot) => (
            <tr key={slot.planId} data-conflicts={slot.conflicts.length} className={slot.conflicts.length > 0 ? 'cs-calendar-conflict' : undefined}>
              <td>{formatInstant(slot.start)}</td>
              <td>{formatInstant(slot.end)}</td>
              <td>{hoursText(slot.hours)}</td>
              <td>{slot.customer}</td>
              <td>
                {slot.plan}
                {slot.ticketKey ? <span className="cs-muted"> · {slot.ticketKey}</span> : null}
              </td>
              <td>{slot.phase}</td>
              <td>
                <span className={`cs-calendar-state cs-calendar-${slot.state}`}>{slot.state === 'confirmed' ? 'Confirmed' : 'Proposed'}</span>
              </td>
              <td>{slot.conflicts.length === 0 ? <span className="cs-muted">None</span> : <ul>{slot.conflicts.map((c, i) => <li key={i} className="cs-warning">⚠ {c.text}</li>)}</ul>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Every customer's proposed and confirmed slots by engineer, with what JSM's change calendar would flag. */
export function CalendarPage() {
  const [answer, setAnswer] = useState<{ view: CalendarView } | { refusal: Refusal } | null>(null);
  const { showFlag } = useFlags();
  const load = useCallback(async (first: boolean) => {
    const got: ResolverAnswer<CalendarView> = await ((first ? takePrefetched<CalendarView>('getSlotCalendar') : null) ?? call<CalendarView>('getSlotCalendar'));
    setAnswer(got.ok ? { view: got.data } : { refusal: got.error });
  }, []);
  // A refresh that fails keeps the calendar on screen and says why in a flag.
  const refresh = useCallback(async () => {
    const got = await call<CalendarView>('getSlotCalendar');
    if (got.ok) setAnswer({ view: got.data });
    else showFlag({ appearance: 'error', title: 'The calendar was not refreshed', description: got.error.message });
  }, [showFlag]);
  useEffect(() => void load(true), [load]);
  if (!answer) return <Loading what="the calendar of slots" />;
  if ('refusal' in answer) return <LoadFailure refusal={answer.refusal} onRetry={() => void load(false)} />;
  const { view } = answer;
  return (
    <main className="cs-calendar">
      <p>
        Every customer&apos;s proposed and confirmed upgrade slots since {formatInstant(view.from)}, by engineer.{' '}
        {view.conflictCount > 0 ? <strong className="cs-warning">{view.conflictCount} conflict{view.conflictCount === 1 ? '' : 's'} to look at.</strong> : 'No conflicts.'}{' '}
        <button type="button" onClick={() => void refresh()}>
          Refresh
        </button>
      </p>
      {view.readerIsEngineer ? <FeedLink /> : null}
      {view.engineers.length === 0 ? <p className="cs-muted">No slot is proposed or confirmed.</p> : view.engineers.map((e) => <EngineerSlots key={e.accountId ?? 'none'} name={e.name} slots={e.slots} />)}
    </main>
  );
}
