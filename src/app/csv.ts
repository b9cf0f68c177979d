import { CsvError, parse } from 'csv-parse/sync';
import { refuse } from '../domain/errors';

/** One record of a CSV file and the line it starts on (1 for the header): what a spreadsheet shows as its row number. */
export interface CsvRow {
  line: number;
  cells: string[];
}

const LINE_BREAK = /\r\n|\n|\r/g;

/**
 * RFC 4180 CSV as spreadsheets write it (comma separated, "" quoting, CRLF or LF line ends, a UTF-8 byte order mark),
 * read by csv-parse; blank lines hold no data. A malformed file is refused naming the line csv-parse stopped at.
 */
export function parseCsv(text: string): CsvRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 1;
    return refuse('csvFormat', `line ${line}: ${error.message.replace(/^[^:]*: /, '')}`, { field: `line ${line}` });
  }
  // info.lines is the line a record ends on; a quoted field may span several.
  return records.map(({ record, info }) => ({ line: info.lines - record.reduce((breaks, cell) => breaks + (cell.match(LINE_BREAK)?.length ?? 0), 0), cells: record }));
}
