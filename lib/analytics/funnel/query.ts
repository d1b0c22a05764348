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
 * - strict: a step must be what the person did next (strictStarts): one window pass per
 *   person, and a probe of each gap a chain gets to.
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
  const timeRange = (alias: SQL) =>
    sql`${alias}.timestamp >= ${from}::timestamptz and ${alias}.timestamp < ${to}::timestamptz + ${W}`;
  const inRange = sql`e.project_id = ${funnel.projectId} and ${timeRange(sql`e`)}`;
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
    starts as (${strictStarts(levels, W, range, funnel.citus ? null : gapProbe(funnel.projectId, accounts, timeRange(sql`n`)))})`
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
 * entries' times (`e`). Each entry then finds its attempt by a few binary searches in those
 * arrays (`width_bucket(t, a)`: how many elements of the sorted `a` are ≤ t, so `a[that + 1]` is
 * the first one after t): one search per step whatever the person's history, and the rows are
 * sorted once.
 *
 * - ordered: step k+1 is the first time in its array strictly after step k's (greedy, DESIGN
 *   §5.1); reached while within the window of t1 (later steps are later still).
 * - any: every step's first time at or after the entry (an event matching several steps does each
 *   of them); the steps done are those within the window, in the order they were done.
 *
 * Most persons' best attempt is their first entry's, and that is known from it alone (settled):
 * in an ordered funnel when its chain, window aside, stays within the window (a later entry's
 * chain is later at every step, so it gets no further); in any order when it does every step the
 * person did at all. So the first entries are worked out first and only the unsettled persons'
 * other entries after them (on the bench's 10M, 749 of 67,395 persons). Not with exclusions
 * (a voided first attempt must give way to the next), nor on Citus, which would run the CTEs
 * read twice on the coordinator: there every entry is worked out.
 *
 * The entries come from `unnest` in a target list and each search is a column of a derived table
 * around the one before: Citus pushes that down as it is, where a lateral function or a FROM-less
 * lateral subquery (the same plan on one node) it cannot deparse or outer-join to.
 */
function arrayStarts(scope: FunnelScope, range: Range, W: SQL): SQL {
  const { funnel } = scope;
  const levels = funnel.required.length;
  const any = scope.order === "any";
  const levelList = Array.from({ length: levels }, (_, i) => i + 1);
  const s = (level: number) => sql.raw(`s${level}`);
  // ordered: t2… (t1 is the entry); any: n1… (each step's first time at or after the entry).
  const t = (level: number) => sql.raw(any ? `n${level}` : `t${level}`);
  const arrays = levelList.map((level) => sql`, array_agg(ts) filter (where ${has(level)}) as ${s(level)}`);
  const entry = any ? sql`mask <> 0` : has(1);
  const searched = levelList.filter((level) => any || level > 1);
  const columns = (of: (level: number) => SQL) => sql.join(searched.map(of), sql`, `);
  /**
   * The attempts (p, t1, each searched level's time, then `carried` columns of `per`) of the
   * entries `t1` of `from` (rows of `per`).
   */
  const attempts = (t1: SQL, from: SQL, carried = sql``) => {
    let chain = sql`select p, ${columns(s)}${carried}, ${t1} as t1 from ${from}`;
    for (const level of searched) {
      const after = any ? sql`c.t1 - '1 microsecond'::interval` : sql`c.${t(level - 1)}`;
      chain = sql`select c.*, c.${s(level)}[width_bucket(${after}, c.${s(level)}) + 1] as ${t(level)} from (${chain}) c`;
    }
    return sql`select p, t1, ${columns(t)}${carried} from (${chain}) c`;
  };
  const within = (level: number) => (level === 1 && !any ? sql`true` : sql`${t(level)} <= t1 + ${W}`);
  const times = levelList.map((level) =>
    level === 1 && !any ? sql`t1` : sql`case when ${within(level)} then ${t(level)} end`,
  );
  const reached = levelList.map((level) =>
    level === 1 && !any ? sql`1` : sql`(case when ${within(level)} then 1 else 0 end)`,
  );
  const settle = funnel.exclusions.length === 0 && !funnel.citus;
  // any: how many of the steps the person did at all (`done`, from per).
  const done = sql.join(
    levelList.map((level) => sql`(case when bool_or(${has(level)}) then 1 else 0 end)`),
    sql` + `,
  );
  const settled = any
    ? sql`${sql.join(reached, sql` + `)} = done`
    : sql`not coalesce(greatest(${columns(t)}) > t1 + ${W}, false)`;
  const entered = settle
    ? sql`firsts as materialized (select f.*, ${settled} as settled
        from (${attempts(sql`e[1]`, sql`per where e is not null`, any ? sql`, done` : sql``)}) f),
    entered as (select p, t1, ${columns(t)} from firsts
      union all ${attempts(sql`unnest(e[2:])`, sql`per where p in (select p from firsts where not settled)`)})`
    : sql`entered as (${attempts(sql`unnest(e)`, sql`per`)})`;
  return sql`per as ${settle ? sql`materialized ` : sql``}(
      select p, array_agg(ts) filter (where ${entry} and ${entries(range)}) as e${sql.join(arrays, sql``)}${
        settle && any ? sql`, ${done} as done` : sql``
      }
      from (select p, ts, mask from ev where mask <> 0 order by p, ts) sorted group by p),
    ${entered},
    starts as (
      select p, t1, array[${sql.join(times, sql`, `)}]::timestamptz[] as times, ${sql.join(reached, sql` + `)} as reached
      from entered a)`;
}

type Range = { from: string; to: string };
const entries = (range: Range, alias = "") =>
  sql`${sql.raw(`${alias}ts`)} >= ${range.from}::timestamptz and ${sql.raw(`${alias}ts`)} < ${range.to}::timestamptz`;

/**
 * Whether the person (or any member of the account) did anything strictly between the step
 * instants `after` and `before`: one probe of events_person_time_idx. Both are rows of the range
 * (`inRange`, said again so that the planner keeps only its partitions: no pruning per probe).
 */
function gapProbe(projectId: number, accounts: boolean, inRange: SQL) {
  return (after: SQL, before: SQL) => {
    const between = (person: SQL) => sql`n.project_id = ${projectId} and n.person_id = ${person}
      and n.timestamp > ${after} and n.timestamp < ${before} and ${inRange}`;
    return accounts
      ? sql`exists (select from account_members m where m.project_id = ${projectId} and m.account_id = i.p
          and exists (select from events n where ${between(sql`m.person_id`)}))`
      : sql`exists (select from events n where ${between(sql`i.p`)})`;
  };
}
type GapProbe = ReturnType<typeof gapProbe>;

/**
 * strict: a step must be at the person's next instant after the step before. `r` holds one row
 * per step instant, in (person, time) order; one window pass gives each row the times and steps
 * of the rows after it (`n1`, `m1`…). An entry then reaches step k when the k−1 rows after it
 * carry steps 2…k within the window, each right after the one before: nothing else done in the
 * gap between them, which one probe per gap asks (gapProbe). The levels are the WHENs of one
 * CASE, so a gap is probed only once its chain got there (and at most once per entry), and the
 * times are taken from the level reached behind `offset 0` (flattened, the CASE and its probes
 * would be copied into each use). No self-join, so no plan can go quadratic on stale statistics
 * (the embedded database's took minutes on one).
 * On Citus `r` holds every instant of the range (a correlated probe does not push down there), so
 * the row after is the next instant by definition: the same CASE without probes.
 */
function strictStarts(levels: number, W: SQL, range: Range, gap: GapProbe | null): SQL {
  const later = [];
  for (let j = 1; j < levels; j++)
    later.push(sql.raw(`lead(ts, ${j}) over w as n${j}, lead(mask, ${j}) over w as m${j}`));
  const time = (j: number) => sql.raw(j === 0 ? "ts" : `n${j}`);
  // Level k is reached, the one before it being reached: row k−1 after the entry (null past
  // the person's last row, hence the coalesce).
  const holds = (level: number) => {
    const j = level - 1;
    const conditions = [sql.raw(`(m${j} & ${bit(level)}) <> 0`), sql`${time(j)} <= ts + ${W}`];
    if (gap) conditions.push(sql`not ${gap(time(j - 1), time(j))}`);
    return sql.join(conditions, sql` and `);
  };
  const levelsAfter = Array.from({ length: levels - 1 }, (_, i) => i + 2);
  const reached = sql`case ${sql.join(
    levelsAfter.map((level) => sql`when not coalesce(${holds(level)}, false) then ${level - 1}`),
    sql` `,
  )} else ${levels} end`;
  const times = [
    sql`ts`,
    ...levelsAfter.map((level) => sql`case when reached >= ${level} then ${time(level - 1)} end`),
  ];
  return sql`select p, ts as t1, array[${sql.join(times, sql`, `)}]::timestamptz[] as times, reached from (
      select p, ts, ${sql.join(
        levelsAfter.map((level) => time(level - 1)),
        sql`, `,
      )}, ${reached} as reached from (
        select p, ts, mask, ${sql.join(later, sql`, `)} from r window w as (partition by p order by ts)
      ) i where ${has(1)} and ${entries(range)}${gap ? sql` offset 0` : sql``}
    ) chained`;
}

/**
 * any: the best attempts' step times in the order they were done (a step's next time after the
 * entry; null past the window). Sorted only where there are two or more: one step needs none.
 */
const doneInOrder = (W: SQL) =>
  sql`case when reached < 2 then array_remove(times, null) else array(select x from unnest(times) x where x <= t1 + ${W} order by x) end`;
