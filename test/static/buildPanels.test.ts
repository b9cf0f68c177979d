import fs from 'fs';
import os from 'os';
import path from 'path';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { buildPanel, dynamicImports, FIRST_LOAD_BUDGET_BYTES, filesOf, firstLoadFiles, indexHtml, lazyBundleAssignment, lazyBundles, PANEL_FILE_BUDGET, PANEL_THEMES, PANELS, panelThemeImportMap } from '../../scripts/build-panels';
import { PANEL_THEME_STATE } from '../../static/shared/themeState';

/** Pure domain code a panel shares with the back end on purpose: the iCalendar writer, so a slot's .ics download and the engineer's feed are the same event. */
const SHARED_WITH_PANELS = ['src/domain/icalendar.ts', 'src/domain/links.ts'];

// As in the panels' bundle (featureGatesOff): no product initialised the feature-gate client, so every gate is off.
jest.mock('@atlaskit/feature-gate-js-client/feature-gates', () => ({ __esModule: true, default: { checkGate: () => false, initializeCompleted: () => false } }));
type ThemePreferences = (state: object) => string[];
// The package's own functions that choose which themes setGlobalTheme loads (it ships no types for these paths).
const { getThemePreferences } = require('@atlaskit/tokens/dist/cjs/utils/get-theme-preferences') as { getThemePreferences: ThemePreferences };
const { getThemeOverridePreferences } = require('@atlaskit/tokens/dist/cjs/utils/get-theme-override-preferences') as { getThemeOverridePreferences: ThemePreferences };

jest.setTimeout(120_000);

describe('index.html', () => {
  it('links the CSS, then loads the entry as a module, with modulepreload for its chunks', () => {
    const html = indexHtml('A & B', ['index.css'], 'index.js', ['chunks/c.js']);
    expect(html).toContain('<title>A &amp; B</title>');
    expect(html.indexOf('<link rel="stylesheet" href="./index.css">')).toBeLessThan(html.indexOf('<script type="module" src="./index.js"></script>'));
    expect(html).toContain('<link rel="modulepreload" href="./chunks/c.js">');
    expect(html).toContain('<div id="root"></div>');
  });

  it('loads early scripts async, before the entry, so they run while the modules download', () => {
    const html = indexHtml('A', ['index.css'], 'index.js', [], ['zoneWarmup.js']);
    expect(html.indexOf('<script src="./zoneWarmup.js" async></script>')).toBeGreaterThan(-1);
    expect(html.indexOf('<script src="./zoneWarmup.js" async></script>')).toBeLessThan(html.indexOf('<script type="module" src="./index.js"></script>'));
  });
});

describe('firstLoadFiles', () => {
  it('follows static imports, not dynamic ones', () => {
    const out = (imports: { path: string; kind: 'import-statement' | 'dynamic-import' }[]) => ({ bytes: 1, inputs: {}, exports: [], imports });
    const metafile = {
      inputs: {},
      outputs: {
        'b/index.js': out([{ path: 'b/a.js', kind: 'import-statement' }, { path: 'b/lazy.js', kind: 'dynamic-import' }]),
        'b/a.js': out([{ path: 'b/shared.js', kind: 'import-statement' }]),
        'b/shared.js': out([]),
        'b/lazy.js': out([{ path: 'b/shared.js', kind: 'import-statement' }]),
      },
    } as unknown as Metafile;
    expect(firstLoadFiles(metafile, 'b/index.js').sort()).toEqual(['b/a.js', 'b/index.js', 'b/shared.js']);
  });
});

describe('the tokens themes a panel builds', () => {
  const themeMap = fs.readFileSync(require.resolve('@atlaskit/tokens/dist/esm/artifacts/theme-import-map.js'), 'utf8');

  it.each(['light', 'dark', 'auto'] as const)('are every theme setGlobalTheme loads for the panels in colour mode %s', (colorMode) => {
    const state = { colorMode, contrastMode: 'auto', ...PANEL_THEME_STATE, motion: 'motion' } as const;
    const loaded = [...getThemePreferences(state), ...getThemeOverridePreferences(state)];
    expect(loaded.length).toBeGreaterThan(0);
    for (const theme of loaded) expect(PANEL_THEMES).toContain(theme);
  });

  it('import those themes and reject any other, naming the build script', async () => {
    const map = panelThemeImportMap(themeMap);
    expect([...map.matchAll(/return import\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(
      expect.arrayContaining(['./themes/atlassian-light', './themes/atlassian-dark', './themes/atlassian-spacing', './themes/atlassian-shape', './themes/atlassian-typography', './themes/atlassian-motion']),
    );
    expect([...map.matchAll(/return import\(/g)]).toHaveLength(PANEL_THEMES.length);
    const evaluate = new Function(`${map.replace(/^export .*$/gm, '').replace(/return import\(([^)]*)\)/g, 'return Promise.resolve({ spec: $1 })')}\nreturn themeImportsMap;`);
    const themeImportMap = evaluate() as Record<string, () => Promise<unknown>>;
    await expect(themeImportMap.light!()).resolves.toEqual({ spec: './themes/atlassian-light' });
    await expect(themeImportMap['dark-increased-contrast']!()).rejects.toThrow(/theme dark-increased-contrast is not built into this panel \(PANEL_THEMES/);
    expect(map).toContain(`"dark-increased-contrast": function () { return notBuilt("dark-increased-contrast"); }`);
  });

  it('fail the build when the package no longer has one of them', () => {
    expect(() => panelThemeImportMap(themeMap, ['light', 'sepia'])).toThrow(/no entry for sepia/);
  });
});

describe('lazyBundleAssignment', () => {
  const sources: Record<string, string> = {
    'a.tsx': "const x = () => import(/* panel-bundle: messages */ './m'); const y = () => import('./tab');",
    'b.tsx': "const z = () => import('./m');",
  };
  const read = (importer: string): string => sources[importer]!;

  it('sends an import marked panel-bundle to that bundle, the tokens themes to themes, the rest to later', () => {
    const found = [
      { importer: 'a.tsx', original: './m', target: 'm.tsx' },
      { importer: 'a.tsx', original: './tab', target: 'tab.tsx' },
      { importer: 'node_modules/@atlaskit/tokens/dist/esm/artifacts/theme-import-map.js', original: './themes/atlassian-light', target: 'node_modules/@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-light.js' },
    ];
    expect(Object.fromEntries(lazyBundleAssignment(found, read))).toEqual({ 'm.tsx': 'messages', 'tab.tsx': 'later', 'node_modules/@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-light.js': 'themes' });
  });

  it('fails the build when two imports of one module name different bundles', () => {
    const found = [
      { importer: 'a.tsx', original: './m', target: 'm.tsx' },
      { importer: 'b.tsx', original: './m', target: 'm.tsx' },
    ];
    expect(() => lazyBundleAssignment(found, read)).toThrow(/m\.tsx is imported lazily into two bundles \(messages, later\)/);
  });
});

describe('lazyBundles', () => {
  it('fails the build when a dynamic import cannot be rewritten into a lazy bundle', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-bundles-'));
    try {
      fs.writeFileSync(path.join(dir, 'entry.js'), "export const load = () => import('./tab.js');\n");
      fs.writeFileSync(path.join(dir, 'tab.js'), 'export default 1;\n');
      const options = { absWorkingDir: path.resolve(__dirname, '../..'), entryPoints: [path.join(dir, 'entry.js')], bundle: true, format: 'esm', splitting: true, write: false, metafile: true, outdir: path.join(dir, 'out'), logLevel: 'silent' } satisfies BuildOptions;
      const survey = await build(options);
      const found = dynamicImports(survey.metafile);
      expect(found.map((d) => d.original)).toEqual(['./tab.js']);
      const bundled = await build({ ...options, plugins: [lazyBundles(found)] });
      expect(Object.keys(bundled.metafile.outputs).filter((o) => o.endsWith('.js')).map((o) => path.basename(o).replace(/-[A-Z0-9]+\.js$/, ''))).toEqual(expect.arrayContaining(['entry.js', 'later']));
      await expect(build({ ...options, plugins: [lazyBundles(found.map((d) => ({ ...d, original: './elsewhere.js' })))] })).rejects.toThrow(/cannot rewrite import\("\.\/elsewhere\.js"\) into a lazy bundle/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(PANELS)('the %s build', (panel) => {
  let size: Awaited<ReturnType<typeof buildPanel>>;
  // Built into a temporary folder: the browser tests load static/<panel>/build at the same time.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `build-${panel}-`));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    size = await buildPanel(panel, { outdir: dir });
  });

  it('has an index.html whose every link and script exists', () => {
    const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:href|src)="\.\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.some((r) => r.endsWith('.css'))).toBe(true);
    expect(html).toMatch(/<script type="module" src="\.\/index\.js"><\/script>/);
    for (const ref of refs) expect(fs.existsSync(path.join(dir, ref))).toBe(true);
  });

  it('keeps its first-load JavaScript under the budget', () => {
    expect(size.firstLoadGzip).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
  });

  it(`fits Forge's resource upload quota: at most ${PANEL_FILE_BUDGET} files (custom-ui, Resource quotas)`, () => {
    expect(size.files).toEqual(filesOf(dir));
    expect(size.files.length).toBeLessThanOrEqual(PANEL_FILE_BUDGET);
  });

  it('loads lazily from its bundles: the themes it uses, the section messages, and everything else not needed on first paint', () => {
    const bundles = [...new Set(size.lazy.map((l) => l.file.replace(/-[A-Z0-9]+\.js$/, '')))].sort();
    // What the lazy bundles share is one more chunk (esbuild's code splitting), never part of the first load.
    expect(bundles.filter((b) => b !== 'chunks/chunk')).toEqual(['chunks/later', 'chunks/messages', 'chunks/themes']);
    const themes = size.lazy.find((l) => l.file.startsWith('chunks/themes'))!.inputs.filter((i) => i.includes('/artifacts/themes/'));
    expect(themes.map((i) => path.basename(i, '.js')).sort()).toEqual(['atlassian-dark', 'atlassian-light', 'atlassian-motion', 'atlassian-shape', 'atlassian-spacing', 'atlassian-typography']);
    const later = size.lazy.find((l) => l.file.startsWith('chunks/later'))!.inputs;
    expect(later).toEqual(expect.arrayContaining(panel === 'issue-panel' ? ['static/shared/dialogs/index.tsx', 'static/shared/dialogs/upgrade.tsx', 'static/issue-panel/src/HistoryTab.tsx'] : []));
    // Flags are drawn by the host page (the bridge's showFlag): no flag component is bundled, first load or lazy.
    expect(size.inputs.filter((f) => f.includes('@atlaskit/flag/'))).toEqual([]);
    const lazyInputs = size.lazy.flatMap((l) => l.inputs);
    expect(lazyInputs.some((i) => i.includes('@atlaskit/section-message/'))).toBe(true);
    for (const first of size.firstLoadFiles) expect(first).not.toMatch(/later|themes|messages/);
  });

  it('keeps what a panel does not show on open out of its first load: section messages, tooltips, popper, legacy buttons', () => {
    expect(size.firstLoadInputs.some((i) => i.startsWith('static/'))).toBe(true);
    expect(size.firstLoadInputs.filter((i) => /@atlaskit\/(section-message|tooltip|popper|top-layer)\/|@popperjs\/|@atlaskit\/button\/dist\/esm\/old-button\//.test(i))).toEqual([]);
  });

  it('starts the time-zone data while the bundle downloads (zoneWarmup.js, an early script counted in the first load)', () => {
    expect(size.firstLoadFiles).toContain('zoneWarmup.js');
    expect(fs.readFileSync(path.join(dir, 'index.html'), 'utf8')).toContain('<script src="./zoneWarmup.js" async></script>');
  });

  it('bundles no server code and no development React', () => {
    const server = size.inputs.filter((f) => !SHARED_WITH_PANELS.includes(f) && /^src\/|node_modules\/(@forge\/(api|kvs|resolver)|zod|date-fns)\//.test(f));
    expect(server).toEqual([]);
    expect(size.inputs.some((f) => f.includes('react-dom.development'))).toBe(false);
    const js = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.js'));
    for (const f of js) expect(fs.readFileSync(path.join(dir, f), 'utf8').includes('process.env.NODE_ENV')).toBe(false);
  });

  if (panel === 'issue-panel') {
    it('carries the icon the manifest names (resource:issue-panel;icon.svg)', () => {
      expect(fs.readFileSync(path.join(dir, 'icon.svg'), 'utf8')).toMatch(/^<svg /);
    });
  }
});
