import { type SQL, sql } from "drizzle-orm";
import { type CompiledFunnel, matches } from "./compile";
import type { FunnelParams } from "./params";

export type FunnelScope = Pick<FunnelParams, "from" | "to" | "window" | "order" | "unit"> & { funnel: CompiledFunnel };

/**
 * The best attempt of each person (or account) as CTEs ending in `best (p, t1, reached, times)`:
 * `reached` the number of required steps done, `times[k]` when the k-th was (timestamptz, null
 * past `reached`). DESIGN §5.1, exactly:
 *
 * - Rows: the step events of the entries' range plus the window after it, collapsed to one row per
 *   (person, timestamp) with the bits of the required steps matched there (two events at one
 *   instant can never be consecutive steps: a later step is strictly later). 100k repeated events
 *   at one instant are one row. `strict` reads every event of the persons who entered (an event
 *   between two steps breaks it); the others read the step events only (events_event_time_idx).
 * - ordered: step k+1 is the earliest match strictly after step k. Found for every possible entry
 *   at once, backwards: for each row and target level L, the time a greedy chain from this row
 *   (as step k) reaches step L is the same value at the earliest later row matching step k+1 —
 *   a running min over the later rows (greedy chains only get later as their start does), so
 *   one window pass per step over rows sorted once by (person, time desc), each O(n). An entry
 *   reaches L when that time is within the window of it.
 * - strict: the same, with the next instant of the person's events instead of the earliest later
 *   match (lag over the time-sorted rows): a step must be what the person did next.
 * - any: an entry is any step event; a step is done when a row matching it falls within the
 *   window from the entry (a running min of each step's next time, one pass); an event matching
 *   several steps does each of them.
 * - Exclusions void an attempt (it counts nowhere): an exclusion event strictly between its steps
 *   a and b, or after a within the window when b was not reached (a probe of
 *   events_person_time_idx per attempt that reached a).
 * - best: the furthest attempt of each person, ties to the earliest (DISTINCT ON person).
 * Every window is partitioned by the person key: one pass per person, pushed down on Citus for
 * persons; for accounts the key is the account (through membership at query time), which Citus
 * runs on the coordinator (docs/architecture.md).
 */
export function bestAttemptsCte(scope: FunnelScope): SQL {
  const { funnel, from, to, order } = scope;
  const W = sql`make_interval(secs => ${scope.window})`;
  const accounts = scope.unit === "accounts";
  const key = accounts ? sql`m.account_id` : sql`e.person_id`;
  const membership = accounts
    ? sql`join account_members m on m.project_id = e.project_id and m.person_id = e.person_id`
    : sql``;
  const levels = funnel.required.length;
  const bit = (level: number) => 1 << (level - 1);
  const mask = sql.join(
    funnel.required.map((matchers, i) => sql`(case when ${matches(funnel, matchers)} then ${bit(i + 1)} else 0 end)`),
    sql` | `,
  );
  const inRange = sql`e.project_id = ${funnel.projectId} and e.timestamp >= ${from}::timestamptz and e.timestamp < ${to}::timestamptz + ${W}`;
  const entered = sql`select ${key} from events e ${membership}
    where e.project_id = ${funnel.projectId} and e.timestamp >= ${from}::timestamptz and e.timestamp < ${to}::timestamptz
      and e.event_id = any(${sql.param(funnel.eventIds)}::int[]) and ${matches(funnel, funnel.required[0] ?? [])}`;
  const rows =
    order === "strict"
      ? sql`select ${key} as p, e.timestamp as ts, ${mask} as mask from events e ${membership}
            where ${inRange} and ${key} in (${entered})`
      : sql`select ${key} as p, e.timestamp as ts, ${mask} as mask from events e ${membership}
            where ${inRange} and e.event_id = any(${sql.param(funnel.eventIds)}::int[])`;
  const collapsed = sql`select p, ts, bit_or(mask) as mask from ev group by p, ts
    ${order === "strict" ? sql`` : sql`having bit_or(mask) <> 0`}`;
  const has = (level: number) => sql.raw(`(mask & ${bit(level)}) <> 0`);
  const starts = order === "any" ? anyOrderStarts(levels, has, W) : chainStarts(levels, has, W, order);
  const voids = funnel.exclusions.map(
    (x) => sql`(reached >= ${x.after} and exists (
      select 1 from events e ${membership}
      where e.project_id = ${funnel.projectId} and ${key} = s.p and ${matches(funnel, x.matchers)}
        and e.timestamp > s.times[${x.after}]
        and (case when s.reached >= ${x.before} then e.timestamp < s.times[${x.before}] else e.timestamp <= s.t1 + ${W} end)))`,
  );
  return sql`ev as (${rows}),
    r as (${collapsed}),
    starts as (${starts}),
    best as (
      select distinct on (s.p) s.p, s.t1, s.reached, s.times from starts s
      where s.t1 >= ${from}::timestamptz and s.t1 < ${to}::timestamptz
        ${voids.length > 0 ? sql`and not (${sql.join(voids, sql` or `)})` : sql``}
      order by s.p, s.reached desc, s.t1)`;
}

/** ordered / strict: the backward passes (see bestAttemptsCte), then each entry's chain times. */
function chainStarts(levels: number, has: (level: number) => SQL, W: SQL, order: "ordered" | "strict"): SQL {
  const col = (target: number, step: number) => sql.raw(`m${target}_${step}`);
  const next = (value: SQL) =>
    order === "strict"
      ? sql`lag(${value}) over (partition by p order by ts desc)`
      : sql`min(${value}) over (partition by p order by ts desc range between unbounded preceding and '1 microsecond'::interval preceding)`;
  let passes = sql`select p, ts, mask from r`;
  for (let k = levels - 1; k >= 1; k--) {
    const columns = [];
    for (let target = k + 1; target <= levels; target++) {
      const value = target === k + 1 ? sql`ts` : col(target, k + 2);
      columns.push(sql`${next(sql`case when ${has(k + 1)} then ${value} end`)} as ${col(target, k + 1)}`);
    }
    passes = sql`select x.*, ${sql.join(columns, sql`, `)} from (${passes}) x`;
  }
  const times = [sql`ts`];
  for (let target = 2; target <= levels; target++) {
    times.push(sql`case when ${col(target, 2)} <= ts + ${W} then ${col(target, 2)} end`);
  }
  return sql`select p, t1, times, (select count(*)::int from unnest(times) t where t is not null) as reached
    from (select p, ts as t1, array[${sql.join(times, sql`, `)}]::timestamptz[] as times
          from (${passes}) chained where ${has(1)}) entries`;
}

/** any: each step's next time at or after every row (one pass); an entry's steps done within the window. */
function anyOrderStarts(levels: number, has: (level: number) => SQL, W: SQL): SQL {
  const nexts = [];
  for (let level = 1; level <= levels; level++) {
    nexts.push(
      sql`min(case when ${has(level)} then ts end) over (partition by p order by ts desc range between unbounded preceding and current row)`,
    );
  }
  return sql`select p, t1, times, cardinality(times) as reached from (
      select p, ts as t1, array(select x from unnest(array[${sql.join(
        nexts.map((_, i) => sql.raw(`n${i + 1}`)),
        sql`, `,
      )}]) x
                               where x <= ts + ${W} order by x) as times
      from (select p, ts, ${sql.join(
        nexts.map((n, i) => sql`${n} as ${sql.raw(`n${i + 1}`)}`),
        sql`, `,
      )} from r) w) entries`;
}
