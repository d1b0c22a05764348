import type { Db } from "@/db/connect";
import { forgetPartitions, listPartitions } from "@/lib/ingest/partitions";
import { DeleteBudget } from "./budget";
import { dropPartition, projectsIn } from "./partition-drop";
import {
  deleteExpiredEvents,
  deleteHourlyCounts,
  deleteIngestIssues,
  deletePersonDays,
  hasEventsOf,
  type Partition,
} from "./retention-deletes";
import { type RetentionTarget, retentionTargets } from "./retention-targets";

/** What one call did for one project. */
export type ProjectRetention = Omit<RetentionTarget, "cutoffHour" | "cutoffDay" | "cutoffUtcDay"> & {
  /** Whole monthly partitions dropped that held events of this project (their rows are not counted). */
  partitionsDropped: string[];
  /** Expired events deleted row by row (the edge: partitions that could not be dropped). */
  eventsDeleted: number;
  /** Rows deleted from what is derived from events: hourly counts, person days, ingestion issue counts. */
  derivedDeleted: { hourlyCounts: number; personDays: number; ingestIssues: number };
  /** Nothing expired is left; false: call again (the budget ran out, or a drop found `events` busy). */
  done: boolean;
};

export type RetentionReport = { projects: ProjectRetention[]; partitionsDropped: string[] };

export const DEFAULT_MAX_DELETE_ROWS = 100_000;

/**
 * Enforces `settings.retentionDays` of every project (docs/data-lifecycle.md). Order matters, so
 * that a chart never counts an event its drilldown cannot list, even between two calls:
 * 1. what is derived from the expired events goes first — hourly counts of hours before the
 *    cutoff's hour, person_days before its day, ingestion issue counts before its UTC day;
 * 2. then whole partitions, when every project holding rows in one has expired all of it (a
 *    project without retention keeps a month it has rows in) — a catalog operation, whatever the
 *    size;
 * 3. then the edge: the expired rows of partitions that stay, in batches, the cutoff's own hour
 *    folded down in the same statements.
 * Every row deleted (steps 1 and 3) counts against `maxDeleteRows`, spent in batches of at most
 * 10,000 rows, each its own short transaction; projects are served in id order. Running two calls
 * at once is safe (a row is deleted, and counted, once).
 *
 * Kept on purpose: persons, their distinct ids and memberships (a person is not an event; their
 * properties are what identify them), and person_stats, whose first/last seen and event count
 * stay lifetime figures — keeping them exact would mean reading every dropped partition, which
 * is what dropping avoids. The people list may therefore count more events than a timeline shows.
 * Message ids (30-day dedup window, lib/ingest/prune.ts) and the event catalog stay too.
 */
export async function enforceRetention(
  db: Db,
  options: { now?: Date; maxDeleteRows?: number; projectId?: number } = {},
): Promise<RetentionReport> {
  const budget = new DeleteBudget(options.maxDeleteRows ?? DEFAULT_MAX_DELETE_ROWS);
  // One project only (an admin's "run now"): a partition that holds other projects' rows is not
  // theirs to drop, so only partitions holding this project's rows alone can go.
  const targets = (await retentionTargets(db, options.now ?? new Date())).filter(
    (t) => options.projectId === undefined || t.projectId === options.projectId,
  );
  if (targets.length === 0) return { projects: [], partitionsDropped: [] };
  const results = new Map<number, Entry>(
    targets.map((t) => [t.projectId, { target: t, report: emptyReport(t), derivedDone: false }]),
  );

  for (const entry of results.values()) entry.derivedDone = await deleteDerived(db, entry.target, entry.report, budget);

  const { kept, dropped } = await dropExpiredPartitions(db, results);
  for (const { target, report, derivedDone } of results.values()) {
    if (!derivedDone) report.done = false;
    for (const partition of kept) {
      if (Date.parse(partition.from) >= Date.parse(target.cutoff)) continue;
      const wholly = Date.parse(partition.to) <= Date.parse(target.cutoff);
      if (wholly && !budget.spent && !(await hasEventsOf(db, partition, target.projectId))) continue;
      const edge = await budget.drain((limit) => deleteExpiredEvents(db, partition, target, limit));
      report.eventsDeleted += edge.deleted;
      if (!edge.done) report.done = false;
    }
  }
  return { projects: [...results.values()].map((entry) => entry.report), partitionsDropped: dropped };
}

type Entry = { target: RetentionTarget; report: ProjectRetention; derivedDone: boolean };

/**
 * Step 2: drops every partition that holds only events expired for their projects, once their
 * derived rows are gone (an empty one too). Answers the partitions left for step 3: not those a
 * drop found busy, whose rows wait for the next call rather than being deleted one by one.
 */
async function dropExpiredPartitions(db: Db, results: Map<number, Entry>) {
  const kept: Partition[] = [];
  const dropped: string[] = [];
  const latestCutoff = Math.max(...[...results.values()].map((entry) => Date.parse(entry.target.cutoff)));
  const expired = (partition: Partition) => (projectIds: number[]) =>
    projectIds.every((id) => {
      const entry = results.get(id);
      return entry?.derivedDone === true && Date.parse(partition.to) <= Date.parse(entry.target.cutoff);
    });
  for (const partition of await listPartitions(db)) {
    // Only a month that ended before some project's cutoff can be expired for all it holds.
    const candidate = Date.parse(partition.to) <= latestCutoff;
    const present = candidate ? await projectsIn(db, partition) : [];
    const outcome =
      candidate && expired(partition)(present) ? await dropPartition(db, partition, expired(partition)) : "kept";
    if (outcome === "kept") kept.push(partition);
    if (outcome === "dropped") dropped.push(partition.name);
    for (const id of present) {
      const report = results.get(id)?.report;
      if (report && outcome === "dropped") report.partitionsDropped.push(partition.name);
      if (report && outcome === "busy") report.done = false;
    }
  }
  if (dropped.length > 0) forgetPartitions(db);
  return { kept, dropped };
}

/** Step 1 for one project; true when nothing derived from expired events is left. */
async function deleteDerived(db: Db, t: RetentionTarget, report: ProjectRetention, budget: DeleteBudget) {
  const hourly = await budget.drain((limit) => deleteHourlyCounts(db, t, limit));
  const days = await budget.drain((limit) => deletePersonDays(db, t, limit));
  const issues = await budget.drain((limit) => deleteIngestIssues(db, t, limit));
  report.derivedDeleted = { hourlyCounts: hourly.deleted, personDays: days.deleted, ingestIssues: issues.deleted };
  return hourly.done && days.done && issues.done;
}

function emptyReport(t: RetentionTarget): ProjectRetention {
  return {
    projectId: t.projectId,
    slug: t.slug,
    retentionDays: t.retentionDays,
    cutoff: t.cutoff,
    partitionsDropped: [],
    eventsDeleted: 0,
    derivedDeleted: { hourlyCounts: 0, personDays: 0, ingestIssues: 0 },
    done: true,
  };
}
