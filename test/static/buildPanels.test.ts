import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Metafile } from 'esbuild';
import { buildPanel, FIRST_LOAD_BUDGET_BYTES, firstLoadFiles, indexHtml, PANELS } from '../../scripts/build-panels';

jest.setTimeout(120_000);

describe('index.html', () => {
  it('links the CSS, then loads the entry as a module, with modulepreload for its chunks', () => {
    const html = indexHtml('A & B', ['index.css'], 'index.js', ['chunks/c.js']);
    expect(html).toContain('<title>A &amp; B</title>');
    expect(html.indexOf('<link rel="stylesheet" href="./index.css">')).toBeLessThan(html.indexOf('<script type="module" src="./index.js"></script>'));
    expect(html).toContain('<link rel="modulepreload" href="./chunks/c.js">');
    expect(html).toContain('<div id="root"></div>');
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

  it('bundles no server code and no development React', () => {
    const server = size.inputs.filter((f) => /^src\/|node_modules\/(@forge\/(api|kvs|resolver)|zod|date-fns)\//.test(f));
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
