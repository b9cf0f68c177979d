import { DemoClock, realNow } from './clock';
import { demoSettings, PEOPLE } from './cast';
import type { DemoDriver } from './driver';
import { environmentHistory } from './environments';
import { planStories } from './stories';
import { Timeline } from './timeline';

/**
 * Fills an empty runtime with the demo: the admin's settings (roles per organization, releases), each organization's
 * environment history, then the plans, raised and driven stage by stage by the people whose job it is, each step at
 * its date in the past. Everything goes through the app's own code: triggers, resolvers, @forge/kvs, Jira REST.
 */
export async function seedDemo(driver: DemoDriver, log: (line: string) => void = () => undefined): Promise<void> {
  const clock = new DemoClock();
  const timeline = new Timeline(realNow());
  timeline.add(timeline.daysAgo(900, '08:00'), 'settings: roles per organization, request types, releases', async () => {
    // Saved on the settings page as the admin: Jira checks every person and organization, and gives their names.
    const { fields: _found, ...settings } = demoSettings();
    const answer = await driver.invoke(PEOPLE.admin, 'settings', undefined, 'saveSettings', { settings });
    if (!answer.ok) throw new Error(`the demo settings were refused: ${answer.error.message}`);
  });
  environmentHistory(driver, timeline);
  planStories(driver, timeline);
  try {
    await timeline.run(clock, log);
    await driver.settle();
  } finally {
    clock.restore();
  }
}
