/**
 * npm run bench: one table of the app's figures, every one measured in this run, with its target and verdict.
 *  - Actions through the real resolvers and trigger (bench/actions.ts): Forge invocations, KVS requests and records,
 *    Jira calls, KVS bytes written, in-process time p50/p95 over 1,000 runs each.
 *  - Scale at 1,000 and 10,000 plans (bench/scale.ts): KVS operations and time of a panel load, an organization's
 *    plans and the overdue plans.
 *  - Plan integrity (bench/integrity.ts): a long-lived plan's record size and history page through the resolvers.
 *  - The engine alone, pure domain (bench/engine.ts), as before.
 *  - The panels' first load, files and open time against a floor, when built (bench/bundles.ts, scripts/panel-figures.ts).
 * Figures vary with the machine's load: run it on a quiet machine. README.md "Figures" explains each one.
 */
import { actionsSection, RUNS } from './actions';
import { bundleRows } from './bundles';
import { engineSection } from './engine';
import { integrityRow } from './integrity';
import { scaleSection } from './scale';
import { scheduledJobSection } from './scheduledJob';
import { printTable, type Section } from './table';

async function main(): Promise<void> {
  const started = performance.now();
  // First, while this process is fresh: the later sections leave it with large heaps (10,000 plans) that slow the
  // server the panels are loaded from, which is not what Forge's CDN does.
  const panels: Section = { title: 'Panels (Custom UI, issue #15): first load, files, open time against the floor', rows: await bundleRows() };
  const actions = await actionsSection();
  const { section: scale, seedSeconds } = await scaleSection();
  const { section: job, seedSeconds: jobSeedSeconds } = await scheduledJobSection();
  const engine = engineSection();
  const integrity: Section = { title: 'Plan integrity (issue #12): long-lived plans through the real resolvers', rows: [await integrityRow()] };

  console.log(`ClinSpark upgrade planner benchmark (node ${process.version}, ${process.platform}/${process.arch})\n`);
  printTable([actions, scale, job, integrity, engine, panels]);
  console.log(`
Times are in-process milliseconds: the real @forge/resolver, @forge/kvs and @forge/api code, the KVS emulator and the
Jira stand-in, all in this process (no network); a deployed app adds Forge's invocation and network latency.
KVS reads/writes: requests sent to the KVS API (records read or written in brackets); a panel load's target counts requests.
Invocations: the resolver or trigger itself, plus the workflow validator each transition the app makes runs (events the
app causes are not delivered back to it: manifest filter.ignoreSelf).
¹ One plan change with two audit entries (the ticket resolved, and stage 7 by the status effect); its KVS figures include the workflow
  validator's two reads, run by the app closing the ticket.
² KVS operations are the primary scale figure (what Forge charges, and what the indexes keep proportional to the
  answer). Time is secondary: the emulator answers an entity query by scanning every record of the entity in memory, so
  its query times grow with the total here, which Forge's indexes do not. Seeding took ${seedSeconds.toFixed(1)} s.
³ One run of the scheduled job as Forge makes it (the real @forge/kvs and @forge/api, no principal): the day's refresh
  reads only plans with an open stage due before today, the reminders only plans due within two working days, so its
  KVS requests and Jira calls are the same at every size; a later run the same day reads its progress and stops. Its
  time target is the 25 s a resolver gets, well inside the function's own 300 s. Seeding took ${jobSeedSeconds.toFixed(1)} s.
${RUNS.toLocaleString('en')} runs per action; scale: 1,000 panel loads and 100 (1,000 plans) or 20 (10,000 plans) queries per figure.
Bench ran in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
