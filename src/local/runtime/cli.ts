/** `npm start`'s options (see main.ts); kept apart from main.ts so that they can be tested without starting anything. */
export const DEFAULT_PORT = 4000;

export interface Args {
  reset: boolean;
  demo: boolean;
  verbose: boolean;
  dataDir?: string;
  port: number;
}

/** The command line of `npm start`; PORT from the environment unless --port says otherwise. */
export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Args {
  const args: Args = { reset: false, demo: true, verbose: false, port: env.PORT ? Number(env.PORT) : DEFAULT_PORT };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      i += 1;
      return next;
    };
    if (arg === '--reset') args.reset = true;
    else if (arg === '--no-demo') args.demo = false;
    else if (arg === '--verbose') args.verbose = true;
    else if (arg === '--data-dir') args.dataDir = value();
    else if (arg === '--port') args.port = Number(value());
    else throw new Error(`unknown option ${arg} (known: --reset, --no-demo, --data-dir <dir>, --port <n>, --verbose)`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('the port (PORT or --port) must be a number from 0 to 65535');
  return args;
}

