/**
 * Rows in COPY's text format (https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.2):
 * columns separated by tabs, rows ended by newlines, `\N` for null, and backslash, tab, newline
 * and carriage return escaped with a backslash inside values. Values are written with `String()`:
 * numbers and bigints as digits, timestamps as the ISO text the caller holds, JSON as its text.
 * (NUL cannot be stored in text or jsonb: ingestion removes it first, lib/ingest/sanitize.ts.)
 */
export function copyText(rows: readonly (readonly unknown[])[]): string {
  const lines: string[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as readonly unknown[];
    const fields: string[] = new Array(row.length);
    for (let c = 0; c < row.length; c++) fields[c] = copyField(row[c]);
    lines[r] = fields.join("\t");
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function copyField(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text = typeof value === "string" ? value : String(value);
  // Most values have nothing to escape: one test instead of a replace.
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string) : text;
}
