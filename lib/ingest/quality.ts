import { sql } from "drizzle-orm";
import { type Db, recordset } from "@/db/connect";
import { eventFlags } from "@/db/schema/events";
import type { NormalizedEvent, WriteResult } from "./types";

/** Counts of issues by (event name, reason) for one batch. */
export class IssueCounter {
  private readonly counts = new Map<string, number>();

  add(event: string, reason: string, n = 1): void {
    const key = JSON.stringify([event, reason]);
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  /** The findings normalization recorded in an event's flags. */
  addFlags(event: NormalizedEvent): void {
    if (event.flags & eventFlags.futureTimestamp) this.add(event.event, "future_timestamp");
    if (event.flags & eventFlags.unparseableTimestamp) this.add(event.event, "unparseable_timestamp");
    if (event.flags & eventFlags.tooOldTimestamp) this.add(event.event, "too_old_timestamp");
    if (event.flags & eventFlags.sanitizedText) this.add(event.event, "sanitized_text");
    if (event.flags & eventFlags.generatedMessageId) this.add(event.event, "missing_message_id");
  }

  /** The stored events whose merge of two identified persons was refused (identity.ts). */
  addMergesRefused(events: NormalizedEvent[], result: WriteResult): void {
    if (result.mergeRefused.length === 0) return;
    const nameAt = new Map(events.map((e) => [e.index, e.event]));
    for (const index of result.mergeRefused) this.add(nameAt.get(index) ?? "", "merge_refused");
  }

  /** The events dropped because they name a deleted person's suppressed id (write-events.ts). */
  addSuppressed(events: NormalizedEvent[], result: WriteResult): void {
    if (!result.suppressed) return;
    const nameAt = new Map(events.map((e) => [e.index, e.event]));
    for (const index of result.suppressed) this.add(nameAt.get(index) ?? "", "suppressed");
  }

  get size(): number {
    return this.counts.size;
  }

  /** Adds the counts to ingest_issues for `day` (UTC date of receipt). */
  async save(db: Db, projectId: number, day: string): Promise<void> {
    if (this.counts.size === 0) return;
    const payload = [...this.counts]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, n]) => {
        const [event, reason] = JSON.parse(key) as [string, string];
        return { e: event, r: reason, n };
      });
    await db.execute(sql`insert into ingest_issues (project_id, day, event, reason, count)
      select ${projectId}, ${day}::date, e, r, n from ${recordset(payload)} as x(e text, r text, n int)
      on conflict (project_id, day, event, reason) do update set count = ingest_issues.count + excluded.count`);
  }
}
