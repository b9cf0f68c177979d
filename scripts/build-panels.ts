/**
 * Builds the Custom UI resources of the Forge app (`npm run build`).
 *
 *   tsx scripts/build-panels.ts [--no-typecheck] [panel ...]
 *
 * For each panel (static/<panel>/src/index.tsx) esbuild writes static/<panel>/build/:
 *   index.html          links the collected CSS and loads the entry as an ES module
 *   index.js            the entry (ESM, code-split, minified, NODE_ENV=production, React 18)
 *   chunks/*.js         shared and lazily loaded chunks
 *   index.css           the CSS atlaskit ships precompiled and imports from its JS, of the entry and every
 *                       lazy chunk, each source once (esbuild's per-chunk CSS bundles are merged)
 * The issue panel also gets icon.svg (manifest: `icon: resource:issue-panel;icon.svg`).
 *
 * Prints each panel's first-load JS (the entry and every chunk it imports statically), raw and
 * gzipped, and fails when one is above the budget. Then type-checks static/ with its own
 * tsconfig (static/tsconfig.json), unless --no-typecheck is given.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import { build, type Metafile, type Plugin } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
const STATIC = path.join(ROOT, 'static');
export const PANELS = ['issue-panel', 'portal-panel', 'settings-page'] as const;
export type Panel = (typeof PANELS)[number];

const TITLES: Record<Panel, string> = {
  'issue-panel': 'ClinSpark upgrade plan',
  'portal-panel': 'Your ClinSpark upgrade plan',
  'settings-page': 'ClinSpark upgrade plan settings',
};

/** First-load JavaScript budget per panel, gzipped. */
export const FIRST_LOAD_BUDGET_BYTES = 180 * 1024;

export interface PanelSize {
  panel: Panel;
  firstLoadFiles: string[];
  firstLoadRaw: number;
  firstLoadGzip: number;
  lazyRaw: number;
  cssRaw: number;
  cssGzip: number;
  /** Every source file in the bundle (repository-relative), to prove no server code is in it. */
  inputs: string[];
}

/** The page Forge serves: the CSS first, then the entry as a module (chunks come through its imports). */
export function indexHtml(title: string, css: readonly string[], entry: string, preload: readonly string[]): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    ...css.map((href) => `<link rel="stylesheet" href="./${esc(href)}">`),
    ...preload.map((href) => `<link rel="modulepreload" href="./${esc(href)}">`),
    `<script type="module" src="./${esc(entry)}"></script>`,
    '</head>',
    '<body>',
    '<div id="root"></div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The output files an entry loads before it runs: itself and its static imports, transitively. */
export function firstLoadFiles(metafile: Metafile, entryOut: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of metafile.outputs[file]?.imports ?? []) {
      if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
    }
  };
  visit(entryOut);
  return [...seen];
}

/**
 * @atlaskit/platform-feature-flags asks the Statsig feature-gate client (about 120 KB of JS) when no product set a
 * flag resolver. In a Forge iframe that client is never initialised, so every gate reads false; this answers false
 * directly and keeps the client out of the bundle. Other importers of the client get the real package.
 */
export const featureGatesOff: Plugin = {
  name: 'feature-gates-off',
  setup(b) {
    b.onResolve({ filter: /^@atlaskit\/feature-gate-js-client(\/feature-gates)?$/ }, (args) =>
      /[\\/]@atlaskit[\\/]platform-feature-flags[\\/]/.test(args.importer) ? { path: 'feature-gates-off', namespace: 'feature-gates-off' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'feature-gates-off' }, () => ({
      contents: 'export default { checkGate: function () { return false; }, initializeCompleted: function () { return false; } };',
      loader: 'js',
    }));
  },
};

/**
 * esbuild writes one CSS bundle per entry and per lazy chunk, each repeating the atlaskit CSS it shares with the others.
 * They are merged into index.css: every CSS source once, the entry's first (in its order), then what only lazy chunks
 * use, so one stylesheet is linked and nothing renders unstyled when a lazy part loads. Returns the CSS files written.
 */
async function mergeCss(metafile: Metafile, cssOutputs: readonly string[], entryCss: string | undefined, outdir: string): Promise<string[]> {
  if (cssOutputs.length === 0) return [];
  const ordered = [...(entryCss ? [entryCss] : []), ...cssOutputs.filter((c) => c !== entryCss)];
  const sources: string[] = [];
  for (const output of ordered) for (const input of Object.keys(metafile.outputs[output]!.inputs)) if (!sources.includes(input)) sources.push(input);
  const target = path.join(outdir, 'index.css');
  const contents = sources.map((s) => `@import ${JSON.stringify(path.resolve(ROOT, s))};`).join('\n');
  for (const output of ordered) fs.rmSync(path.resolve(ROOT, output), { force: true });
  await build({ stdin: { contents, loader: 'css', resolveDir: ROOT }, outfile: target, bundle: true, minify: true, legalComments: 'none', logLevel: 'warning', loader: { '.svg': 'file', '.png': 'file', '.woff': 'file', '.woff2': 'file' }, assetNames: 'assets/[name]-[hash]' });
  return [path.relative(ROOT, target).split(path.sep).join('/')];
}

const gzipSize = (file: string): number => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

/** Builds one panel into static/<panel>/build, or into `options.outdir` (the tests build elsewhere, not to disturb a running runtime). */
export async function buildPanel(panel: Panel, options: { outdir?: string } = {}): Promise<PanelSize> {
  const dir = path.join(STATIC, panel);
  const outdir = options.outdir ?? path.join(dir, 'build');
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { index: path.join(dir, 'src', 'index.tsx') },
    outdir,
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    sourcemap: false,
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    platform: 'browser',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    loader: { '.svg': 'file', '.png': 'file', '.woff': 'file', '.woff2': 'file' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    tsconfig: path.join(STATIC, 'tsconfig.json'),
    plugins: [featureGatesOff],
  });
  const metafile = result.metafile;
  const rel = (abs: string): string => path.relative(outdir, path.resolve(ROOT, abs)).split(path.sep).join('/');
  const outputs = Object.keys(metafile.outputs);
  const entrySource = path.relative(ROOT, path.join(dir, 'src', 'index.tsx')).split(path.sep).join('/');
  const entryOut = outputs.find((o) => metafile.outputs[o]!.entryPoint === entrySource && o.endsWith('.js'));
  if (!entryOut) throw new Error(`${panel}: esbuild produced no entry`);
  const first = firstLoadFiles(metafile, entryOut);
  const entryCss = metafile.outputs[entryOut]!.cssBundle;
  const css = await mergeCss(metafile, outputs.filter((o) => o.endsWith('.css')), entryCss, outdir);
  fs.writeFileSync(path.join(outdir, 'index.html'), indexHtml(TITLES[panel], css.map(rel), rel(entryOut), first.filter((f) => f !== entryOut).map(rel)));
  if (panel === 'issue-panel') fs.copyFileSync(path.join(STATIC, 'shared', 'icon.svg'), path.join(outdir, 'icon.svg'));

  const abs = (o: string): string => path.resolve(ROOT, o);
  const js = outputs.filter((o) => o.endsWith('.js'));
  return {
    panel,
    firstLoadFiles: first.map(rel),
    firstLoadRaw: first.reduce((n, f) => n + metafile.outputs[f]!.bytes, 0),
    firstLoadGzip: first.reduce((n, f) => n + gzipSize(abs(f)), 0),
    lazyRaw: js.filter((f) => !first.includes(f)).reduce((n, f) => n + metafile.outputs[f]!.bytes, 0),
    cssRaw: css.reduce((n, f) => n + fs.statSync(abs(f)).size, 0),
    cssGzip: css.reduce((n, f) => n + gzipSize(abs(f)), 0),
    inputs: Object.keys(metafile.inputs),
  };
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

export function typecheckStatic(): void {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '--noEmit', '-p', path.join(STATIC, 'tsconfig.json')], { stdio: 'inherit', cwd: ROOT });
}

async function main(argv: string[]): Promise<number> {
  const typecheck = !argv.includes('--no-typecheck');
  const asked = argv.filter((a) => !a.startsWith('--'));
  const unknown = asked.filter((a) => !(PANELS as readonly string[]).includes(a));
  if (unknown.length > 0) {
    console.error(`unknown panel(s): ${unknown.join(', ')}; known: ${PANELS.join(', ')}`);
    return 2;
  }
  const panels = (asked.length > 0 ? asked : PANELS) as Panel[];
  const started = Date.now();
  const sizes: PanelSize[] = [];
  for (const panel of panels) sizes.push(await buildPanel(panel));
  console.log(`built ${panels.length} panel(s) in ${Date.now() - started} ms`);
  console.log('panel            first-load JS (gzip)   files  lazy JS (raw)  CSS (gzip)');
  let over = false;
  for (const s of sizes) {
    const flag = s.firstLoadGzip > FIRST_LOAD_BUDGET_BYTES ? '  OVER BUDGET' : '';
    over ||= flag !== '';
    console.log(
      `${s.panel.padEnd(16)} ${kb(s.firstLoadRaw).padStart(9)} (${kb(s.firstLoadGzip).padStart(8)})  ${String(s.firstLoadFiles.length).padStart(5)}  ${kb(s.lazyRaw).padStart(12)}  ${kb(s.cssGzip).padStart(9)}${flag}`,
    );
  }
  if (over) {
    console.error(`first-load JS above the ${kb(FIRST_LOAD_BUDGET_BYTES)} gzipped budget`);
    return 1;
  }
  if (typecheck) {
    typecheckStatic();
    console.log('static/ type-checks (static/tsconfig.json)');
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
