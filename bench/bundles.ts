/**
 * The Custom UI panels' bundle sizes, read from static/<panel>/build when the build exists (npm run build).
 * First-load JavaScript and render times are the panels' own figures: tsx scripts/panel-figures.ts (another engineer's).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { filesOf, PANEL_FILE_BUDGET, PANELS } from '../scripts/build-panels';
import { kb, target, type Row } from './table';

const STATIC = path.resolve(__dirname, '..', 'static');

/**
 * One labelled row: each panel's whole build (raw / gzip, files), or "not built"; the target is the file budget
 * of each build, as every file counts against Forge's weekly resource upload quota (forge-docs/custom-ui, Resource quotas).
 */
export function bundleRow(): Row {
  const built = PANELS.map((panel) => ({ panel, build: path.join(STATIC, panel, 'build') })).filter(({ build }) => fs.existsSync(build));
  const sizes = built.map(({ panel, build }) => {
    const all = filesOf(build).map((f) => path.join(build, f));
    const raw = all.reduce((n, f) => n + fs.statSync(f).size, 0);
    const gzip = all.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(f)).length, 0);
    return { panel, text: `${panel} ${kb(raw)} (gzip ${kb(gzip)}), ${all.length} files`, files: all.length };
  });
  const missing = PANELS.filter((panel) => !built.some((b) => b.panel === panel)).map((panel) => `${panel} not built`);
  return {
    figure: 'panel bundles: static/*/build, all files (first load, render: scripts/panel-figures.ts)',
    other: sizes.length === 0 ? 'not built (npm run build)' : [...sizes.map((s) => s.text), ...missing].join('; '),
    targets: sizes.length === 0 ? undefined : target(`≤ ${PANEL_FILE_BUDGET} files per panel (${sizes.map((s) => s.files).join('/')})`, sizes.every((s) => s.files <= PANEL_FILE_BUDGET)),
  };
}
