/**
 * Offline checks of a Forge app's manifest.yml (`npm run validate`).
 *
 *   tsx scripts/validate-manifest.ts [--dir <app dir>] [--swagger <jira openapi json>]
 *
 * 1. @forge/manifest: the full validation `forge lint` / `forge deploy` run on the manifest
 *    (JSON schema, function keys, handlers and resource folders on disk, scopes, ...).
 * 2. @forge/lint client-side linters on the source files under src/ (permission linter:
 *    a `requestJira(route`/rest/api/3/...`)` whose scope is missing; trigger-event scopes;
 *    handler, endpoint, storage-module linters ...). The Jira description is read from a local
 *    file (`USE_LOCAL_SWAGGER=1`, `LOCAL_JIRA_SWAGGER`), so nothing is downloaded; `forge lint`
 *    itself needs a login and uploads the manifest, so it is not used.
 *
 * Prints every problem with its location; exits 1 on any error (or if the Jira description is
 * missing), 0 otherwise.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { findPosition, ProcessorBuilder, ValidationTypes, type ManifestSchema } from '@forge/manifest';
import { getClientSideLintersOnly, lint, type LintResult } from '@forge/lint';

/** Repository root (this file lives in <root>/scripts). */
export const REPO_ROOT = path.resolve(__dirname, '..');
/** The Jira platform REST description: `shared/` sits beside the clone, locally and on CI. */
export const DEFAULT_JIRA_SWAGGER = path.resolve(REPO_ROOT, '../shared/jira/platform-openapi.v3.json');

const MANIFEST_FILE = 'manifest.yml';
/** Directory the Forge CLI lints (and where handlers such as `index.onIssueEvent` live). */
const SOURCE_DIR = 'src';
const SOURCE_EXTENSIONS = /\.(ts|tsx|js|jsx|mjs|cjs)$/;
/** Forge environment key for the client-side linters ('default' is the development env). */
const LINT_ENVIRONMENT = 'default';

export type ProblemSource = 'setup' | 'manifest' | 'lint';

export interface Problem {
  source: ProblemSource;
  level: 'error' | 'warning';
  /** Path relative to the app directory (or absolute when outside it). */
  file: string;
  line?: number;
  column?: number;
  message: string;
  reference?: string;
}

export interface ValidationReport {
  appDir: string;
  swaggerPath: string;
  problems: Problem[];
  /** Source files handed to @forge/lint (relative to appDir). */
  lintedFiles: string[];
  /** True when there is no problem of level 'error'. */
  ok: boolean;
  durationMs: number;
}

export interface ValidateOptions {
  /** App directory holding manifest.yml (default: repo root). */
  dir?: string;
  /** Jira platform OpenAPI description (default: ../shared/jira/platform-openapi.v3.json from the repo root). */
  swaggerPath?: string;
}

/* ------------------------------------------------------------------------------------------ */

const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

/** Collapses whitespace (manifest messages contain newlines) and strips colours. */
const clean = (text: string): string => stripAnsi(text).replace(/\s+/g, ' ').trim();

const relativeTo = (dir: string, file: string): string => {
  const rel = path.relative(dir, path.resolve(dir, file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(dir, file) : rel;
};

/**
 * Both packages report 1-based lines (0 = unknown) and 0-based columns; report columns 1-based, as
 * editors and compilers print them.
 */
const position = (line: number | undefined, column: number | undefined): { line?: number; column?: number } =>
  typeof line === 'number' && line > 0
    ? { line, column: typeof column === 'number' && column >= 0 ? column + 1 : undefined }
    : {};

function listSourceFiles(appDir: string): string[] {
  const root = path.join(appDir, SOURCE_DIR);
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && SOURCE_EXTENSIONS.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        out.push(path.relative(appDir, full));
      }
    }
  };
  walk(root);
  return out.sort();
}

/** @forge/cli-shared is a dependency of @forge/lint; load it from there (not a direct dependency of this repo). */
interface CliShared {
  FileSystemReader: new () => unknown;
  listTSConfigIncludeExclude: (reader: unknown) => Promise<{ include: string[]; exclude: string[] }>;
}
function loadCliShared(): CliShared {
  const lintDir = path.dirname(require.resolve('@forge/lint/package.json'));
  return require(require.resolve('@forge/cli-shared', { paths: [lintDir] })) as CliShared;
}

/** Runs `fn` with the given cwd and environment variables, restoring both afterwards. */
async function withCwdAndEnv<T>(cwd: string, env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const previousCwd = process.cwd();
  const previousEnv: Record<string, string | undefined> = {};
  for (const key of Object.keys(env)) {
    previousEnv[key] = process.env[key];
    process.env[key] = env[key];
  }
  process.chdir(cwd);
  try {
    return await fn();
  } finally {
    process.chdir(previousCwd);
    for (const [key, value] of Object.entries(previousEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/**
 * Speed-up, not a behaviour change: every @forge/manifest validation processor (the full one, and the
 * trigger-scope, agent-context, CSP and egress ones that @forge/lint's manifest linters build) creates
 * its own Ajv instance and compiles the same large manifest schema again, about 1.7 s each. While
 * validateManifest runs, Ajv's compile() of that one schema object is memoised, so it is compiled once.
 * Ajv options are identical in every SchemaValidator and the compiled function is used synchronously
 * (call, then read .errors), so sharing it is safe. If the package layout changes, nothing is cached
 * and the checks merely run slower.
 */
type CompileFn = (this: unknown, schema: unknown, meta?: boolean) => unknown;
function memoiseManifestSchemaCompile(): () => void {
  try {
    const manifestOut = path.dirname(require.resolve('@forge/manifest'));
    const ajvModule = require(require.resolve('ajv', { paths: [manifestOut] })) as { default?: { prototype?: { compile?: CompileFn } } };
    const proto = ajvModule.default?.prototype;
    const fullSchema: unknown = require('@forge/manifest/schema.json');
    const original = proto?.compile;
    if (!proto || typeof original !== 'function' || (original as { memoised?: boolean }).memoised) return () => undefined;
    let compiled: unknown;
    const memoised: CompileFn = function (this: unknown, schema, meta) {
      // The processors import the JSON through tslib's __importStar: a fresh wrapper whose `default` is the module.
      const target = (schema as { default?: unknown } | null)?.default ?? schema;
      if (target !== fullSchema) return original.call(this, schema, meta);
      compiled ??= original.call(this, schema, meta);
      return compiled;
    };
    (memoised as { memoised?: boolean }).memoised = true;
    proto.compile = memoised;
    return () => {
      if (proto.compile === memoised) proto.compile = original;
    };
  } catch {
    return () => undefined;
  }
}

/* ------------------------------------------------------------------------------------------ */

/** Check 1: @forge/manifest full validation (the processor `forge lint` builds, without network-fed options). */
async function checkManifest(appDir: string): Promise<{ problems: Problem[]; manifest?: ManifestSchema }> {
  const manifestPath = path.join(appDir, MANIFEST_FILE);
  // Same processor and options as @forge/lint's FullManifestLinter, with no runtime flagged as deprecated
  // (that list comes from Atlassian's feature-flag service, which is online only).
  const result = await ProcessorBuilder.instance()
    .withValidation(ValidationTypes.FULL)
    .withOptions({ deprecatedRuntimes: [] })
    .build()
    .process(manifestPath);
  const problems: Problem[] = (result.errors ?? []).map((error) => ({
    source: 'manifest',
    level: error.level === 'warning' ? 'warning' : 'error',
    file: MANIFEST_FILE,
    ...position(error.line, error.column),
    message: clean(error.message),
    reference: error.reference,
  }));
  if (!result.success && !problems.some((p) => p.level === 'error')) {
    problems.push({ source: 'manifest', level: 'error', file: MANIFEST_FILE, message: 'manifest validation failed without a message' });
  }
  const manifest = result.manifestObject?.typedContent as ManifestSchema | undefined;
  if (manifest) problems.push(...checkTriggerEvents(manifest, result.manifestObject?.yamlContentByLine));
  return { problems, manifest };
}

/**
 * Check 1b (warning only): neither the schema nor the scope check rejects an unknown event name, and a
 * trigger on a misspelt event simply never fires. Product events (avi:jira:..., avi:jsm-entity:..., ...)
 * are compared with @forge/manifest's generated event-to-scope mapping; other events (avi:forge:...,
 * custom events) are not checked. The mapping may lag behind new events, hence a warning, not an error.
 */
function checkTriggerEvents(manifest: ManifestSchema, yamlContentByLine: string[] | undefined): Problem[] {
  let known: Set<string>;
  try {
    const mappingFile = path.join(path.dirname(require.resolve('@forge/manifest')), 'mapping', 'product-event-to-scope-mapping.json');
    const mapping = require(mappingFile) as { mapping: { productEvent: string }[] };
    known = new Set(mapping.mapping.map((entry) => entry.productEvent));
  } catch {
    return [];
  }
  const productPrefixes = new Set([...known].map((event) => event.split(':').slice(0, 2).join(':')));
  const problems: Problem[] = [];
  const triggers = (manifest.modules?.trigger ?? []) as { key: string; events?: string[] }[];
  for (const trigger of triggers) {
    for (const event of trigger.events ?? []) {
      if (known.has(event) || !productPrefixes.has(event.split(':').slice(0, 2).join(':'))) continue;
      const { line, column } = findPosition(event, yamlContentByLine);
      problems.push({
        source: 'manifest',
        level: 'warning',
        file: MANIFEST_FILE,
        ...position(line, column),
        message: `trigger '${trigger.key}': event '${event}' is not a product event known to @forge/manifest (misspelt? it would never fire)`,
      });
    }
  }
  return problems;
}

/** Check 2: @forge/lint's client-side linters over src/, fed the local Jira description. */
async function checkSources(
  appDir: string,
  manifest: ManifestSchema,
  swaggerPath: string,
): Promise<{ problems: Problem[]; lintedFiles: string[] }> {
  const problems: Problem[] = [];
  const files = listSourceFiles(appDir);

  // The permission linter reads local descriptions only when all six variables are set; the
  // products this app does not call get an empty description (no paths: nothing to check).
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-validate-'));
  const emptySwagger = path.join(tmpDir, 'empty-openapi.json');
  fs.writeFileSync(emptySwagger, JSON.stringify({ openapi: '3.0.1', paths: {} }));
  const env = {
    USE_LOCAL_SWAGGER: '1',
    LOCAL_JIRA_SWAGGER: swaggerPath,
    LOCAL_JSM_SWAGGER: emptySwagger,
    LOCAL_JSW_SWAGGER: emptySwagger,
    LOCAL_CONF_SWAGGER: emptySwagger,
    LOCAL_CONF_V2_SWAGGER: emptySwagger,
    LOCAL_BB_SWAGGER: emptySwagger,
    // The permission linter opens a `conf` cache (unused with local descriptions): keep it out of $HOME.
    XDG_CONFIG_HOME: tmpDir,
  };

  // Linter failures are not thrown: AbstractLinter.batchExecute logs "Could not perform some linting
  // actions ..." through logger.info and returns no result. Treat anything logged as an error.
  const logged: string[] = [];
  const logger = { info: (message: string) => void logged.push(clean(String(message))) };
  // Only getDeprecatedRuntimes() is used by the client-side linters; StatsigService would ask an online
  // feature-flag service (with the user's credentials) for it.
  const offlineStatsig = { getDeprecatedRuntimes: async (): Promise<string[]> => [] } as unknown as Parameters<typeof lint>[4];

  let results: LintResult[] = [];
  try {
    results = await withCwdAndEnv(appDir, env, async () => {
      // lint() parses .ts/.tsx only when tsconfig.json "include" lists them (paths relative to cwd);
      // with e.g. "include": ["src"] it silently skips every file. Detect that instead of passing.
      const { FileSystemReader, listTSConfigIncludeExclude } = loadCliShared();
      const { include, exclude } = await listTSConfigIncludeExclude(new FileSystemReader());
      const included = new Set(include);
      const excluded = new Set(exclude);
      if (included.size || excluded.size) {
        for (const file of files.filter((f) => /\.tsx?$/.test(f))) {
          const abs = path.resolve(file);
          if (!included.has(abs) || excluded.has(abs)) {
            problems.push({
              source: 'lint',
              level: 'error',
              file,
              message: 'not matched by tsconfig.json "include" (or matched by "exclude"): @forge/lint would silently skip this file; use "include": ["src/**/*"]',
            });
          }
        }
      }
      const linters = await getClientSideLintersOnly(manifest, LINT_ENVIRONMENT, logger, offlineStatsig);
      // FullManifestLinter re-runs check 1 on the same manifest.yml: leave it out to avoid duplicates.
      const clientLinters = linters.filter((linter) => linter.constructor.name !== 'FullManifestLinter');
      return lint(files, manifest, LINT_ENVIRONMENT, logger, offlineStatsig, {
        linter: { mode: 'client-side' },
        linters: clientLinters,
      });
    });
  } catch (error) {
    problems.push({ source: 'lint', level: 'error', file: SOURCE_DIR, message: `@forge/lint failed: ${clean((error as Error).message)}` });
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }

  for (const message of logged) {
    if (message) problems.push({ source: 'lint', level: 'error', file: SOURCE_DIR, message: `@forge/lint: ${message}` });
  }
  for (const result of results) {
    const file = relativeTo(appDir, result.file);
    const add = (level: Problem['level'], rules: LintResult['errors']) => {
      for (const rule of rules) {
        problems.push({ source: 'lint', level, file, ...position(rule.line, rule.column), message: clean(rule.message), reference: rule.reference });
      }
    };
    add('error', result.errors);
    add('warning', result.warnings);
    // "Approvals" are findings that need an explicit approval at deploy time: `forge lint` fails on them too.
    add('error', result.approvals);
  }
  return { problems, lintedFiles: files };
}

/** Validates `<dir>/manifest.yml` and the app's sources offline. Never throws for validation problems. */
export async function validateManifest(options: ValidateOptions = {}): Promise<ValidationReport> {
  const started = Date.now();
  const appDir = path.resolve(options.dir ?? REPO_ROOT);
  const swaggerPath = path.resolve(options.swaggerPath ?? DEFAULT_JIRA_SWAGGER);
  const problems: Problem[] = [];
  let lintedFiles: string[] = [];
  const restoreCompile = memoiseManifestSchemaCompile();
  try {
    if (!fs.existsSync(path.join(appDir, MANIFEST_FILE))) {
      problems.push({ source: 'setup', level: 'error', file: path.join(appDir, MANIFEST_FILE), message: 'manifest.yml not found' });
    } else {
      const manifestCheck = await checkManifest(appDir);
      problems.push(...manifestCheck.problems);

      if (!fs.existsSync(swaggerPath)) {
        problems.push({
          source: 'setup',
          level: 'error',
          file: swaggerPath,
          message: 'Jira platform OpenAPI description not found, so the @forge/lint checks (scopes of requestJira calls in src/, trigger-event scopes, ...) did not run: they need it offline. Expected shared/jira/platform-openapi.v3.json beside the repository clone, or pass --swagger <path>',
        });
      } else if (!manifestCheck.manifest) {
        problems.push({ source: 'lint', level: 'warning', file: MANIFEST_FILE, message: '@forge/lint not run: the manifest must pass schema validation first' });
      } else {
        const sourceCheck = await checkSources(appDir, manifestCheck.manifest, swaggerPath);
        problems.push(...sourceCheck.problems);
        lintedFiles = sourceCheck.lintedFiles;
      }
    }
  } finally {
    restoreCompile();
  }

  return {
    appDir,
    swaggerPath,
    problems,
    lintedFiles,
    ok: !problems.some((p) => p.level === 'error'),
    durationMs: Date.now() - started,
  };
}

export function formatReport(report: ValidationReport): string {
  const lines: string[] = [];
  const where = (p: Problem) => `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}`;
  lines.push(`Forge manifest check: ${path.join(report.appDir, MANIFEST_FILE)}`);
  lines.push(`  @forge/manifest full validation; @forge/lint client-side on ${report.lintedFiles.length} file(s) under ${SOURCE_DIR}/`);
  lines.push(`  Jira description: ${report.swaggerPath}`);
  for (const p of report.problems) {
    lines.push(`  ${p.level.toUpperCase().padEnd(7)} [${p.source}] ${where(p)}  ${p.message}${p.reference ? `  (${p.reference})` : ''}`);
  }
  const errors = report.problems.filter((p) => p.level === 'error').length;
  const warnings = report.problems.length - errors;
  lines.push(
    report.ok
      ? `OK: no errors${warnings ? `, ${warnings} warning(s)` : ''} (${report.durationMs} ms)`
      : `FAILED: ${errors} error(s), ${warnings} warning(s) (${report.durationMs} ms)`,
  );
  return lines.join('\n');
}

function parseArgs(argv: string[]): ValidateOptions {
  const options: ValidateOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--dir') options.dir = value();
    else if (arg.startsWith('--dir=')) options.dir = arg.slice('--dir='.length);
    else if (arg === '--swagger') options.swaggerPath = value();
    else if (arg.startsWith('--swagger=')) options.swaggerPath = arg.slice('--swagger='.length);
    else throw new Error(`unknown argument: ${arg} (usage: validate-manifest [--dir <app dir>] [--swagger <path>])`);
  }
  return options;
}

async function main(): Promise<void> {
  let options: ValidateOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const report = await validateManifest(options);
  const text = formatReport(report);
  if (report.ok) console.log(text);
  else console.error(text);
  process.exitCode = report.ok ? 0 : 1;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`validate-manifest crashed: ${(error as Error).stack ?? error}`);
    process.exitCode = 1;
  });
}
