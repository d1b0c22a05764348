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
 * - Rows: the step events of the entries' range plus the window after it (events_event_time_idx,
 *   index-only), each with the bits of the required steps it matches. `strict` also needs what the
 *   person did between the steps (see strictStarts).
 * - ordered and any (arrayStarts): each person's step times gathered into one sorted array per step
 *   (a single sort of the rows by person and time, one aggregate per person), and each entry's
 *   attempt worked out from them by binary search (`width_bucket`): in an ordered funnel step
 *   k+1 is the first time in step k+1's array strictly after step k's, so an attempt costs one
 *   search per step whatever the person's history, and the rows are sorted once.
 * - strict: a step must be what the person did next (strictStarts): two window passes per
 *   person, and a probe of the gaps a chain could cross.
 * - Exclusions void an attempt (it counts nowhere): an exclusion event strictly between its steps
 *   a and b, or after a within the window when b was not reached (a probe of
 *   events_person_time_idx per attempt that reached a).
 * - best: the furthest attempt of each person, ties to the earliest (furthest).
 * Every step is per person (grouped or partitioned by the person key): pushed down on Citus for
 * persons; for accounts the key is the account (through membership at query time), which Citus
 * runs on the coordinator (docs/architecture.md).
 */
export function bestAttemptsCte(scope: FunnelScope): SQL {
  const { funnel, from, to, order } = scope;
  const W = sql`make_interval(secs => ${scope.window})`;
  const accounts = scope.unit === "accounts";
  const { key, membership } = unitKey(scope.unit);
  const levels = funnel.required.length;
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
  const range = { from, to };
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
  const kept = (starts: SQL) =>
    voids.length === 0
      ? starts
      : sql`${starts}${sql.join(
          voids.map((v) => v.join),
          sql``,
        )} where ${sql.join(
          voids.map((v) => v.kept),
          sql` and `,
        )}`;
  // strict needs one row per instant (the next instant is what the person did next).
  // Grouped from rows sorted by person and time (planned apart, as arrayStarts' are), so the
  // window passes after it find them in their order: one sort, where a hash of the instants
  // and a sort of them took twice as long.
  const stepRows = sql`select p, ts, bit_or(mask) as mask from (select p, ts, mask from ev order by p, ts) sorted
    group by p, ts${everyInstant ? sql`` : sql` having bit_or(mask) <> 0`}`;
  const starts =
    order === "strict"
      ? sql`r as (${stepRows}),
    starts as (${strictStarts(levels, W, range, gapProbe(funnel.projectId, accounts), funnel.citus)})`
      : arrayStarts(scope, range, W);
  // any: the best attempt's times in the order its steps were done.
  return sql`ev as (${rows}),
    ${starts},
    ${furthest(kept(sql`starts s`), order === "any" ? doneInOrder(W) : sql`times`)}`;
}

/**
 * `best` as the furthest of the attempts `from` gives (p, t1, times, reached), ties to the
 * earliest, by DISTINCT ON over the attempts sorted by person first (a sort of a few small
 * columns; strict's come in person order already). A window over the attempts would carry each
 * row's person arrays (ordered, any) into its buffer: a copy of the arrays per entry. `times` is
 * worked out of the best attempt only.
 */
const furthest = (from: SQL, times: SQL) => sql`best as (
      select p, reached, t1, ${times} as times from (
        select distinct on (s.p) s.p, s.reached, s.t1, s.times from ${from}
        order by s.p, s.reached desc, s.t1) b)`;

const bit = (level: number) => 1 << (level - 1);
const has = (level: number) => sql.raw(`(mask & ${bit(level)}) <> 0`);

/**
 * ordered and any: the person's rows as one sorted array of times per required step (`s1`…,
 * one sort of the rows by person and time feeding one aggregate per person: an aggregate takes
 * its rows in the order its input gives them, and the ordered subquery is planned apart) and the
 * entries' times (`e`). Each entry (one row per element of `e`) then finds its attempt by a few
 * binary searches in those arrays (`width_bucket(t, a)`: how many elements of the sorted `a` are
 * ≤ t, so `a[that + 1]` is the first one after t): one search per step whatever the person's
 * history, and the rows are sorted once.
 *
 * - ordered: step k+1 is the first time in its array strictly after step k's (greedy, DESIGN
 *   §5.1); reached while within the window of t1 (later steps are later still).
 * - any: every step's first time at or after the entry (an event matching several steps does each
 *   of them); the steps done are those within the window, in the order they were done.
 *
 * The entries come from `unnest` in a target list and each search is a column of a derived table
 * around the one before: Citus pushes that down as it is, where a lateral function or a FROM-less
 * lateral subquery (the same plan on one node) it cannot deparse or outer-join to.
 */
function arrayStarts(scope: FunnelScope, range: Range, W: SQL): SQL {
  const levels = scope.funnel.required.length;
  const any = scope.order === "any";
  const levelList = Array.from({ length: levels }, (_, i) => i + 1);
  const s = (level: number) => sql.raw(`s${level}`);
  // ordered: t2… (t1 is the entry); any: n1… (each step's first time at or after the entry).
  const t = (level: number) => sql.raw(any ? `n${level}` : `t${level}`);
  const arrays = levelList.map((level) => sql`, array_agg(ts) filter (where ${has(level)}) as ${s(level)}`);
  const entry = any ? sql`mask <> 0` : has(1);
  const searched = levelList.filter((level) => any || level > 1);
  let attempts = sql`select p${sql.join(
    searched.map((level) => sql`, ${s(level)}`),
    sql``,
  )}, unnest(e) as t1 from per`;
  for (const level of searched) {
    const after = any ? sql`c.t1 - '1 microsecond'::interval` : sql`c.${t(level - 1)}`;
    attempts = sql`select c.*, c.${s(level)}[width_bucket(${after}, c.${s(level)}) + 1] as ${t(level)} from (${attempts}) c`;
  }
  const within = (level: number) => (level === 1 && !any ? sql`true` : sql`${t(level)} <= t1 + ${W}`);
  const times = levelList.map((level) =>
    level === 1 && !any ? sql`t1` : sql`case when ${within(level)} then ${t(level)} end`,
  );
  const reached = levelList.map((level) =>
    level === 1 && !any ? sql`1` : sql`(case when ${within(level)} then 1 else 0 end)`,
  );
  return sql`per as (
      select p, array_agg(ts) filter (where ${entry} and ${entries(range)}) as e${sql.join(arrays, sql``)}
      from (select p, ts, mask from ev where mask <> 0 order by p, ts) sorted group by p),
    starts as (
      select p, t1, array[${sql.join(times, sql`, `)}]::timestamptz[] as times, ${sql.join(reached, sql` + `)} as reached
      from (${attempts}) a)`;
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

/**
 * Whether the person (or any member of the account) did anything strictly between `g.ts` and
 * the next step instant `g.nts`: one probe of events_person_time_idx. A subquery in a CASE, so
 * that it runs only for a gap a chain could cross (`g.candidate`: some step k at `g.ts` and step
 * k + 1 at `g.nts`); a lateral join would be rescanned for every row. (Citus never gets here: a
 * correlated subquery does not push down there, see strictStarts.)
 */
function gapProbe(projectId: number, accounts: boolean): SQL {
  const between = (person: SQL) => sql`n.project_id = ${projectId} and n.person_id = ${person}
    and n.timestamp > g.ts and n.timestamp < g.nts`;
  const hit = accounts
    ? sql`exists (select from account_members m where m.project_id = ${projectId} and m.account_id = g.p
        and exists (select from events n where ${between(sql`m.person_id`)}))`
    : sql`exists (select from events n where ${between(sql`g.p`)})`;
  return sql`case when g.candidate then not ${hit} else false end`;
}

/** The flag strict's rows carry, beside their steps' bits, when the gap after them is adjacent. */
const ADJACENT = 1 << 20;

/**
 * strict: a step must be at the person's next instant after the step before. `r` holds one row
 * per step instant. A first window pass over them gives each its next step instant (`nts`); the
 * gap up to it is probed (gapProbe) only where a chain could cross it, and `code` carries the
 * row's steps and whether the gap after it is adjacent (the two instants consecutive in
 * everything the person did; worked out once per row: `offset 0` keeps the planner from
 * copying the probe into each use of `code`). An entry's chain then reaches step k when each of the k − 1 rows
 * after it follows an adjacent gap and carries its step: a second window pass in the same order,
 * no join — which no planner can get wrong (a self-join of the rows, planned as nested loops on
 * stale statistics, took minutes on the embedded database).
 * On Citus `r` holds every instant of the range (a probe with LIMIT does not push down), so
 * every gap is adjacent by definition and only the steps are checked.
 */
function strictStarts(levels: number, W: SQL, range: Range, probe: SQL, citus: boolean): SQL {
  const later = [];
  for (let j = 1; j < levels; j++)
    later.push(sql.raw(`lead(ts, ${j}) over w as t${j}, lead(code, ${j}) over w as m${j}`));
  const reachedTime = (level: number) => {
    if (level === 1) return sql`ts`;
    const held = [];
    for (let j = 1; j < level; j++) {
      if (!citus) held.push(sql.raw(`(${j === 1 ? "code" : `m${j - 1}`} & ${ADJACENT}) <> 0`));
      held.push(sql.raw(`(m${j} & ${1 << j}) <> 0`));
    }
    return sql`case when ${sql.join(held, sql` and `)} then ${sql.raw(`t${level - 1}`)} end`;
  };
  const g = (level: number) => sql.raw(`g${level}`);
  const columns = Array.from({ length: levels }, (_, i) => sql`${reachedTime(i + 1)} as ${g(i + 1)}`);
  const rows = citus
    ? sql`(select p, ts, mask, mask as code from r) r`
    : sql`(select g.p, g.ts, g.mask, g.mask | (case when ${probe} then ${ADJACENT} else 0 end) as code from (
        select p, ts, mask, lead(ts) over w as nts, coalesce(((mask << 1) & lead(mask) over w) <> 0, false) as candidate
        from r window w as (partition by p order by ts)) g order by g.p, g.ts offset 0) r`;
  return sql`select p, ${chainTimes(levels, g, W)} from (
      select p, ts, ${sql.join(columns, sql`, `)} from (
        select *, ${sql.join(later, sql`, `)} from ${rows} window w as (partition by p order by ts)
      ) i where ${has(1)} and ${entries(range)}
    ) chained`;
}

/** any: the best attempts' step times in the order they were done (a step's next time after the entry). */
const doneInOrder = (W: SQL) => sql`array(select x from unnest(times) x where x <= t1 + ${W} order by x)`;
