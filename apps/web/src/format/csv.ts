/**
 * CSV for finance's spreadsheets (RFC 4180): every cell quoted where it must be, lines ended with
 * CRLF. Amounts go out as plain decimal numbers beside their currency code, never formatted for a
 * locale, so that a spreadsheet reads them as numbers. A text cell that a spreadsheet would run as
 * a formula (=, +, -, @ …) is defused with a leading apostrophe; numbers are left as they are.
 */
export type CsvCell = string | number | null | undefined;

const NUMBER = /^-?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && !NUMBER.test(text) && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  for (const row of rows) {
    if (row.length !== headers.length) throw new RangeError(`a row has ${row.length} cells for ${headers.length} headers`);
  }
  return [headers, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
