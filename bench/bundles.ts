/**
 * The Custom UI panels' bundle sizes, read from static/<panel>/build when the build exists (npm run build).
 * First-load JavaScript and render times are the panels' own figures: tsx scripts/panel-figures.ts (another engineer's).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { kb, type Row } from './table';

const STATIC = path.resolve(__dirname, '..', 'static');
const PANELS = ['issue-panel', 'portal-panel', 'settings-page'];

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

/** One labelled row: each panel's whole build (raw / gzip), or "not built". */
export function bundleRow(): Row {
  const sizes = PANELS.map((panel) => {
    const build = path.join(STATIC, panel, 'build');
    if (!fs.existsSync(build)) return `${panel} not built`;
    const all = files(build);
    const raw = all.reduce((n, f) => n + fs.statSync(f).size, 0);
    const gzip = all.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(f)).length, 0);
    return `${panel} ${kb(raw)} (gzip ${kb(gzip)})`;
  });
  return {
    figure: 'panel bundles: static/*/build, all files (first load, render: scripts/panel-figures.ts)',
    other: sizes.every((s) => s.endsWith('not built')) ? 'not built (npm run build)' : sizes.join('; '),
  };
}
