import { createHash } from "node:crypto";
import fs from "node:fs";
import readline from "node:readline";
import { parse } from "csv-parse";

/** One line of an import file: a Segment message, or why the line is not one. */
export type SourceRecord = { line: number; message: unknown } | { line: number; error: string };

export type CsvMapping = {
  userColumn: string;
  eventColumn: string;
  timestampColumn: string;
  anonymousColumn?: string;
  /** Columns copied into properties; default: every column not mapped above. */
  propertyColumns?: string[];
};

export const defaultCsvMapping: CsvMapping = {
  userColumn: "user_id",
  eventColumn: "event",
  timestampColumn: "timestamp",
};

/** A stream that counts the bytes read, for the progress bar. */
export function openCounted(path: string) {
  const stream = fs.createReadStream(path);
  return { stream, bytesRead: () => stream.bytesRead, size: fs.statSync(path).size };
}

/** NDJSON: one Segment message per line (blank lines skipped). */
export async function* readNdjson(stream: NodeJS.ReadableStream): AsyncGenerator<SourceRecord> {
  let line = 0;
  for await (const text of readline.createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (text.trim() === "") continue;
    try {
      yield { line, message: withStableId(JSON.parse(text)) };
    } catch {
      yield { line, error: "not valid JSON" };
    }
  }
}

/** CSV with a header row; each row becomes a `track` message through the column mapping. */
export async function* readCsv(stream: NodeJS.ReadableStream, mapping: CsvMapping): AsyncGenerator<SourceRecord> {
  const parser = stream.pipe(parse({ columns: true, skip_empty_lines: true, relax_column_count: true, bom: true }));
  const mapped = new Set([mapping.userColumn, mapping.eventColumn, mapping.timestampColumn, mapping.anonymousColumn]);
  let line = 1;
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    line++;
    if (line === 2) {
      const missing = [mapping.eventColumn, mapping.timestampColumn].filter((c) => !(c in row));
      if (missing.length > 0)
        throw new Error(`the CSV has no column ${missing.join(", ")} (see --event-column, --timestamp-column)`);
      // Without either identity column every row would be refused, one by one.
      if (!(mapping.userColumn in row) && !(mapping.anonymousColumn && mapping.anonymousColumn in row)) {
        throw new Error(`the CSV has no column ${mapping.userColumn} (see --user-column, --anonymous-column)`);
      }
    }
    const columns = mapping.propertyColumns ?? Object.keys(row).filter((c) => !mapped.has(c));
    const properties = Object.fromEntries(
      columns.filter((c) => row[c] !== undefined && row[c] !== "").map((c) => [c, row[c]]),
    );
    yield {
      line,
      message: withStableId({
        type: "track",
        event: row[mapping.eventColumn],
        userId: row[mapping.userColumn] || undefined,
        anonymousId: mapping.anonymousColumn ? row[mapping.anonymousColumn] || undefined : undefined,
        timestamp: row[mapping.timestampColumn],
        properties,
      }),
    };
  }
}

/**
 * A message without messageId gets one derived from its content, so importing the same file
 * again (or resuming after an interruption) stores nothing twice.
 */
function withStableId(message: unknown): unknown {
  if (message === null || typeof message !== "object" || Array.isArray(message)) return message;
  const record = message as Record<string, unknown>;
  if (typeof record.messageId === "string" && record.messageId) return record;
  const digest = createHash("sha256").update(JSON.stringify(record)).digest("hex").slice(0, 32);
  return { ...record, messageId: `import-${digest}` };
}
