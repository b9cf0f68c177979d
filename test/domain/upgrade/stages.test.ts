import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROLES } from '../../../src/domain/roles';
import { GO, NO_GO, STAGES_RESTARTED_BY_NO_GO, UPGRADE_PHASES, UPGRADE_STAGES } from '../../../src/domain/upgrade/stages';
import { normaliseSeedText } from './fixtures';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const SEED_FILE = '002_4e155b4f189c5b0f.txt';
const seedPath = [process.env.SEEDS_DIR, resolve(REPO_ROOT, '..', 'shared', 'seeds')]
  .filter((dir): dir is string => Boolean(dir))
  .map((dir) => resolve(dir, SEED_FILE))
  .find((file) => existsSync(file));
const seed = seedPath ? readFileSync(seedPath, 'utf8') : undefined;

const stage = (n: number) => UPGRADE_STAGES.find((s) => s.number === n)!;

describe('the 28 stages as data', () => {
  test('stages are numbered 1..28, in order, once each', () => {
    expect(UPGRADE_STAGES.map((s) => s.number)).toEqual(Array.from({ length: 28 }, (_, i) => i + 1));
  });

  test('phases: Preparation 1–7, Validation 8–12, Prep for Upgrade 13–16, Day of Upgrade 17–28', () => {
    const phaseOf = (n: number) => UPGRADE_PHASES.find((p) => p.id === stage(n).phase)!.name;
    const expected = (n: number) => (n <= 7 ? 'Preparation' : n <= 12 ? 'Validation' : n <= 16 ? 'Prep for Upgrade' : 'Day of Upgrade');
    for (let n = 1; n <= 28; n += 1) expect([n, phaseOf(n)]).toEqual([n, expected(n)]);
    expect(UPGRADE_PHASES.map((p) => p.name)).toEqual(['Preparation', 'Validation', 'Prep for Upgrade', 'Day of Upgrade']);
  });

  test('phase lengths: the seed\'s words; Prep for Upgrade is agreed in discussion (the PM dates it), the Day of Upgrade is on the slot', () => {
    expect(UPGRADE_PHASES.map((p) => p.expectedLength)).toEqual([
      'One-two weeks',
      'Three months (depending on the scope and approach taken by the customer)',
      'Time required requires discussion',
      'Hours',
    ]);
    expect(UPGRADE_PHASES.map((p) => p.workingDays)).toEqual([10, 65, null, null]);
    expect(UPGRADE_PHASES.map((p) => [p.id, 'plannedBy' in p ? p.plannedBy : null, 'onSlot' in p ? p.onSlot : false])).toEqual([
      ['preparation', null, false],
      ['validation', null, false],
      ['prep-for-upgrade', ['IQVIA PM'], false],
      ['day-of-upgrade', null, true],
    ]);
  });

  test('responsible roles; stage 14 has three', () => {
    expect(stage(14).roles).toEqual(['IQVIA PM', 'IQVIA Engineer', 'Solution Specialist']);
    const single = UPGRADE_STAGES.filter((s) => s.number !== 14);
    for (const s of single) expect(s.roles).toHaveLength(1);
    for (const s of UPGRADE_STAGES) for (const role of s.roles) expect(ROLES).toContain(role);
    const byRole = (role: string) => UPGRADE_STAGES.filter((s) => s.roles.includes(role as never)).map((s) => s.number);
    expect(byRole('Customer')).toEqual([1, 2, 5, 8, 9, 10, 12, 13, 17, 18, 19, 23, 24, 27, 28]);
    expect(byRole('IQVIA PM')).toEqual([3, 4, 7, 14, 16]);
    expect(byRole('IQVIA Engineer')).toEqual([6, 14, 15, 20, 21, 22, 25, 26]);
    expect(byRole('IQVIA Support')).toEqual([11]);
    expect(byRole('Solution Specialist')).toEqual([14]);
  });

  test('requires only earlier stages; the Day of Upgrade chain', () => {
    for (const s of UPGRADE_STAGES) for (const r of s.requires) expect(r).toBeLessThan(s.number);
    expect(stage(12).requires).toEqual([9, 11]);
    expect(stage(13).requires).toEqual([12]);
    expect(stage(17).requires).toEqual([16]);
    expect(stage(18).requires).toEqual([16]);
    expect(stage(19).requires).toEqual([17, 18]);
    for (let n = 20; n <= 28; n += 1) expect(stage(n).requires).toEqual([n - 1]);
  });

  test('stage 24 is the only decision: Go, and No-Go with a reason, restarting Prep for Upgrade and the Day of Upgrade', () => {
    expect(UPGRADE_STAGES.filter((s) => s.decision).map((s) => s.number)).toEqual([24]);
    const [go, noGo] = stage(24).decision!.options;
    expect(go).toMatchObject({ id: GO, reasonRequired: false });
    expect(go!.restartsSteps).toBeUndefined();
    expect(noGo).toMatchObject({ id: NO_GO, reasonRequired: true });
    expect(noGo!.restartsSteps).toEqual(STAGES_RESTARTED_BY_NO_GO);
    expect([...STAGES_RESTARTED_BY_NO_GO]).toEqual([14, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(noGo!.consequence).toContain('under an hour');
  });

  test('exact copy of a few stages (word for word, as the seed gives them)', () => {
    expect(stage(2).activity).toBe('Expresses intent to upgrade ClinSpark to IQVIA team');
    expect(stage(20).activity).toBe('Take backup of Prod MAIN and TEST - should rollback be required');
    expect(stage(23).notes).toBe('3-5 hours?');
    expect(stage(24).activity).toBe('Go / No-Go decision');
    expect(stage(2).notes).toContain('Note: Sandbox environments are out of the scope of standard upgrade cycles, as they are only normally provided during initial onboarding periods.');
    expect(stage(6).notes).toContain('int he VAL environment'); // the seed's typo is the product's copy
  });
});

(seed ? describe : describe.skip)(`stage text against the seed (${SEED_FILE})`, () => {
  const text = seed ?? '';
  const normalised = normaliseSeedText(text);
  /** The seed's rows: each starts a line with "<stage> | ". */
  const rows = new Map<number, string>();
  const starts = [...text.matchAll(/^(\d{1,2}) \| /gm)];
  starts.forEach((m, i) => rows.set(Number(m[1]), normaliseSeedText(text.slice(m.index, starts[i + 1]?.index ?? text.length))));

  test('the seed has 28 rows, numbered 1..28', () => {
    expect([...rows.keys()]).toEqual(Array.from({ length: 28 }, (_, i) => i + 1));
  });

  test.each(UPGRADE_STAGES.map((s) => [s.number, s] as const))('stage %i: activity and notes appear in its own row of the seed', (_n, s) => {
    const row = rows.get(s.number)!;
    expect(row).toContain(normaliseSeedText(s.activity));
    if (s.notes) expect(row).toContain(normaliseSeedText(s.notes));
  });

  test.each(UPGRADE_STAGES.map((s) => [s.number, s] as const))('stage %i: its responsible party is the seed\'s', (_n, s) => {
    const row = rows.get(s.number)!;
    const responsible = s.number === 14 ? 'IQVIA PM / Engineer / Solution Specialist' : s.roles[0]!;
    const at = row.indexOf(responsible);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(row.indexOf(normaliseSeedText(s.activity)));
  });

  test('phase headings and lengths appear in the seed', () => {
    for (const p of UPGRADE_PHASES) expect(normalised).toContain(normaliseSeedText(`${p.name}${p.expectedLength}`));
  });

  test('strings that need no normalising are found verbatim', () => {
    for (const n of [1, 3, 7, 20, 21, 24, 25, 28]) expect(text).toContain(stage(n).activity);
    for (const n of [1, 7, 12, 18, 24]) expect(text).toContain(stage(n).notes);
    expect(text).toContain('We cannot guarantee that older dashboards and reports / exports remain forward compatible with newer versions of ClinSpark.');
  });
});
