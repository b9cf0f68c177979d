/** The bench's long-lived plans (bench/integrity.ts), made small: every write it makes must still be one the app accepts. */
process.env.BENCH_NO_GO_CYCLES = '2';
process.env.BENCH_TOGGLES = '10';
process.env.BENCH_DOCUMENTS = '10';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { integrityRow } = require('../../bench/integrity') as typeof import('../../bench/integrity');

jest.setTimeout(60_000);

test('integrityRow drives No-Go cycles, toggles and document records through the resolvers, every write accepted', async () => {
  const row = await integrityRow();
  expect(row.targets).toMatch(/^every write accepted ok; /);
  expect(row.targets).not.toMatch(/MISSED/);
});
