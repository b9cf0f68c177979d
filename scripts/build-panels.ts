/**
 * Builds the Custom UI resources of the Forge app (`npm run build`).
 *
 *   tsx scripts/build-panels.ts [--no-typecheck] [panel ...]
 *
 * For each panel (static/<panel>/src/index.tsx) esbuild writes static/<panel>/build/:
 *   index.html          links the collected CSS and loads the entry as an ES module
 *   index.js            the entry (ESM, code-split, minified, NODE_ENV=production, React 18)
 *   chunks/themes-*.js  the @atlaskit/tokens themes setGlobalTheme loads (PANEL_THEMES only), fetched at start
 *   zoneWarmup.js       a classic async script that loads the time-zone data while the bundle downloads (ZONE_WARMUP)
 *   chunks/later-*.js   everything behind a dynamic import (tabs, dialogs, flags, ...): one lazy bundle
 *   chunks/<name>-*.js  a lazy bundle an import site names (`import(/* panel-bundle: messages *\/ …)`, LazyBundle)
 *   chunks/chunk-*.js   what the entry and those bundles share (esbuild's code splitting)
 *   index.css           the CSS atlaskit ships precompiled and imports from its JS, of the entry and every
 *                       lazy chunk, each source once (esbuild's per-chunk CSS bundles are merged)
 * The issue panel also gets icon.svg (manifest: `icon: resource:issue-panel;icon.svg`).
 *
 * Every file counts against Forge's weekly resource upload quota, so a panel is built in two passes: the first finds
 * every dynamic import, the second sends each to its lazy bundle (lazyBundles). The build fails when a
 * panel has more than PANEL_FILE_BUDGET files.
 *
 * Prints each panel's first-load JS (the entry and every chunk it imports statically), raw and
 * gzipped, and its file count, and fails when one is above its budget. Then type-checks static/ with its own
 * tsconfig (static/tsconfig.json), unless --no-typecheck is given.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { PANEL_THEME_STATE } from '../static/shared/themeState';

const ROOT = path.resolve(__dirname, '..');
const STATIC = path.join(ROOT, 'static');
export const PANELS = ['issue-panel', 'portal-panel', 'settings-page', 'calendar-page'] as const;
export type Panel = (typeof PANELS)[number];

const TITLES: Record<Panel, string> = {
  'issue-panel': 'ClinSpark upgrade plan',
  'portal-panel': 'Your ClinSpark upgrade plan',
  'settings-page': 'ClinSpark upgrade plan settings',
  'calendar-page': 'Upgrade slots calendar',
};

/** Run while a panel's bundle downloads: the browser's time-zone data, which the first render needs (static/shared/zoneWarmup.ts). */
export const ZONE_WARMUP = path.join(STATIC, 'shared', 'zoneWarmup.ts');

/** First-load JavaScript budget per panel, gzipped (issue #15: what a panel loads before it shows the plan). */
export const FIRST_LOAD_BUDGET_BYTES = 150 * 1024;

/**
 * Files per panel build (index.html, CSS, icon and JS). ../shared/forge-docs/custom-ui/index.md, "Resource quotas":
 * "Files uploaded (weekly) | 500 files | 250 files | 250 files", consumed per production deployment; the four
 * resources must leave room for several deployments a week on a free or distributed (Sharing) app: 4 × 20 files is
 * 80 a deployment, three a week within 250 (issue #15 allows 20, so that what a panel does not show on open can
 * load apart from what it does).
 */
export const PANEL_FILE_BUDGET = 20;

/**
 * The tokens themes setGlobalTheme loads for PANEL_THEME_STATE in any colour mode: light and dark (`auto` loads both),
 * the non-colour themes, and `motion`, its default when none is given. The finesse and increased-contrast themes
 * are loaded only behind feature gates, which featureGatesOff answers false; every other theme of the import map
 * rejects instead of being built (test/static/buildPanels.test.ts checks this list against the real package).
 */
export const PANEL_THEMES: readonly string[] = [...new Set([PANEL_THEME_STATE.light, PANEL_THEME_STATE.dark, PANEL_THEME_STATE.spacing, PANEL_THEME_STATE.shape, PANEL_THEME_STATE.typography, 'motion'])];

export interface PanelSize {
  panel: string;
  firstLoadFiles: string[];
  firstLoadRaw: number;
  firstLoadGzip: number;
  lazyRaw: number;
  cssRaw: number;
  cssGzip: number;
  /** The source files with code in the first load (repository-relative). */
  firstLoadInputs: string[];
  /** Every source file in the bundle (repository-relative), to prove no server code is in it. */
  inputs: string[];
  /** Every file of the build (relative to it): each one counts against Forge's resource upload quota. */
  files: string[];
  /** The lazily loaded JS files (relative to the build) with the source files in each. */
  lazy: { file: string; inputs: string[] }[];
}

/**
 * The page Forge serves: `early`, classic scripts loaded async that run while the rest still downloads (ZONE_WARMUP),
 * then the CSS, then the entry as a module (chunks come through its imports, preloaded).
 */
export function indexHtml(title: string, css: readonly string[], entry: string, preload: readonly string[], early: readonly string[] = []): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    // Requested first, so that it arrives and runs while the stylesheet and the module graph still download.
    ...early.map((src) => `<script src="./${esc(src)}" async></script>`),
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

const THEME_IMPORT_MAP = /[\\/]@atlaskit[\\/]tokens[\\/]dist[\\/]esm[\\/]artifacts[\\/]theme-import-map\.js$/;
const THEME_ENTRY = /'([^']+)':\s*function\s*\w*\s*\(\)\s*\{\s*return\s+import\(\s*(?:\/\*[\s\S]*?\*\/\s*)?'([^']+)'\s*\);?\s*\}/g;

/** The tokens' theme import map with PANEL_THEMES only: any other theme rejects, naming this file, instead of being built. */
export function panelThemeImportMap(source: string, themes: readonly string[] = PANEL_THEMES): string {
  const entries = [...source.matchAll(THEME_ENTRY)].map((m) => ({ id: m[1]!, spec: m[2]! }));
  const missing = themes.filter((t) => !entries.some((e) => e.id === t));
  if (entries.length === 0 || missing.length > 0) throw new Error(`@atlaskit/tokens theme-import-map.js: no entry for ${missing.join(', ') || 'any theme'} (has the package changed?)`);
  const lines = entries.map(({ id, spec }) =>
    themes.includes(id) ? `  ${JSON.stringify(id)}: function () { return import(${JSON.stringify(spec)}); },` : `  ${JSON.stringify(id)}: function () { return notBuilt(${JSON.stringify(id)}); },`,
  );
  return [
    `function notBuilt(id) { return Promise.reject(new Error('theme ' + id + ' is not built into this panel (PANEL_THEMES, scripts/build-panels.ts)')); }`,
    `var themeImportsMap = {\n${lines.join('\n')}\n};`,
    'export { themeImportsMap as themeImportMap };',
    'export default themeImportsMap;',
    '',
  ].join('\n');
}

/**
 * A panel's lazy bundles: `themes` (the tokens' themes, fetched at start), `later` (everything else behind a dynamic
 * import, loaded on first use), and any bundle an import site names: `import(/* panel-bundle: messages *\/ 'x')`
 * sends x to `messages`, for something small a panel may need early without waiting for all of `later`.
 */
export type LazyBundle = string;
const LAZY_NAMESPACE = 'panel-lazy';
const THEMES = /[\\/]@atlaskit[\\/]tokens[\\/]dist[\\/]esm[\\/]artifacts[\\/]themes[\\/]/;
const BUNDLE_HINT = /import\(\s*\/\*\s*panel-bundle:\s*([a-z][a-z-]*)\s*\*\/\s*(['"`])([^'"`]+)\2\s*\)/g;

/** The lazy bundle of each dynamic import's target (see LazyBundle); a target two import sites send to different bundles fails the build. */
export function lazyBundleAssignment(found: readonly DynamicImport[], read: (importer: string) => string = (importer) => fs.readFileSync(path.resolve(ROOT, importer), 'utf8')): Map<string, LazyBundle> {
  const hints = new Map<string, Map<string, string>>();
  const hintOf = (importer: string, original: string): string | undefined => {
    if (!hints.has(importer)) hints.set(importer, new Map([...read(importer).matchAll(BUNDLE_HINT)].map((m) => [m[3]!, m[1]!])));
    return hints.get(importer)!.get(original);
  };
  const bundles = new Map<string, LazyBundle>();
  for (const d of found) {
    const bundle = THEMES.test(d.target) ? 'themes' : (hintOf(d.importer, d.original) ?? 'later');
    const before = bundles.get(d.target);
    if (before !== undefined && before !== bundle) throw new Error(`${d.target} is imported lazily into two bundles (${before}, ${bundle}): name the same panel-bundle at every import of it`);
    bundles.set(d.target, bundle);
  }
  return bundles;
}

/** A dynamic import found by the first pass: in `importer`, `import(original)` loads `target` (paths relative to ROOT). */
export interface DynamicImport {
  importer: string;
  original: string;
  target: string;
}

export function dynamicImports(metafile: Metafile): DynamicImport[] {
  return Object.entries(metafile.inputs).flatMap(([importer, input]) =>
    input.imports.filter((i) => i.kind === 'dynamic-import' && !i.external).map((i) => ({ importer, original: i.original ?? i.path, target: i.path })),
  );
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const loaderOf = (file: string): 'tsx' | 'ts' | 'jsx' | 'js' => (file.endsWith('.tsx') ? 'tsx' : file.endsWith('.ts') ? 'ts' : file.endsWith('.jsx') ? 'jsx' : 'js');

/**
 * Prunes the tokens' theme import map to PANEL_THEMES, and, given the first pass's dynamic imports, rewrites each
 * `import('./x')` into `import('panel-lazy:<bundle>').then((m) => m.<x's name>)`, where the bundle module re-exports
 * every lazily loaded module of its kind as a namespace: esbuild then writes one chunk per bundle instead of one per
 * lazy module and more for what they share. A dynamic import it cannot rewrite fails the build.
 */
export function lazyBundles(found: readonly DynamicImport[] | undefined): Plugin {
  const targets = [...new Set((found ?? []).map((d) => d.target))].sort();
  const nameOf = new Map(targets.map((t, i) => [t, `m${i}`]));
  const importers = [...new Set((found ?? []).map((d) => d.importer))];
  for (const importer of importers) if (importer.includes(':')) throw new Error(`a dynamic import in ${importer} (not a file) cannot be bundled`);
  const bundleOf = lazyBundleAssignment(found ?? []);
  const rewritten = importers.map((i) => path.resolve(ROOT, i));
  const filter = new RegExp([...rewritten.map((p) => `^${escapeRegExp(p)}$`), THEME_IMPORT_MAP.source].join('|'));
  return {
    name: 'lazy-bundles',
    setup(b) {
      b.onResolve({ filter: /^panel-lazy:[a-z][a-z-]*$/ }, (args) => ({ path: args.path.slice(LAZY_NAMESPACE.length + 1), namespace: LAZY_NAMESPACE }));
      b.onLoad({ filter: /.*/, namespace: LAZY_NAMESPACE }, (args) => ({
        contents: targets
          .filter((t) => bundleOf.get(t) === args.path)
          .map((t) => `export * as ${nameOf.get(t)!} from ${JSON.stringify(path.resolve(ROOT, t))};`)
          .join('\n'),
        resolveDir: ROOT,
        loader: 'js',
      }));
      b.onLoad({ filter, namespace: 'file' }, async (args) => {
        let contents = await fs.promises.readFile(args.path, 'utf8');
        if (THEME_IMPORT_MAP.test(args.path)) contents = panelThemeImportMap(contents);
        if (found) {
          const importer = path.relative(ROOT, args.path).split(path.sep).join('/');
          const sites = new Map(found.filter((f) => f.importer === importer).map((d) => [d.original, d.target]));
          for (const [original, target] of sites) {
            const site = new RegExp(`import\\(\\s*(?:\\/\\*[\\s\\S]*?\\*\\/\\s*)?(['"\`])${escapeRegExp(original)}\\1\\s*\\)`, 'g');
            const next = contents.replace(site, `import(${JSON.stringify(`${LAZY_NAMESPACE}:${bundleOf.get(target)!}`)}).then(function (m) { return m.${nameOf.get(target)!}; })`);
            if (next === contents) throw new Error(`${importer}: cannot rewrite import(${JSON.stringify(original)}) into a lazy bundle`);
            contents = next;
          }
        }
        return { contents, loader: loaderOf(args.path), resolveDir: path.dirname(args.path) };
      });
    },
  };
}

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
  const size = await buildApp(panel, path.join(dir, 'src', 'index.tsx'), options.outdir ?? path.join(dir, 'build'), TITLES[panel], { early: [ZONE_WARMUP] });
  if (panel === 'issue-panel') {
    fs.copyFileSync(path.join(STATIC, 'shared', 'icon.svg'), path.join(size.outdir, 'icon.svg'));
    size.files = filesOf(size.outdir);
  }
  return size;
}

/**
 * Builds any Custom UI app the way the panels are built (the panels, and the floor their open time is measured
 * against: scripts/panel-figures.ts): `entry` bundled into `outdir` with its index.html.
 */
export async function buildApp<N extends string>(name: N, entry: string, outdir: string, title: string, options: { early?: readonly string[] } = {}): Promise<PanelSize & { panel: N; outdir: string }> {
  fs.rmSync(outdir, { recursive: true, force: true });
  const early: string[] = [];
  for (const source of options.early ?? []) {
    const file = `${path.basename(source).replace(/\.tsx?$/, '')}.js`;
    await build({ absWorkingDir: ROOT, entryPoints: [source], outfile: path.join(outdir, file), bundle: true, format: 'iife', minify: true, target: ['es2020', 'chrome100', 'firefox100', 'safari15'], platform: 'browser', legalComments: 'none', logLevel: 'warning', tsconfig: path.join(STATIC, 'tsconfig.json') });
    early.push(file);
  }
  const esbuildOptions = {
    absWorkingDir: ROOT,
    entryPoints: { index: entry },
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
  } satisfies BuildOptions;
  // First pass: where are the dynamic imports? Second: each goes to its lazy bundle, and the files are written.
  const survey = await build({ ...esbuildOptions, write: false, plugins: [featureGatesOff, lazyBundles(undefined)] });
  const result = await build({ ...esbuildOptions, plugins: [featureGatesOff, lazyBundles(dynamicImports(survey.metafile))] });
  const stray = dynamicImports(result.metafile).filter((d) => !d.target.startsWith('panel-lazy:'));
  if (stray.length > 0) throw new Error(`${name}: dynamic imports outside the lazy bundles: ${stray.map((d) => `${d.importer} → ${d.original}`).join(', ')}`);
  const metafile = result.metafile;
  const rel = (abs: string): string => path.relative(outdir, path.resolve(ROOT, abs)).split(path.sep).join('/');
  const outputs = Object.keys(metafile.outputs);
  const entrySource = path.relative(ROOT, entry).split(path.sep).join('/');
  const entryOut = outputs.find((o) => metafile.outputs[o]!.entryPoint === entrySource && o.endsWith('.js'));
  if (!entryOut) throw new Error(`${name}: esbuild produced no entry`);
  const first = firstLoadFiles(metafile, entryOut);
  const entryCss = metafile.outputs[entryOut]!.cssBundle;
  const css = await mergeCss(metafile, outputs.filter((o) => o.endsWith('.css')), entryCss, outdir);
  fs.writeFileSync(path.join(outdir, 'index.html'), indexHtml(title, css.map(rel), rel(entryOut), first.filter((f) => f !== entryOut).map(rel), early));

  const abs = (o: string): string => path.resolve(ROOT, o);
  const js = outputs.filter((o) => o.endsWith('.js'));
  // What index.html loads before the panel shows: the entry, its static imports, then the early scripts.
  const loaded = first;
  return {
    panel: name,
    outdir,
    firstLoadFiles: [...loaded.map(rel), ...early],
    firstLoadInputs: [...new Set(loaded.flatMap((f) => Object.entries(metafile.outputs[f]!.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([input]) => input)))],
    firstLoadRaw: loaded.reduce((n, f) => n + metafile.outputs[f]!.bytes, 0) + early.reduce((n, f) => n + fs.statSync(path.join(outdir, f)).size, 0),
    firstLoadGzip: [...loaded.map(abs), ...early.map((f) => path.join(outdir, f))].reduce((n, f) => n + gzipSize(f), 0),
    lazyRaw: js.filter((f) => !loaded.includes(f)).reduce((n, f) => n + metafile.outputs[f]!.bytes, 0),
    cssRaw: css.reduce((n, f) => n + fs.statSync(abs(f)).size, 0),
    cssGzip: css.reduce((n, f) => n + gzipSize(abs(f)), 0),
    inputs: Object.keys(metafile.inputs),
    files: filesOf(outdir),
    lazy: js.filter((f) => !loaded.includes(f)).map((f) => ({ file: rel(f), inputs: Object.keys(metafile.outputs[f]!.inputs) })),
  };
}

/** The files under a build folder, relative to it, sorted. */
export function filesOf(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/')).sort();
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
  console.log(`panel            first-load JS (gzip)   files  lazy JS (raw)  CSS (gzip)  build files (budget ${PANEL_FILE_BUDGET})`);
  let over = false;
  for (const s of sizes) {
    const heavy = s.firstLoadGzip > FIRST_LOAD_BUDGET_BYTES;
    const many = s.files.length > PANEL_FILE_BUDGET;
    over ||= heavy || many;
    console.log(
      `${s.panel.padEnd(16)} ${kb(s.firstLoadRaw).padStart(9)} (${kb(s.firstLoadGzip).padStart(8)})  ${String(s.firstLoadFiles.length).padStart(5)}  ${kb(s.lazyRaw).padStart(12)}  ${kb(s.cssGzip).padStart(9)}  ${String(s.files.length).padStart(11)}${heavy ? '  FIRST LOAD OVER BUDGET' : ''}${many ? '  TOO MANY FILES' : ''}`,
    );
  }
  if (over) {
    console.error(`a panel is above its budget: first-load JS ${kb(FIRST_LOAD_BUDGET_BYTES)} gzipped, ${PANEL_FILE_BUDGET} files (Forge resource quotas)`);
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
