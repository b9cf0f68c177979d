/**
 * Loaded by a panel's index.html as a classic async script, so it runs while the panel's bundle still downloads: the
 * first zone-aware Intl.DateTimeFormat of a page loads the browser's locale and time-zone data (tens of milliseconds,
 * measured by scripts/panel-figures.ts), which would otherwise fall inside the panel's first render, where every
 * instant is shown in the reader's zone (time.ts). The same formatting code, once, on a fixed instant.
 */
import { browserZone, formatInstant } from './time';

formatInstant('2026-01-01T00:00:00.000Z', browserZone());
