/**
 * One CSV record (RFC 4180, CRLF-terminated): a field holding a comma, quote or line break is
 * quoted with its quotes doubled; null is an empty field. A field that a spreadsheet would run
 * as a formula (starting with =, +, -, @, tab or carriage return) gets a leading apostrophe, so
 * that a value someone typed (a display name, a record id) cannot execute when the file is opened.
 */
export function csvLine(fields: readonly (string | null)[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

function csvField(value: string | null): string {
  if (value === null) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
