import { initechSlotOf } from '../../../src/local/demo/stories';

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
