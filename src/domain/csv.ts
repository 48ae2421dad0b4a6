/**
 * CSV as RFC 4180 writes it (CRLF line ends; a cell with a quote, comma, CR or LF is quoted, quotes
 * doubled), safe to open in a spreadsheet: a text cell starting with = + - @, a tab or a CR is
 * prefixed with an apostrophe so it is shown as text instead of run as a formula (OWASP "CSV
 * injection"). Numbers are written as they are, so a figure stays a figure.
 */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
