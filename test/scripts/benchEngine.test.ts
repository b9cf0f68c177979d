/** The bench's whole plan (bench/engine.ts) goes through the rules as people would: a rule it skips stops `npm run bench`. */
import { runWholePlan } from '../../bench/engine';

test.each([false, true])('runWholePlan finishes all 28 stages (No-Go first: %s)', (noGo) => {
  const { plan, audit } = runWholePlan(1, noGo);
  expect(plan.steps.filter((s) => s.status !== 'done').map((s) => s.number)).toEqual([]);
  expect(plan.attempt).toBe(noGo ? 2 : 1);
  expect(audit.length).toBeGreaterThan(28);
});
