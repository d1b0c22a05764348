import type { Db } from "@/db/connect";
import type { ProjectSettings } from "@/db/schema/projects";
import { getHashKey } from "@/lib/projects/secrets";
import { eventNameCap } from "../event-names";
import { prepareMessages } from "../prepare";
import { IssueCounter } from "../quality";
import { writeEvents } from "../write-events";
import type { SourceRecord } from "./sources";

export type ImportSummary = {
  lines: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Rejections by code. */
  reasons: Record<string, number>;
  /** The first few rejected lines, to fix the file. */
  examples: { line: number; code: string; message: string }[];
};

const BATCH = 1_000;
const EXAMPLES = 10;

/**
 * Streams records into a project through the same path as HTTP ingestion (limits, normalization,
 * PII rules, name cap, exactly-once writer), a batch at a time: memory stays constant whatever the
 * file size. Unlike HTTP ingestion, history of any age is accepted (an admin runs the importer)
 * unless `oldestMs` says otherwise.
 */
export async function importRecords(
  db: Db,
  project: { id: number; settings: ProjectSettings },
  records: AsyncIterable<SourceRecord>,
  onBatch?: (summary: ImportSummary) => void,
  oldestMs: number | null = null,
): Promise<ImportSummary> {
  const privacy = { settings: project.settings, hashKey: await getHashKey(db, project.id) };
  const admitNames = eventNameCap(db, project.id);
  const summary: ImportSummary = { lines: 0, accepted: 0, duplicates: 0, rejected: 0, reasons: {}, examples: [] };
  const reject = (line: number, code: string, message: string) => {
    summary.rejected++;
    summary.reasons[code] = (summary.reasons[code] ?? 0) + 1;
    if (summary.examples.length < EXAMPLES) summary.examples.push({ line, code, message });
  };
  let batch: { line: number; message: unknown }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const receivedAtMs = Date.now();
    const issues = new IssueCounter();
    const { events, rejected } = await prepareMessages(
      batch.map((r) => r.message),
      { receivedAtMs, privacy, issues, oldestMs, admitNames },
    );
    for (const r of rejected) reject(batch[r.index]?.line ?? 0, r.code, r.message);
    const result = await writeEvents(db, project.id, events);
    summary.accepted += result.accepted;
    summary.duplicates += result.duplicates;
    if (result.duplicates > 0) issues.add("", "duplicate", result.duplicates);
    issues.addMergesRefused(events, result);
    issues.addSuppressed(events, result);
    for (const index of result.suppressed ?? []) {
      reject(batch[index]?.line ?? 0, "suppressed", "names an id of a person deleted with suppression");
    }
    await issues.save(db, project.id, new Date(receivedAtMs).toISOString().slice(0, 10));
    batch = [];
    onBatch?.(summary);
  };
  for await (const record of records) {
    summary.lines++;
    if ("error" in record) reject(record.line, "invalid_line", record.error);
    else batch.push(record);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return summary;
}
