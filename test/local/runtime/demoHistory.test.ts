/** The demo's histories, read through the runtime as the PM reads them: every entry of every plan, and every environment change exported with it, in words. */
import { contextToken, invoke, MODULES, PEOPLE, runtimeForFile } from './support';
import type { Runtime } from '../../../src/local/runtime';
import type { HistoryEntryView } from '../../../src/app/history';

jest.setTimeout(60_000);

let runtime: Runtime;
runtimeForFile((started) => (runtime = started));

/** What an account id of the demo looks like (agents' Atlassian ids, portal customers' `qm:` ids). */
const ACCOUNT_ID = /5d1f0a6e|qm:demo-/;

test("every demo plan's export says each entry in a sentence, with names and no data", async () => {
  const seen = new Set<string>();
  for (const key of ['FHSD-4', 'FHSD-3', 'FHSD-8', 'FHSD-9', 'FHSD-10', 'FHSD-11']) {
    const token = await contextToken(runtime.url, PEOPLE.pm.emailAddress, MODULES.issue, key);
    const entries: HistoryEntryView[] = [];
    for (let cursor: unknown = { source: 'plan' }; cursor; ) {
      const answer = await invoke(runtime.url, token, 'getHistoryExport', cursor);
      expect(answer.body.ok).toBe(true);
      entries.push(...answer.body.data.entries);
      cursor = answer.body.data.next;
    }
    for (const e of entries) {
      seen.add(`${e.source} ${e.action}`);
      expect([key, e.action, e.sentence]).toEqual([key, e.action, expect.not.stringMatching(/[{}[\]]|\bundefined\b|\bnull\b|recorded “/)]);
      expect([key, e.sentence]).toEqual([key, expect.not.stringMatching(ACCOUNT_ID)]);
      expect([key, e.action, e.who]).toEqual([key, e.action, expect.any(String)]);
    }
  }
  // The demo's plans and environments give a good spread of the kinds of entry.
  expect([...seen]).toEqual(expect.arrayContaining(['plan create plan', 'plan attach ticket', 'plan ticket resolved', 'plan propose', 'plan agree', 'plan record document', 'environments instance terminated', 'environments instance upgrading']));
});
