import type { DemoDriver } from '../../../src/local/demo/driver';
import { initechSlotOf, planStories, slotOf } from '../../../src/local/demo/stories';
import { Timeline } from '../../../src/local/demo/timeline';

const HOUR_MS = 3_600_000;

test('initechSlotOf overlaps Acme\'s four-hour Day of Upgrade within its UTC day, whatever hour Acme started', () => {
  for (let hour = 0; hour < 24; hour += 1) {
    const acme = new Date(Date.UTC(2026, 11, 1, hour));
    const { start, hours } = initechSlotOf(acme);
    const end = start.getTime() + hours * HOUR_MS;
    expect([hour, start.getTime() < acme.getTime() + 4 * HOUR_MS && acme.getTime() < end]).toEqual([hour, true]);
    expect([hour, start.getUTCDate(), new Date(end - 1).getUTCDate()]).toEqual([hour, 1, 1]);
  }
});

test('the Initech story proposes its slot on the working day before the slot\'s day, at any hour of any day of the week (a later proposal starts the demo overdue)', () => {
  const noDriver = {} as DemoDriver;
  const monday = Date.UTC(2026, 10, 30);
  for (let hour = 0; hour < 7 * 24; hour += 1) {
    const now = new Date(monday + hour * HOUR_MS + 20 * 60_000);
    const timeline = new Timeline(now);
    planStories(noDriver, timeline);
    const proposal = timeline.dated.find((step) => step.what.startsWith('Initech:') && step.what.includes('proposeStage'));
    const slotDay = initechSlotOf(slotOf(now)).start.toISOString().slice(0, 10);
    const workingDayBefore = [1, 2, 3].map((back) => new Date(Date.parse(slotDay) - back * 24 * HOUR_MS)).find((d) => d.getUTCDay() !== 0 && d.getUTCDay() !== 6)!;
    expect([now.toISOString(), proposal?.at.toISOString().slice(0, 10)]).toEqual([now.toISOString(), workingDayBefore.toISOString().slice(0, 10)]);
  }
});
