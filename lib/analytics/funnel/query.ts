import { type SQL, sql } from "drizzle-orm";
import { unitKey } from "../units";
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
 * - strict: a step must be what the person did next: its row must be at the person's next instant
 *   after the step before (strictStarts: a probe per row, then one forward pass).
 * - any: an entry is any step event; a step is done when a row matching it falls within the
 *   window from the entry (a running min of each step's next time, one pass); an event matching
 *   several steps does each of them.
 * - Exclusions void an attempt (it counts nowhere): an exclusion event strictly between its steps
 *   a and b, or after a within the window when b was not reached (a probe of
 *   events_person_time_idx per attempt that reached a).
 * - best: the furthest attempt of each person, ties to the earliest (one int8 key, its max per person).
 * Every window is partitioned by the person key: one pass per person, pushed down on Citus for
 * persons; for accounts the key is the account (through membership at query time), which Citus
 * runs on the coordinator (docs/architecture.md).
 */
export function bestAttemptsCte(scope: FunnelScope): SQL {
  const { funnel, from, to, order } = scope;
  const W = sql`make_interval(secs => ${scope.window})`;
  const accounts = scope.unit === "accounts";
  const { key, membership } = unitKey(scope.unit);
  const levels = funnel.required.length;
  const bit = (level: number) => 1 << (level - 1);
  const mask = sql.join(
    funnel.required.map((matchers, i) => sql`(case when ${matches(funnel, matchers)} then ${bit(i + 1)} else 0 end)`),
    sql` | `,
  );
  const inRange = sql`e.project_id = ${funnel.projectId} and e.timestamp >= ${from}::timestamptz and e.timestamp < ${to}::timestamptz + ${W}`;
  // strict on Citus reads every event of the range: the next instant is then a window over the
  // person's instants (lead), pushed down with the rest, instead of a probe per step row.
  const everyInstant = order === "strict" && funnel.citus;
  const rows = sql`select ${key} as p, e.timestamp as ts, ${mask} as mask from events e ${membership}
    where ${inRange}${everyInstant ? sql`` : sql` and e.event_id = any(${sql.param(funnel.eventIds)}::int[])`}`;
  // strict needs one row per instant (the next instant is what the person did next).
  const stepRows =
    order === "strict"
      ? sql`select p, ts, bit_or(mask) as mask from ev group by p, ts${everyInstant ? sql`` : sql` having bit_or(mask) <> 0`}`
      : sql`select p, ts, mask from ev where mask <> 0`;
  const has = (level: number) => sql.raw(`(mask & ${bit(level)}) <> 0`);
  const range = { from, to };
  const starts =
    order === "any"
      ? anyOrderStarts(levels, has, W, range)
      : order === "strict"
        ? strictStarts(levels, has, W, range, nextInstant(funnel.projectId, accounts), funnel.citus)
        : chainStarts(levels, has, W, range);
  // Each exclusion as a lateral probe of the attempt's rows (a correlated EXISTS in a CTE over
  // subqueries is what Citus cannot push down; a lateral join of the same rows it can).
  const voids = funnel.exclusions.map((x, i) => {
    const name = sql.raw(`x${i + 1}`);
    return {
      join: sql` left join lateral (select true as hit from events e ${membership}
        where s.reached >= ${x.after} and e.project_id = ${funnel.projectId} and ${key} = s.p and ${matches(funnel, x.matchers)}
          and e.timestamp > s.times[${x.after}]
          and (case when s.reached >= ${x.before} then e.timestamp < s.times[${x.before}] else e.timestamp <= s.t1 + ${W} end)
        limit 1) ${name} on true`,
      kept: sql`${name}.hit is null`,
    };
  });
  return sql`ev as (${rows}),
    r as (${stepRows}),
    starts as (${starts}),
    best as (
      -- The furthest attempt, ties to the earliest: the greatest (reached, −t1) as one int8
      -- (reached above bit 52, microseconds since 1970 below), its maximum over the person's rows
      -- by a window over rows already sorted by person, and DISTINCT ON without a sort.
      select distinct on (p) p, reached, t1, ${order === "any" ? doneInOrder(W) : sql`times`} as times from (
        select k.*, max(k.key) over (partition by k.p) as top from (
          select s.*, (s.reached::int8 << 52) - (extract(epoch from s.t1) * 1000000)::int8 as key
          from starts s${sql.join(
            voids.map((v) => v.join),
            sql``,
          )}
          ${
            voids.length > 0
              ? sql`where ${sql.join(
                  voids.map((v) => v.kept),
                  sql` and `,
                )}`
              : sql``
          }) k) w
      where key = top
      order by p)`;
}

type Range = { from: string; to: string };
const entries = (range: Range, alias = "") =>
  sql`${sql.raw(`${alias}ts`)} >= ${range.from}::timestamptz and ${sql.raw(`${alias}ts`)} < ${range.to}::timestamptz`;

/** An entry's times (t1, then each level's chain end, null past the window) and how many it reached. */
function chainTimes(levels: number, end: (level: number) => SQL, W: SQL): SQL {
  const times = [sql`ts`];
  const reached = [sql`1`];
  for (let level = 2; level <= levels; level++) {
    const within = sql`${end(level)} <= ts + ${W}`;
    times.push(sql`case when ${within} then ${end(level)} end`);
    reached.push(sql`(case when ${within} then 1 else 0 end)`);
  }
  return sql`ts as t1, array[${sql.join(times, sql`, `)}]::timestamptz[] as times, ${sql.join(reached, sql` + `)} as reached`;
}

/** ordered: the backward window passes (see bestAttemptsCte), then each entry's chain times. */
function chainStarts(levels: number, has: (level: number) => SQL, W: SQL, range: Range): SQL {
  const col = (target: number, step: number) => sql.raw(`m${target}_${step}`);
  let passes = sql`select p, ts, mask from r`;
  for (let k = levels - 1; k >= 1; k--) {
    const columns = [];
    for (let target = k + 1; target <= levels; target++) {
      const value = target === k + 1 ? sql`ts` : col(target, k + 2);
      columns.push(sql`min(case when ${has(k + 1)} then ${value} end) over later as ${col(target, k + 1)}`);
    }
    passes = sql`select x.*, ${sql.join(columns, sql`, `)} from (${passes}) x
      window later as (partition by p order by ts desc range between unbounded preceding and '1 microsecond'::interval preceding)`;
  }
  return sql`select p, ${chainTimes(levels, (level) => col(level, 2), W)}
    from (${passes}) chained where ${has(1)} and ${entries(range)}`;
}

/** The first instant after `r.ts` at which the person (or any member of the account) did anything. */
function nextInstant(projectId: number, accounts: boolean): SQL {
  const after = (person: SQL) => sql`(select n.timestamp from events n where n.project_id = ${projectId}
    and n.person_id = ${person} and n.timestamp > r.ts order by n.timestamp limit 1)`;
  // A lateral join of each row (pushed down on Citus, where a correlated subquery is not).
  return accounts
    ? sql`select min(${after(sql`m.person_id`)}) as t from account_members m where m.project_id = ${projectId} and m.account_id = r.p`
    : sql`select n.timestamp as t from events n where n.project_id = ${projectId}
        and n.person_id = r.p and n.timestamp > r.ts order by n.timestamp limit 1`;
}

/**
 * strict: a step must be at the person's next instant after the step before. `r` holds one row
 * per step instant; each gets the person's next instant of any event (`nx`, one probe of
 * events_person_time_idx). An entry's chain then reaches step k when each of the k − 1 rows after
 * it is at the instant next after the one before it and carries its step: one window pass per
 * person (lead), no join — which no planner can get wrong (a self-join of the rows, planned as
 * nested loops on stale statistics, took minutes on the embedded database).
 * On Citus `r` holds every instant of the range (a lateral probe with LIMIT does not push down),
 * so the row after is the next instant by definition and only the steps are checked.
 */
function strictStarts(
  levels: number,
  has: (level: number) => SQL,
  W: SQL,
  range: Range,
  next: SQL,
  citus: boolean,
): SQL {
  const later = [];
  for (let j = 1; j < levels; j++) {
    later.push(sql.raw(`lead(ts, ${j}) over w as t${j}, lead(mask, ${j}) over w as m${j}`));
    if (!citus) later.push(sql.raw(`lead(nx, ${j}) over w as x${j}`));
  }
  const reachedTime = (level: number) => {
    if (level === 1) return sql`ts`;
    const held = [];
    for (let j = 1; j < level; j++) {
      if (!citus) held.push(sql.raw(`t${j} = ${j === 1 ? "nx" : `x${j - 1}`}`));
      held.push(sql.raw(`(m${j} & ${1 << j}) <> 0`));
    }
    return sql`case when ${sql.join(held, sql` and `)} then ${sql.raw(`t${level - 1}`)} end`;
  };
  const g = (level: number) => sql.raw(`g${level}`);
  const columns = Array.from({ length: levels }, (_, i) => sql`${reachedTime(i + 1)} as ${g(i + 1)}`);
  const rows = citus
    ? sql`r`
    : sql`(select r.p, r.ts, r.mask, nx.t as nx from r left join lateral (${next}) nx on true) r`;
  return sql`select p, ${chainTimes(levels, g, W)} from (
      select p, ts, ${sql.join(columns, sql`, `)} from (
        select *, ${sql.join(later, sql`, `)} from ${rows} window w as (partition by p order by ts)
      ) i where ${has(1)} and ${entries(range)}
    ) chained`;
}

/**
 * any: each step's next time at or after every row (one pass); an entry's steps done within the
 * window. `times` holds each step's next time, put in the order they were done for the best
 * attempts only (doneInOrder).
 */
function anyOrderStarts(levels: number, has: (level: number) => SQL, W: SQL, range: Range): SQL {
  const nexts = [];
  for (let level = 1; level <= levels; level++) {
    nexts.push(
      sql`min(case when ${has(level)} then ts end) over (partition by p order by ts desc range between unbounded preceding and current row)`,
    );
  }
  const n = (level: number) => sql.raw(`n${level}`);
  const levelList = Array.from({ length: levels }, (_, i) => i + 1);
  return sql`select p, ts as t1, array[${sql.join(levelList.map(n), sql`, `)}]::timestamptz[] as times,
      ${sql.join(
        levelList.map((level) => sql`(case when ${n(level)} <= ts + ${W} then 1 else 0 end)`),
        sql` + `,
      )} as reached
    from (select p, ts, ${sql.join(
      nexts.map((next, i) => sql`${next} as ${n(i + 1)}`),
      sql`, `,
    )} from r) w
    where ${entries(range)}`;
}

/** any: the best attempts' step times in the order they were done (a step's next time after the entry). */
const doneInOrder = (W: SQL) => sql`array(select x from unnest(times) x where x <= t1 + ${W} order by x)`;
