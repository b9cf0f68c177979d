import { parse } from 'csv-parse/sync';
import { csvField, describeChange, HISTORY_COLUMNS, historyCsv, historyFileName, toCsv } from '../../static/shared/csv';
import type { HistoryEntryView } from '../../src/app/history';

const entry = (seq: number, overrides: Partial<HistoryEntryView> = {}): HistoryEntryView => ({
  planId: 'plan-1',
  seq,
  at: `2026-11-23T09:0${seq}:00.000Z`,
  actor: { accountId: 'acc-pm', role: 'IQVIA PM' },
  action: 'complete',
  step: seq,
  attempt: 1,
  before: { status: 'todo' },
  after: { status: 'done' },
  reason: null,
  sentence: `Paula PM completed stage ${seq}.`,
  who: 'Paula PM',
  actedByTheApp: false,
  as: 'IQVIA PM',
  source: 'plan',
  ...overrides,
});

/** What a spreadsheet would read back, by csv-parse (the reader the environment import uses). */
function parseCsv(text: string): string[][] {
  return parse(text, { record_delimiter: '\r\n', relax_column_count: true });
}

describe('csvField', () => {
  it('leaves plain text alone', () => {
    expect(csvField('stage 12 done')).toBe('stage 12 done');
    expect(csvField(42)).toBe('42');
  });
  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "no"')).toBe('"say ""no"""');
    expect(csvField('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });
  it('writes null and undefined as empty, objects as JSON', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
  });
  it.each(['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tcmd'])('neutralises a formula: %j', (text) => {
    const out = csvField(text);
    const [[read]] = parseCsv(`${out}\r\n`) as [[string]];
    expect(read.startsWith("'")).toBe(true);
    expect(read.slice(1)).toBe(text);
  });
});

describe('toCsv', () => {
  it('ends every row with CRLF and round-trips through a CSV reader', () => {
    const rows = [['a', 'b, c'], ['"q"', 'multi\nline'], ['', 'x']];
    const text = toCsv(rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(4);
    expect(parseCsv(text)).toEqual(rows);
  });
});

describe('historyCsv', () => {
  test('has a header and one row per entry, oldest first whatever the input order, environment changes interleaved by time', () => {
    const terminated = entry(7, { at: '2026-11-23T09:01:30.000Z', source: 'environments', planId: 'registry:1', action: 'instance terminated', sentence: 'Eric Engineer terminated VAL MAIN #1 (it ran 24.2) for stage 6 of this plan.' });
    const rows = parseCsv(historyCsv([entry(2), terminated, entry(1)]));
    expect(rows[0]).toEqual([...HISTORY_COLUMNS]);
    expect(rows.slice(1).map((r) => [r[7], r[8]])).toEqual([
      ['Plan', '1'],
      ['Environments', '7'],
      ['Plan', '2'],
    ]);
  });
  test('who by name and by account id, the sentence, then the entry as kept: when (UTC), before → after and why', () => {
    const rows = parseCsv(historyCsv([entry(1, { action: 'skip', reason: 'Not needed, "agreed" with customer', after: { status: 'skipped', reason: 'x' }, sentence: 'Paula PM skipped stage 1: Not needed, "agreed" with customer.' })]));
    expect(rows[1]).toEqual(['2026-11-23T09:01:00.000Z', 'Paula PM', 'acc-pm', 'IQVIA PM', 'Paula PM skipped stage 1: Not needed, "agreed" with customer.', '1', '1', 'Plan', '1', 'skip', 'status: todo', 'status: skipped; reason: x', 'Not needed, "agreed" with customer']);
  });
  test("the app's own entry says the app; a person Jira does not know keeps their account id", () => {
    const rows = parseCsv(historyCsv([entry(1, { who: 'The app', actedByTheApp: true, actor: { accountId: 'acc-sup', role: 'App' }, as: 'the app, on a change in Jira' }), entry(2, { who: null, actor: { accountId: 'acc-gone', role: 'IQVIA PM' } })]));
    expect(rows.slice(1).map((r) => r.slice(1, 4))).toEqual([
      ['The app', 'acc-sup', 'the app, on a change in Jira'],
      ['not known to Jira', 'acc-gone', 'IQVIA PM'],
    ]);
  });
  test('writes a plan-level entry with an empty stage and no before', () => {
    const rows = parseCsv(historyCsv([entry(1, { step: null, before: null, action: 'create plan' })]));
    expect(rows[1]![5]).toBe('');
    expect(rows[1]![10]).toBe('');
  });
  test('a sentence or reason a spreadsheet would run as a formula is neutralised, and round-trips otherwise', () => {
    const rows = parseCsv(historyCsv([entry(1, { reason: '=HYPERLINK("http://x")', sentence: '@SUM(A1) said Paula PM.', who: '+Paula' })]));
    expect([rows[1]![1], rows[1]![4], rows[1]![12]]).toEqual(["'+Paula", "'@SUM(A1) said Paula PM.", '\'=HYPERLINK("http://x")']);
  });
});

describe('describeChange', () => {
  it('lists fields, dropping undefined ones (a removed backup reference) and showing null as a dash', () => {
    expect(describeChange({ status: 'done', reference: undefined, owner: null, stages: { 13: 'done' } })).toBe('status: done; owner: —; stages: {"13":"done"}');
    expect(describeChange(null)).toBe('');
  });
});

describe('historyFileName', () => {
  it('names the ticket and the day, and drops characters a file name should not carry', () => {
    expect(historyFileName('FHSD-12', new Date('2027-03-01T23:00:00Z'))).toBe('FHSD-12-upgrade-history-2027-03-01.csv');
    expect(historyFileName('../x/y', new Date('2027-03-01T00:00:00Z'))).toBe('xy-upgrade-history-2027-03-01.csv');
    expect(historyFileName('', new Date('2027-03-01T00:00:00Z'))).toBe('plan-upgrade-history-2027-03-01.csv');
  });
});
