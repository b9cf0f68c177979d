import { namesOfPeople } from '../../src/app/people';
import type { AppPorts, JiraPerson } from '../../src/app/ports';
import { defaultSettings, type AppSettings, type PeopleDirectory } from '../../src/app/settings';

const NOW = new Date('2026-12-01T09:00:00Z');
const person = (accountId: string, displayName: string): JiraPerson => ({ accountId, displayName, avatarUrl: null, accountType: 'atlassian', active: true });

/** The ports namesOfPeople uses: Jira's user lookup (counted) and the people cache (what it remembered). */
function ports(jira: (ids: readonly string[]) => Promise<JiraPerson[]>) {
  const asked: string[][] = [];
  const remembered: PeopleDirectory[] = [];
  const fake = {
    jira: { usersByIds: async (ids: readonly string[]) => (asked.push([...ids]), jira(ids)) },
    plans: { rememberPeople: async (cards: PeopleDirectory) => void remembered.push(cards) },
    clock: { now: () => NOW },
  } as unknown as AppPorts;
  return { fake, asked, remembered };
}

const settings: AppSettings = { ...defaultSettings('FHSD'), directory: { 'acc-pm': { displayName: 'Priya Patel', avatarUrl: null, accountType: 'atlassian', refreshedAt: '2026-11-01T00:00:00Z' } }, people: { 'acc-old': 'Hand-kept Name' } };

describe('namesOfPeople', () => {
  test('names from the cache cost no Jira call', async () => {
    const { fake, asked } = ports(async () => []);
    expect(await namesOfPeople(fake, settings, ['acc-pm', 'acc-old', 'acc-pm'])).toEqual(new Map([['acc-pm', 'Priya Patel'], ['acc-old', 'Hand-kept Name']]));
    expect(asked).toEqual([]);
  });

  test('the people the cache lacks are asked of Jira in one batched lookup and remembered; one Jira does not know stays unnamed', async () => {
    const { fake, asked, remembered } = ports(async (ids) => ids.filter((id) => id !== 'acc-gone').map((id) => person(id, id === 'acc-erik' ? 'Erik Larsen' : 'Carla Mendes')));
    const names = await namesOfPeople(fake, settings, ['acc-pm', 'acc-erik', 'acc-carla', 'acc-gone', 'acc-erik']);
    expect(asked).toEqual([['acc-erik', 'acc-carla', 'acc-gone']]);
    expect(names).toEqual(new Map([['acc-pm', 'Priya Patel'], ['acc-erik', 'Erik Larsen'], ['acc-carla', 'Carla Mendes']]));
    expect(remembered).toEqual([{ 'acc-erik': { displayName: 'Erik Larsen', avatarUrl: null, accountType: 'atlassian', refreshedAt: NOW.toISOString() }, 'acc-carla': { displayName: 'Carla Mendes', avatarUrl: null, accountType: 'atlassian', refreshedAt: NOW.toISOString() } }]);
  });

  test('when Jira cannot answer, the people it was asked about are written by their account id and nothing is remembered', async () => {
    const { fake, remembered } = ports(async () => {
      throw new Error('Jira answered 503');
    });
    expect(await namesOfPeople(fake, settings, ['acc-pm', 'acc-erik'])).toEqual(new Map([['acc-pm', 'Priya Patel'], ['acc-erik', 'acc-erik']]));
    expect(remembered).toEqual([]);
  });
});
