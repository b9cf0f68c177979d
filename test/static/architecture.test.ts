import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every source file of the panels: each panel's src and the shared folder, at any depth. */
const ROOT = join(__dirname, '../..');
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return /\.tsx?$/.test(entry.name) ? [relative(ROOT, path)] : [];
  });
}
const PANEL_SOURCES = [
  ...readdirSync(join(ROOT, 'static'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(join(ROOT, 'static', d.name)).includes('src'))
    .flatMap((d) => sourcesUnder(join(ROOT, 'static', d.name, 'src'))),
  ...sourcesUnder(join(ROOT, 'static/shared')),
];
const source = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** A branch on a particular step, plan kind or phase: the view carries the forms, parts and progress instead. */
const NAMED_PLAYBOOK = [
  /\bnumber\s*[!=]==?\s*\d+|\b\d+\s*[!=]==?\s*[\w.]*\bnumber\b/g, // stage.number === 24
  /\bstage:\s*[1-9]\d*\b/g, // a change or payload for stage 20
  /'(upgrade|prod-go-live|implementation-lifecycle)'/g, // a plan kind's name
  /\bplan\.kind\b|\b(isUpgrade|UPGRADE_KIND|GO_LIVE_KIND|LIFECYCLE_KIND|GO_LIVE_IQ_DOCUMENT)\b/g,
  /\bphase\s*[!=]==?\s*'/g, // stage.phase === 'Day of Upgrade'
  /\bdecideGoNoGo\b/g, // the upgrade's own decision resolver: every decision goes through decideStage
];

/** A ticket kind of one plan kind, as a string the code compares or sends. */
const TICKET_KIND = /'(intent|valRequest|validationIssue|prodRequest|goLive|implementation)'|\b(intent|valRequest|validationIssue|prodRequest|goLive|implementation):/g;

describe('the panels render from the view, not from a playbook they know', () => {
  test('scans every file of static/*/src and static/shared', () => {
    expect(PANEL_SOURCES.length).toBeGreaterThan(40);
    expect(PANEL_SOURCES).toEqual(expect.arrayContaining(['static/shared/dialogs/index.tsx', 'static/issue-panel/src/PlanTables.tsx', 'static/portal-panel/src/PortalPanel.tsx', 'static/settings-page/src/SettingsPage.tsx']));
  });

  test('no file branches on a stage number, a plan kind or a phase name, nor calls a kind\'s own resolver', () => {
    const named = PANEL_SOURCES.map((file) => ({ file, named: NAMED_PLAYBOOK.flatMap((pattern) => source(file).match(pattern) ?? []) })).filter((f) => f.named.length > 0);
    expect(named).toEqual([]);
  });

  test('no file names a ticket kind: the view and the settings answer carry the forms and labels', () => {
    const naming = PANEL_SOURCES.filter((file) => (source(file).replace(/^\s*(\/\/|\/?\*).*$/gm, '').match(TICKET_KIND) ?? []).length > 0);
    expect(naming).toEqual([]);
  });

  test('the patterns catch what they are for', () => {
    const caught = (text: string) => NAMED_PLAYBOOK.some((p) => new RegExp(p.source).test(text));
    expect(["stage.number === 20", "24 === stage.number", "{ stage: 20, type: 'backup' }", "(plan.kind ?? 'upgrade')", "isUpgrade(plan)", "stage.phase === 'Day of Upgrade'", "'decideGoNoGo'"].map(caught)).toEqual([true, true, true, true, true, true, true]);
    expect(["{ stage: 0, type: 'iq' }", "stage.number", "phase.progress.finished", "findStage(plan, number)"].map(caught)).toEqual([false, false, false, false]);
    expect(["{ kind: 'valRequest' }", 'prodRequest: {'].map((t) => new RegExp(TICKET_KIND.source).test(t))).toEqual([true, true]);
  });
});
