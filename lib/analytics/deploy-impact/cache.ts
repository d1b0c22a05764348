import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import type { DeployImpactParams } from "./params";
import type { ImpactWindow } from "./query";
import type { DeployImpactResult } from "./result";

/**
 * Deploy impact results kept (deploy_impacts), so that the deploys list's badges and a deploy's
 * page cost a check, not the analysis, once computed: a deploy's impact does not change once its
 * window has passed unless its data does. A result is used while
 *
 * - its fingerprint is unchanged: the events counted in each window's hours (event_counts_hourly,
 *   so a late event or a deletion in any of them invalidates it), the judged window's length (an
 *   open window grows), the key events, the deploys that follow within the window, the first
 *   data's instant (missing baseline weeks) and IMPACT_VERSION;
 * - and it is less than MAX_AGE_MS old: what is read at query time apart from events (account
 *   plans and memberships, identity merges moving events between persons, which the key
 *   conversions count by) changes with live traffic too often to watch, so it is refreshed daily.
 *
 * Results are computed inside the analysis' READ ONLY transaction and stored after it.
 */
export const IMPACT_VERSION = 1; // bump when analyze, judge, attribution or the queries change a result
export const MAX_AGE_MS = 24 * 3_600_000;

export type CachedImpact = Omit<DeployImpactResult, "meta">;
export type ImpactCacheEntry = {
  deployId: number;
  projectId: number;
  params: string;
  fingerprint: string;
  result: CachedImpact;
  computedAt: string;
};

/** The parameters that change a result, as the cache keys them. */
export function impactParamsKey(params: Pick<DeployImpactParams, "window" | "weeks" | "dimensions">): string {
  return JSON.stringify({
    window: params.window,
    weeks: params.weeks,
    dimensions: params.dimensions ? [...params.dimensions].sort() : null,
  });
}

/**
 * The fingerprint of a result's inputs (see above). The windows' events come from the hourly
 * rollups of their hours, per window: how many, and sums weighted by their hour and by their
 * event id, so that a late event and a deletion between two views cancel out only when they are
 * of the same event in the same hour. One constant range per window (UNION ALL), as
 * windowEvents reads events: a shape Citus pushes down.
 */
export async function impactFingerprint(
  db: Db,
  input: {
    projectId: number;
    eventIds: number[];
    windows: ImpactWindow[];
    seconds: number;
    /** The key events with their ids (null: not seen yet), as keyConversions resolves them. */
    keyEvents: [string, number | null][];
    followedBy: number[];
    firstData: string | null;
  },
): Promise<string> {
  const sums = await rows<{ k: number; n: string; byHour: string; byEvent: string }>(
    db,
    sql.join(
      input.windows.map(
        (w) => sql`select ${w.k}::int as k, coalesce(sum(r.count), 0)::text as n,
            coalesce(sum(r.count * (extract(epoch from r.hour)::bigint / 3600)), 0)::text as "byHour",
            coalesce(sum(r.count * r.event_id), 0)::text as "byEvent"
          from event_counts_hourly r
          where r.project_id = ${input.projectId} and r.event_id = any(${sql.param(input.eventIds)}::int[])
            and r.hour >= date_trunc('hour', ${w.from}::timestamptz, 'UTC') and r.hour < ${w.to}::timestamptz`,
      ),
      sql` union all `,
    ),
  );
  return JSON.stringify({
    v: IMPACT_VERSION,
    seconds: input.seconds,
    keyEvents: input.keyEvents,
    followedBy: input.followedBy,
    firstData: input.firstData,
    counts: sums.sort((a, b) => a.k - b.k).map((s) => [s.n, s.byHour, s.byEvent]),
  });
}

/** A stored result for this deploy and parameters, when its fingerprint matches and it is recent enough. */
export async function readCachedImpact(
  db: Db,
  key: { deployId: number; params: string; fingerprint: string },
): Promise<{ result: CachedImpact; computedAt: string } | null> {
  // The app's clock, which stamped it (computedAt is the result's meta.computedAt).
  const since = new Date(Date.now() - MAX_AGE_MS).toISOString();
  const [row] = await rows<{ result: CachedImpact; computedAt: string }>(
    db,
    sql`select result, to_char(computed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "computedAt"
        from deploy_impacts
        where deploy_id = ${key.deployId} and params = ${key.params} and fingerprint = ${key.fingerprint}
          and computed_at > ${since}::timestamptz`,
  );
  return row ?? null;
}

const STORE_TIMEOUT_MS = 5_000;

/**
 * Stores results computed by a request, after its read-only transaction, in one transaction of
 * its own (at most STORE_TIMEOUT_MS a statement), and drops the project's results too old to be
 * used. A failure (a deploy deleted meanwhile, a read-only replica, a node down) is logged: the
 * request is answered all the same, and its results are computed again next time.
 */
export async function storeImpacts(db: Db, entries: ImpactCacheEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const since = new Date(Date.now() - MAX_AGE_MS).toISOString();
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('statement_timeout', ${String(STORE_TIMEOUT_MS)}, true)`);
      for (const projectId of new Set(entries.map((e) => e.projectId))) {
        await tx.execute(
          sql`delete from deploy_impacts where project_id = ${projectId} and computed_at <= ${since}::timestamptz`,
        );
      }
      for (const e of entries) {
        await tx.execute(
          sql`insert into deploy_impacts (deploy_id, project_id, params, fingerprint, result, computed_at)
              values (${e.deployId}, ${e.projectId}, ${e.params}, ${e.fingerprint}, ${JSON.stringify(e.result)}::jsonb, ${e.computedAt}::timestamptz)
              on conflict (deploy_id, params) do update set fingerprint = excluded.fingerprint,
                result = excluded.result, computed_at = excluded.computed_at`,
        );
      }
    });
  } catch (error) {
    console.warn(`deploy impacts not kept (${entries.length}): ${(error as Error).message}`);
  }
}
