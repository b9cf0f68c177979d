import { findStage } from '../../static/shared/plan';
import { customerStatus, iqviaNow, yourTurn } from '../../static/portal-panel/src/portalModel';
import { actOnStage } from '../../src/domain/upgrade/plan';
import { complete, NOW, newPlan, viewOf } from './planFixture';

describe('the customer portal\'s reading of the plan', () => {
  it('lists only the customer\'s own stages they can act on now', () => {
    const view = viewOf(newPlan(), 'acc-customer', 'portal');
    const mine = yourTurn(view);
    expect(mine.length).toBeGreaterThan(0);
    for (const stage of mine) {
      expect(stage.roles).toContain('Customer');
      expect(stage.actions.some((a) => !a.disabledReason)).toBe(true);
    }
    expect(mine.map((s) => s.number)).toContain(1);
  });

  it('shows what IQVIA can work on now, none of it the customer\'s', () => {
    const view = viewOf(complete(newPlan(), 1, 'acc-customer', ['Customer']), 'acc-customer', 'portal');
    const iqvia = iqviaNow(view);
    expect(iqvia.length).toBeGreaterThan(0);
    for (const stage of iqvia) expect(stage.roles).not.toContain('Customer');
    expect(iqvia.map((s) => s.number)).toContain(3);
  });

  it('keeps IQVIA\'s reasons to itself, and shows the customer their own', () => {
    let plan = newPlan();
    plan = actOnStage(plan, { type: 'skip', step: 3, reason: 'internal: PM told them on a call' }, { accountId: 'acc-pm', roles: ['IQVIA PM'] }, NOW).plan;
    plan = actOnStage(plan, { type: 'block', step: 1, reason: 'release notes link is broken' }, { accountId: 'acc-customer', roles: ['Customer'] }, NOW).plan;
    const view = viewOf(plan, 'acc-customer', 'portal');
    expect(customerStatus(findStage(view, 3)!)).toMatchObject({ text: 'Not needed', when: null });
    expect(customerStatus(findStage(view, 1)!)).toMatchObject({ text: 'On hold', when: 'release notes link is broken' });
  });

  it('says when a customer stage is due, and when it was due', () => {
    expect(customerStatus(findStage(viewOf(newPlan(), 'acc-customer', 'portal'), 1)!).when).toMatch(/^due \d+ \w+ \d{4}$/);
    const late = viewOf(newPlan(), 'acc-customer', 'portal', new Date('2027-06-01T00:00:00Z'));
    expect(customerStatus(findStage(late, 1)!).when).toMatch(/^was due /);
  });
});
