import { parseCsv } from '../../src/app/csv';
import { PlanRefusal } from '../../src/domain/errors';

describe('parseCsv', () => {
  test('reads quoted fields, doubled quotes and line breaks inside quotes, and numbers each record by the line it starts on', () => {
    const text = '\ufefforganization,kind\r\n"Acme, Inc.","PROD"\r\n\r\n"Beta ""R""",VAL\n"Gamma\nGroup",Demo\nDelta,Sandbox\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['organization', 'kind'] },
      { line: 2, cells: ['Acme, Inc.', 'PROD'] },
      { line: 4, cells: ['Beta "R"', 'VAL'] },
      { line: 5, cells: ['Gamma\nGroup', 'Demo'] },
      { line: 7, cells: ['Delta', 'Sandbox'] },
    ]);
  });

  test('a row may have fewer cells than the header: the import names the missing column, not the parser', () => {
    expect(parseCsv('a,b,c\r\nx\r\n').map((r) => r.cells)).toEqual([['a', 'b', 'c'], ['x']]);
  });

  test.each([
    ['a quote never closed', 'organization,kind\r\n"Acme,Demo\r\n'],
    ['a quote inside an unquoted field', 'organization,kind\r\nAc"me,Demo\r\n'],
  ])('refuses %s with rule csvFormat, naming the line', (_what, text) => {
    let refusal: unknown;
    try {
      parseCsv(text);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(PlanRefusal);
    expect(refusal).toMatchObject({ rule: 'csvFormat', field: expect.stringMatching(/^line \d+$/) });
  });
});
