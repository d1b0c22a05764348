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

/** The fingerprint of a result's inputs (see above): the windows' event counts read from the hourly rollups. */
export async function impactFingerprint(
  db: Db,
  input: {
    projectId: number;
    eventIds: number[];
    windows: ImpactWindow[];
    seconds: number;
    keyEvents: string[];
    followedBy: number[];
    firstData: string | null;
  },
): Promise<string> {
  const sums = await rows<{ k: number; n: string | null }>(
    db,
    sql`select w.k, (select sum(r.count) from event_counts_hourly r
                     where r.project_id = ${input.projectId} and r.event_id = any(${sql.param(input.eventIds)}::int[])
                       and r.hour >= date_trunc('hour', w.s, 'UTC') and r.hour < w.e)::text as n
        from (values ${sql.join(
          input.windows.map((w) => sql`(${w.k}::int, ${w.from}::timestamptz, ${w.to}::timestamptz)`),
          sql`, `,
        )}) w(k, s, e) order by w.k`,
  );
  return JSON.stringify({
    v: IMPACT_VERSION,
    seconds: input.seconds,
    keyEvents: input.keyEvents,
    followedBy: input.followedBy,
    firstData: input.firstData,
    counts: sums.map((s) => s.n ?? "0"),
  });
}

/** A stored result for this deploy and parameters, when its fingerprint matches and it is recent enough. */
export async function readCachedImpact(
  db: Db,
  key: { deployId: number; params: string; fingerprint: string },
): Promise<{ result: CachedImpact; computedAt: string } | null> {
  const [row] = await rows<{ result: CachedImpact; computedAt: string }>(
    db,
    sql`select result, to_char(computed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "computedAt" from deploy_impacts
        where deploy_id = ${key.deployId} and params = ${key.params} and fingerprint = ${key.fingerprint}
          and computed_at > now() - ${`${MAX_AGE_MS / 1000} seconds`}::interval`,
  );
  return row ?? null;
}

/**
 * Stores results computed by a request, after its read-only transaction. A result that cannot be
 * stored (a deploy deleted meanwhile, a read-only replica) is only computed again next time.
 */
export async function storeImpacts(db: Db, entries: ImpactCacheEntry[]): Promise<void> {
  for (const e of entries) {
    try {
      await db.execute(
        sql`insert into deploy_impacts (deploy_id, project_id, params, fingerprint, result, computed_at)
            values (${e.deployId}, ${e.projectId}, ${e.params}, ${e.fingerprint}, ${JSON.stringify(e.result)}::jsonb, ${e.computedAt}::timestamptz)
            on conflict (deploy_id, params) do update set fingerprint = excluded.fingerprint,
              result = excluded.result, computed_at = excluded.computed_at`,
      );
    } catch (error) {
      console.warn(`deploy impact of deploy ${e.deployId} not cached: ${(error as Error).message}`);
    }
  }
}
