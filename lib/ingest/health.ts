import { sql } from "drizzle-orm";
import { type Db, recordset, rows } from "@/db/connect";

/**
 * Upper bounds (ms) of the answer-time buckets counted per minute; the last is everything slower.
 * Quantiles are read from them by linear interpolation inside a bucket, as Prometheus'
 * histogram_quantile does (lib/analytics/data-quality/ingestion-health.ts).
 */
export const LATENCY_BUCKETS_MS = [10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 2_000, 5_000, 10_000] as const;

/** How often a process appends its counts (lib/startup.ts): the page is at most this late. */
export const HEALTH_FLUSH_MS = 10_000;

/** Counts a failed flush keeps for the next one: those the page could still show. */
const KEPT_UNFLUSHED_MS = 3_600_000;

/** How long the per-minute rows are kept (the page shows the last hour; a week allows a look back). */
export const HEALTH_KEPT_DAYS = 7;

type Minute = {
  projectId: number;
  minute: number;
  requests: number;
  events: number;
  refused: Map<string, number>;
  latency: number[];
  queueMax: number;
};

/**
 * Ingestion's own health (docs/data-quality.md#ingestion-health): every write-key request a process
 * answers is counted in memory per project and minute — stored or refused (by error code), its
 * answer time, and how many events were waiting for a writer when it arrived — and the minutes are
 * appended to `ingest_minutes` every few seconds (scheduled in lib/startup.ts): readers sum the
 * rows, so several processes add up without contending on one. Best effort by design: a failed
 * flush keeps its counts for the next (up to an hour old), a `kill -9` loses the seconds since the
 * last flush; the events themselves are never at stake.
 */
export class IngestHealth {
  private readonly minutes = new Map<string, Minute>();

  /** A request that reached the writer: `events` stored (duplicates excluded), answered in `ms`. */
  stored(projectId: number, events: number, ms: number, queued: number, at = Date.now()): void {
    const m = this.minuteOf(projectId, at);
    m.requests++;
    m.events += events;
    const bucket = bucketOf(ms);
    m.latency[bucket] = (m.latency[bucket] ?? 0) + 1;
    m.queueMax = Math.max(m.queueMax, queued);
  }

  /** A request of the project refused with `code` (its API error code: rate_limited, invalid_body…). */
  refused(projectId: number, code: string, at = Date.now()): void {
    const m = this.minuteOf(projectId, at);
    m.refused.set(code, (m.refused.get(code) ?? 0) + 1);
  }

  /** Appends what was counted since the last flush to ingest_minutes; returns the rows written. */
  async flush(db: Db): Promise<number> {
    if (this.minutes.size === 0) return 0;
    const taken = [...this.minutes.values()].sort((a, b) => a.projectId - b.projectId || a.minute - b.minute);
    this.minutes.clear();
    const payload = taken.map((m) => ({
      p: m.projectId,
      m: new Date(m.minute).toISOString(),
      r: m.requests,
      e: m.events,
      f: Object.fromEntries([...m.refused].sort(([a], [b]) => (a < b ? -1 : 1))),
      l: LATENCY_BUCKETS_MS.map((_, i) => m.latency[i] ?? 0).concat(m.latency[LATENCY_BUCKETS_MS.length] ?? 0),
      q: m.queueMax,
    }));
    try {
      await db.execute(sql`insert into ingest_minutes (project_id, minute, requests, events, refused, latency, queue_max)
      select p, m, r, e, f, l, q
      from ${recordset(payload)} as x(p int, m timestamptz, r int, e int, f jsonb, l int[], q int)`);
    } catch (error) {
      // Kept for the next flush (the database may be restarting), unless older than the page shows.
      const keepFrom = Date.now() - KEPT_UNFLUSHED_MS;
      for (const m of taken) if (m.minute >= keepFrom) this.merge(m);
      throw error;
    }
    return payload.length;
  }

  private merge(from: Minute): void {
    const m = this.minuteOf(from.projectId, from.minute);
    m.requests += from.requests;
    m.events += from.events;
    for (const [code, n] of from.refused) m.refused.set(code, (m.refused.get(code) ?? 0) + n);
    addCounts(m.latency, from.latency);
    m.queueMax = Math.max(m.queueMax, from.queueMax);
  }

  private minuteOf(projectId: number, at: number): Minute {
    const minute = Math.floor(at / 60_000) * 60_000;
    const key = `${projectId}:${minute}`;
    let m = this.minutes.get(key);
    if (!m) {
      m = { projectId, minute, requests: 0, events: 0, refused: new Map(), latency: [], queueMax: 0 };
      this.minutes.set(key, m);
    }
    return m;
  }
}

/** Adds `counts` into `into`, bucket by bucket (answer-time histograms). */
export function addCounts(into: number[], counts: readonly number[]): number[] {
  counts.forEach((n, i) => {
    into[i] = (into[i] ?? 0) + (n ?? 0);
  });
  return into;
}

function bucketOf(ms: number): number {
  const i = LATENCY_BUCKETS_MS.findIndex((bound) => ms <= bound);
  return i === -1 ? LATENCY_BUCKETS_MS.length : i;
}

/** Forgets the minutes older than HEALTH_KEPT_DAYS; returns how many. */
export async function pruneIngestHealth(db: Db, days = HEALTH_KEPT_DAYS): Promise<number> {
  const deleted = await rows(
    db,
    sql`delete from ingest_minutes where minute < now() - make_interval(days => ${days}) returning 1 as n`,
  );
  return deleted.length;
}

// One recorder per process (kept on globalThis across dev hot reloads, like the write queue).
const holder = globalThis as unknown as { loupeIngestHealth?: IngestHealth };

export function ingestHealth(): IngestHealth {
  holder.loupeIngestHealth ??= new IngestHealth();
  return holder.loupeIngestHealth;
}
