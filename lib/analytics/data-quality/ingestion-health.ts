import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import { addCounts, HEALTH_FLUSH_MS, LATENCY_BUCKETS_MS } from "@/lib/ingest/health";

const MINUTE = 60_000;
/** The window: the last 60 minutes, the current one (still counting) last. */
const MINUTES = 60;
/** What "falling behind" means, over the last RECENT_MINUTES (docs/data-quality.md#ingestion-health). */
export const FALLING_BEHIND = { recentMinutes: 5, p95Ms: 1_000, queueEvents: 10_000 } as const;
/** Refusals that are the server's doing, not the sender's. */
const SERVER_REFUSALS = new Set(["database_unavailable", "internal_error"]);

export type IngestionMinute = {
  t: string;
  requests: number;
  events: number;
  eventsPerSecond: number;
  refused: number;
  p95Ms: number | null;
  queueMax: number;
  /** The current minute: counted so far (and up to HEALTH_FLUSH_MS late). */
  partial: boolean;
};
export type IngestionHealth = {
  window: { from: string; to: string };
  /** `idle`: no request in the window; `falling_behind`: a concern in the last minutes (below). */
  status: "idle" | "healthy" | "falling_behind";
  concerns: string[];
  requests: number;
  events: number;
  eventsPerSecond: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  queueMax: number;
  refused: number;
  refusedByCode: { code: string; count: number }[];
  minutes: IngestionMinute[];
  /** How late the figures may be: each process writes its counts this often. */
  flushSeconds: number;
};

type Row = {
  minute: string;
  requests: number;
  events: number;
  refused: Record<string, number>;
  latency: number[];
  queue_max: number;
};

/**
 * Ingestion's own health over the last hour before `now` (lib/ingest/health.ts writes the rows):
 * events/s, answer-time quantiles, the writer's queue and refused requests, per minute and in all.
 */
export async function readIngestionHealth(db: Db, projectId: number, now: Date): Promise<IngestionHealth> {
  const current = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const from = current - (MINUTES - 1) * MINUTE;
  const found = await rows<Row>(
    db,
    sql`select minute, requests, events, refused, latency, queue_max from ingest_minutes
        where project_id = ${projectId} and minute >= ${new Date(from).toISOString()}
          and minute <= ${new Date(current).toISOString()}`,
  );
  return toIngestionHealth(found, from, now);
}

/** The rows of the window (any order, several per minute) → the figures. Pure: tested apart. */
export function toIngestionHealth(found: Row[], from: number, now: Date): IngestionHealth {
  const slots = Array.from({ length: MINUTES }, (_, i) => ({
    start: from + i * MINUTE,
    requests: 0,
    events: 0,
    refused: 0,
    /** Of them, the server's own failures (SERVER_REFUSALS). */
    failed: 0,
    latency: [] as number[],
    queueMax: 0,
  }));
  const refusedByCode = new Map<string, number>();
  for (const row of found) {
    const slot = slots[Math.round((Date.parse(row.minute) - from) / MINUTE)];
    if (!slot) continue;
    slot.requests += row.requests;
    slot.events += row.events;
    slot.queueMax = Math.max(slot.queueMax, row.queue_max);
    addCounts(slot.latency, row.latency);
    for (const [code, n] of Object.entries(row.refused)) {
      slot.refused += n;
      if (SERVER_REFUSALS.has(code)) slot.failed += n;
      refusedByCode.set(code, (refusedByCode.get(code) ?? 0) + n);
    }
  }
  const seconds = (slot: (typeof slots)[number]) => Math.max(1, Math.min(MINUTE, now.getTime() - slot.start) / 1000);
  const minutes = slots.map((slot, i) => ({
    t: new Date(slot.start).toISOString(),
    requests: slot.requests,
    events: slot.events,
    eventsPerSecond: rate(slot.events / seconds(slot)),
    refused: slot.refused,
    p95Ms: latencyQuantile(slot.latency, 0.95),
    queueMax: slot.queueMax,
    partial: i === MINUTES - 1,
  }));
  const sum = (pick: (slot: (typeof slots)[number]) => number, of = slots) => of.reduce((n, s) => n + pick(s), 0);
  const merged = mergeLatency(slots.map((s) => s.latency));
  const requests = sum((s) => s.requests);
  const refused = sum((s) => s.refused);
  const events = sum((s) => s.events);
  const recent = slots.slice(-FALLING_BEHIND.recentMinutes);
  const concerns = concernsOf(recent);
  return {
    window: { from: new Date(from).toISOString(), to: now.toISOString() },
    status: requests + refused === 0 ? "idle" : concerns.length > 0 ? "falling_behind" : "healthy",
    concerns,
    requests,
    events,
    eventsPerSecond: rate(events / sum(seconds)),
    latencyMs: {
      p50: latencyQuantile(merged, 0.5),
      p95: latencyQuantile(merged, 0.95),
      p99: latencyQuantile(merged, 0.99),
    },
    queueMax: Math.max(0, ...slots.map((s) => s.queueMax)),
    refused,
    refusedByCode: [...refusedByCode]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1)),
    minutes,
    flushSeconds: HEALTH_FLUSH_MS / 1000,
  };

  function concernsOf(recentSlots: typeof slots): string[] {
    const list: string[] = [];
    const p95 = latencyQuantile(mergeLatency(recentSlots.map((s) => s.latency)), 0.95);
    if (p95 !== null && p95 > FALLING_BEHIND.p95Ms) {
      list.push(`answers slow: p95 ${Math.round(p95)} ms over the last ${FALLING_BEHIND.recentMinutes} minutes`);
    }
    const queue = Math.max(0, ...recentSlots.map((s) => s.queueMax));
    if (queue >= FALLING_BEHIND.queueEvents) list.push(`${queue.toLocaleString("en")} events waiting for the writer`);
    const failed = recentSlots.reduce((n, s) => n + s.failed, 0);
    if (failed > 0) list.push(`${failed} requests failed on the server's side (database unavailable or an error)`);
    return list;
  }
}

/**
 * A quantile of answer times counted in LATENCY_BUCKETS_MS buckets, interpolated linearly inside
 * its bucket (as Prometheus' histogram_quantile); the last, open bucket answers its lower bound.
 * null when nothing was counted.
 */
export function latencyQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((n, c) => n + (c ?? 0), 0);
  if (total === 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i <= LATENCY_BUCKETS_MS.length; i++) {
    const n = counts[i] ?? 0;
    const lower = i === 0 ? 0 : (LATENCY_BUCKETS_MS[i - 1] as number);
    if (n > 0 && below + n >= rank) {
      const upper = LATENCY_BUCKETS_MS[i];
      if (upper === undefined) return lower;
      return round(lower + ((upper - lower) * (rank - below)) / n);
    }
    below += n;
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1] as number;
}

function mergeLatency(all: number[][]): number[] {
  return all.reduce((merged, counts) => addCounts(merged, counts), []);
}

/** Rates to 3 decimals: a quiet project's 22 events an hour is 0.006/s, not 0. */
function rate(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
