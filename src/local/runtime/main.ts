/**
 * `npm start` (after `npm run build`): the local runtime on http://127.0.0.1:$PORT (default 4000).
 *   --reset            start again from the demo data
 *   --data-dir <dir>   where the SQLite files live (default .data)
 *   --port <n>         instead of PORT
 *   --verbose          log every step of the demo seeding
 */
import { startRuntime } from './runtime';

export const DEFAULT_PORT = 4000;

interface Args {
  reset: boolean;
  verbose: boolean;
  dataDir?: string;
  port: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { reset: false, verbose: false, port: process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      i += 1;
      return next;
    };
    if (arg === '--reset') args.reset = true;
    else if (arg === '--verbose') args.verbose = true;
    else if (arg === '--data-dir') args.dataDir = value();
    else if (arg === '--port') args.port = Number(value());
    else throw new Error(`unknown option ${arg} (known: --reset, --data-dir <dir>, --port <n>, --verbose)`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('the port (PORT or --port) must be a number from 0 to 65535');
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const runtime = await startRuntime({ port: args.port, reset: args.reset, verbose: args.verbose, ...(args.dataDir ? { dataDir: args.dataDir } : {}) });
  console.log(`\nClinSpark upgrade planner, local runtime: ${runtime.url}`);
  console.log(`  data: ${runtime.dataDir} (npm start -- --reset starts again from the demo)`);
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
