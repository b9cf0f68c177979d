/**
 * `npm start` (after `npm run build`): the local runtime on http://127.0.0.1:$PORT (default 4000).
 *   --reset            start again from the demo data
 *   --no-demo          a new data folder gets the site only (people, project, request types): no tickets, plans or settings
 *   --data-dir <dir>   where the SQLite files live (default .data)
 *   --port <n>         instead of PORT
 *   --verbose          log every step of the demo seeding
 */
import { parseArgs } from './cli';
import { startRuntime } from './runtime';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), process.env);
  const runtime = await startRuntime({ port: args.port, reset: args.reset, demo: args.demo, verbose: args.verbose, ...(args.dataDir ? { dataDir: args.dataDir } : {}) });
  console.log(`\nClinSpark upgrade planner, local runtime: ${runtime.url}`);
  console.log(`  data: ${runtime.dataDir}, ${runtime.data === 'demo' ? 'the demo' : 'no demo (the site only)'} (npm start -- --reset starts again${args.demo ? ' from the demo' : ', empty'})`);
  console.log(`  Jira REST API: ${runtime.url}/rest/api/3 (Basic auth: a demo person's e-mail, any token)`);
  console.log('  Ctrl+C stops it.\n');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    runtime.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
