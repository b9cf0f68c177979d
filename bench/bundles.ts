/**
 * The Custom UI panels' rows (issue #15, "Speed"): each panel's first-load JavaScript, build files and open time
 * against the floor, all measured in this run by scripts/panel-figures.ts on what `npm run build` wrote, each target
 * marked ok or MISSED. Without a build the row says "not built"; without Chromium the times say n/a.
 */
import fs from 'node:fs';
import path from 'node:path';
import { kb as kbOf, measurePanels, OPEN_RUNS, PANEL_NAMES, verdicts, type Figures } from '../scripts/panel-figures';
import type { Row } from './table';

const STATIC = path.resolve(__dirname, '..', 'static');
const ms = (n: number | null): string => (n === null ? 'n/a (no Chromium)' : `${n.toFixed(0)} ms`);

/** One row per panel and one for the floor, from figures measured in one run. */
export function panelRows(figures: Figures): Row[] {
  const floor: Row = {
    figure: `panel floor: bare page, @forge/bridge invoke + 28-row @atlaskit/dynamic-table, same build (bench/floor)`,
    other: `first load ${kbOf(figures.floor.firstLoadGzipBytes)} gz; open ${ms(figures.floor.openMsMedian)} (median of ${figures.runs})`,
  };
  return [
    floor,
    ...figures.panels.map((f) => ({
      figure: `panel open: ${f.panel} (navigation to content, median of ${figures.runs} cold loads)`,
      other: `first load ${kbOf(f.firstLoadGzipBytes)} gz, ${f.files} files; open ${ms(f.openMsMedian)}${f.floorRatio === null ? '' : ` = ${f.floorRatio.toFixed(2)} × floor`}`,
      targets: verdicts(f)
        .map((v) => `${v.label} ${v.ok === null ? 'n/a' : v.ok ? 'ok' : 'MISSED'}`)
        .join('; '),
    })),
  ];
}

/** The panels' rows, or one row saying the panels are not built. */
export async function bundleRows(): Promise<Row[]> {
  const missing = PANEL_NAMES.filter((panel) => !fs.existsSync(path.join(STATIC, panel, 'build', 'index.html')));
  if (missing.length > 0) return [{ figure: 'panels (Custom UI)', other: `not built: ${missing.join(', ')} (npm run build)` }];
  return panelRows(await measurePanels(OPEN_RUNS));
}
