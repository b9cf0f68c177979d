import { refuse } from '../domain/errors';

/**
 * RFC 4180 CSV as spreadsheets write it: comma separated, fields optionally quoted with "", a doubled quote inside a
 * quoted field, CRLF or LF line ends, a UTF-8 byte order mark tolerated. No CSV library is among the app's packages,
 * and this is the whole grammar.
 */
export interface CsvRow {
  /** The line the row starts on, 1 for the header: what a spreadsheet shows as its row number. */
  line: number;
  cells: string[];
}

export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let startsOn = 1;
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteOpenedOn = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push({ line: startsOn, cells: row });
    row = [];
  };
  for (; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') refuse('csvFormat', `line ${line}: a closing quote must end its field (found ${JSON.stringify(next)} after it)`, { field: `line ${line}` });
      } else {
        if (c === '\n') line += 1;
        field += c;
      }
    } else if (c === '"') {
      if (field !== '') refuse('csvFormat', `line ${line}: a quote inside an unquoted field; quote the whole field and double the quote ("")`, { field: `line ${line}` });
      quoted = true;
      quoteOpenedOn = line;
    } else if (c === ',') {
      endField();
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
      startsOn = line;
    } else {
      field += c;
    }
  }
  if (quoted) refuse('csvFormat', `line ${quoteOpenedOn}: a quoted field is never closed`, { field: `line ${quoteOpenedOn}` });
  if (field !== '' || row.length > 0) endRow();
  // Blank lines (a trailing newline, an empty line between rows) hold no data.
  return rows.filter((r) => !(r.cells.length === 1 && r.cells[0]!.trim() === ''));
}
