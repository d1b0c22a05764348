import { type SQL, sql } from "drizzle-orm";
import { type PersonStatsFirstColumn, personStatsFirstColumns } from "@/db/schema";
import { breakdownCtes, breakdownJoin } from "../breakdown";
import { isoUtc } from "../common";
import { type Matcher, matchesAny } from "../matchers";
import { bucketOf, bucketsQuery, type Periods } from "../periods";
import { parseProperty } from "../properties";
import { isOfUnit, type Unit, unitKey } from "../units";
import type { RetentionParams } from "./params";

export type RetentionScope = Pick<RetentionParams, "from" | "to" | "period" | "periods" | "mode" | "bounded"> & {
  unit: Unit;
  /** The cohorts' periods, worked out first (cohortPeriodsQuery), so every bound below is a constant the planner sees. */
  cohorts: { c: string; next: string }[];
  projectId: number;
  timeZone: string;
  start: Matcher[];
  returns: Matcher[];
  /** On Citus (see membersCte). */
  citus: boolean;
};

/** The cohort periods of a request: the periods of the project's zone that start in [from, to). */
export function cohortPeriodsQuery(scope: Pick<RetentionScope, "period" | "from" | "to" | "timeZone">): SQL {
  const periods = { interval: scope.period, from: scope.from, to: scope.to, timeZone: scope.timeZone };
  return sql`select ${isoUtc(sql`bucket`)} as c, ${isoUtc(sql`next`)} as next from (${bucketsQuery(periods)}) b
    where bucket >= ${scope.from}::timestamptz order by bucket`;
}

// The cohorts' bounds as constants (no cohort: an empty range at `from`).
const first = (scope: RetentionScope) => sql`${scope.cohorts[0]?.c ?? scope.from}::timestamptz`;
const end = (scope: RetentionScope) => sql`${scope.cohorts.at(-1)?.next ?? scope.from}::timestamptz`;
const last = (scope: RetentionScope) => sql`${scope.cohorts.at(-1)?.c ?? scope.from}::timestamptz`;

/** "Any event", without filters: what person_stats and person_days answer for a person. */
const isAnyEvent = (matchers: Matcher[]) =>
  matchers.length === 1 && matchers[0]?.eventId === null && (matchers[0].where?.length ?? 0) === 0;

/**
 * Which of a query's two questions read events, the others being answered from person_stats
 * (first-time cohorts of any event; a person's last event ever) and person_days (any event in a
 * period): what the SQL below does, and what the embedded database's budget counts.
 */
export function readsEvents(scope: Pick<RetentionScope, "mode" | "unit" | "bounded" | "start" | "returns">) {
  return {
    starts: !(scope.mode === "first_time" && scope.unit === "persons" && isAnyEvent(scope.start)),
    returns: !(isAnyEvent(scope.returns) && (scope.bounded || scope.unit === "persons")),
  };
}

const periodsOf = (scope: RetentionScope): Periods => ({
  interval: scope.period,
  from: scope.from,
  to: scope.to,
  timeZone: scope.timeZone,
});

/**
 * A period's number (days, weeks or months since Monday 1900-01-01, before any event: the
 * division by 7 then never rounds a week toward zero) from its start: k is a difference of two.
 */
function periodNumber(start: SQL, scope: RetentionScope): SQL {
  return localDatePeriod(sql`(${start} at time zone ${scope.timeZone})::date`, scope);
}

/** The number of the period a local date (of the project's zone) is in, as periodNumber counts. */
function localDatePeriod(day: SQL, scope: RetentionScope): SQL {
  switch (scope.period) {
    case "day":
      return sql`(${day} - date '1900-01-01')`;
    case "week":
      return sql`((${day} - date '1900-01-01') / 7)`;
    case "month":
      return sql`(extract(year from ${day}) * 12 + extract(month from ${day}))::int`;
  }
}

/** The start of the period `k` periods after the period starting at `start` (local calendar arithmetic). */
export function periodStartAfter(start: SQL, k: SQL, scope: RetentionScope): SQL {
  const step = sql.raw(`interval '1 ${scope.period}'`);
  return sql`(((${start} at time zone ${scope.timeZone}) + ${k} * ${step}) at time zone ${scope.timeZone})`;
}

/**
 * How members get a breakdown's value `v`: on the first-time path of any event, a promoted
 * column of their first event is person_stats' own `first_<column>` (no probe); otherwise the
 * lateral probe of breakdownValueAt at `t0`.
 */
export type MemberValue = { kind: "first"; column: PersonStatsFirstColumn } | { kind: "probe"; value: SQL };

export function memberValue(scope: RetentionScope, property: string, probe: () => SQL): MemberValue {
  const ref = parseProperty(property);
  const first =
    ref.kind === "column" && !readsEvents(scope).starts
      ? personStatsFirstColumns.find((c) => c === ref.column)
      : undefined;
  return first ? { kind: "first", column: first } : { kind: "probe", value: probe() };
}

/**
 * The cohorts and their members, DESIGN §5.2, as CTEs ending in `members (p, c, t0)`: the unit `p`
 * (a person, or an account through its current members) is in the cohort of period `c` (its
 * start, a timestamptz), `t0` its first start event there (where a breakdown by an event property
 * reads its value).
 *
 * - `cohort_periods (c, next)`: the periods of the project's zone that start in [from, to),
 *   worked out first (cohortPeriodsQuery): every bound below is a constant, which the planner
 *   estimates rows with (a subquery's value it cannot see: it took 720k rows for 4k).
 * - first_time: the period of the unit's first start event ever. Read: the start events of the
 *   cohort periods (events_event_time_idx), the earliest per unit, kept when the unit has none
 *   before the first cohort (a probe of events_person_time_idx, stopping at the first found).
 *   Any event, for persons: person_stats.first_seen, the first event ever.
 * - recurring: every cohort period in which the unit did the start event.
 *
 * `extraJoins` are lateral joins of each member row `a` (a drilldown's return), and `value` the
 * breakdown's (memberValue), their columns added to members: in the CTE itself, so on Citus they
 * run in the member's shard.
 */
export function membersCte(
  scope: RetentionScope,
  extraJoins: { column: SQL; join: SQL }[] = [],
  value: MemberValue | null = null,
): SQL {
  const extra = [...(value?.kind === "probe" ? [breakdownJoin(value.value)] : []), ...extraJoins];
  const { projectId } = scope;
  const periods = periodsOf(scope);
  const { key, membership } = unitKey(scope.unit);
  const starts = sql`select ${key} as p, e.timestamp as ts from events e ${membership}
    where e.project_id = ${projectId} and ${matchesAny(projectId, scope.start)}
      and e.timestamp >= ${first(scope)} and e.timestamp < ${end(scope)}`;
  let members: SQL;
  if (scope.mode === "recurring") {
    members = sql`select s.p, ${bucketOf(sql`s.ts`, periods)} as c, min(s.ts) as t0 from starts s group by 1, 2`;
  } else if (!readsEvents(scope).starts) {
    // A person's first event ever is person_stats.first_seen (kept at ingestion, through merges
    // and late events): no scan of the range's events.
    const v = value?.kind === "first" ? sql.raw(`, s.first_${value.column} as v`) : sql``;
    members = sql`select s.person_id as p, ${bucketOf(sql`s.first_seen`, periods)} as c, s.first_seen as t0${v}
      from person_stats s where s.project_id = ${projectId}
        and s.first_seen >= ${first(scope)} and s.first_seen < ${end(scope)}`;
  } else {
    // The first start event in the range, kept when there is none before it (one probe per unit;
    // on Citus, for accounts, the accounts with one before, found once: a probe by account cannot
    // be pushed down to the shards, which hold persons).
    const seenBefore =
      scope.citus && scope.unit === "accounts"
        ? sql`f.p in (select m.account_id from events e ${membership} where e.project_id = ${projectId}
                        and e.timestamp < ${first(scope)} and ${matchesAny(projectId, scope.start)})`
        : sql`exists (select 1 from events e where e.project_id = ${projectId}
                        and ${isOfUnit(scope.unit, projectId, sql`e.person_id`, sql`f.p`)}
                        and e.timestamp < ${first(scope)}
                        and ${matchesAny(projectId, scope.start)})`;
    members = sql`select f.p, ${bucketOf(sql`f.t0`, periods)} as c, f.t0
      from (select s.p, min(s.ts) as t0 from starts s group by s.p) f
      where not ${seenBefore}`;
  }
  return sql`cohort_periods as materialized (select * from unnest(${sql.param(scope.cohorts.map((c) => c.c))}::timestamptz[],
                                                               ${sql.param(scope.cohorts.map((c) => c.next))}::timestamptz[]) as t(c, next)),
    starts as (${starts}),
    members as materialized (${
      extra.length === 0
        ? members
        : sql`select a.*${sql.join(
            extra.map((x) => x.column),
            sql``,
          )} from (${members}) a${sql.join(
            extra.map((x) => x.join),
            sql``,
          )}`
    })`;
}

/**
 * `hits` over `source` (members, or the breakdown's `grouped`): bounded, one row per member that
 * came back, with `mask` a bit(periods + 1) whose bit k is set when it did the return event in
 * period k (1 … periods) after the cohort's; unbounded, `k` the last such period (capped at
 * `periods`): retained at every k up to it ("on or after").
 */
function hitsCte(scope: RetentionScope, source: string, carried: string[]): SQL {
  const { projectId } = scope;
  const { key, membership } = unitKey(scope.unit);
  const N = scope.periods;
  const returned = sql`e.project_id = ${projectId} and ${matchesAny(projectId, scope.returns)}
    and e.timestamp >= ${first(scope)}`;
  // k: how many periods after the member's cohort a period number is, or an instant's period.
  const sinceCohort = (period: SQL) => sql`(${period} - ${periodNumber(sql`m.c`, scope)})`;
  const k = (instant: SQL) => sinceCohort(periodNumber(instant, scope));
  if (scope.bounded) {
    const horizon = periodStartAfter(last(scope), sql`${N + 1}`, scope);
    const local = (instant: SQL) => sql`(${instant} at time zone ${scope.timeZone})::date`;
    // Any event: the persons' active days (person_days, a row per person and local day)
    // instead of every event. Each return as its period's number (`r`), so that a member's k is
    // a difference of two integers.
    const fromDays = !readsEvents(scope).returns;
    const returns = fromDays
      ? sql`select ${scope.unit === "accounts" ? sql`m.account_id` : sql`d.person_id`} as p, ${localDatePeriod(sql`d.day`, scope)} as r
            from person_days d
            ${scope.unit === "accounts" ? sql`join account_members m on m.project_id = d.project_id and m.person_id = d.person_id` : sql``}
            where d.project_id = ${projectId} and d.day >= ${local(sql`${first(scope)}`)}
              and d.day < ${local(horizon)}`
      : sql`select ${key} as p, ${periodNumber(sql`e.timestamp`, scope)} as r from events e ${membership}
            where ${returned} and e.timestamp < ${horizon}`;
    // One row per member: the periods k it came back in as the bits of a bit(N + 1), OR-ed over
    // its returns (no DISTINCT over the returns: a sort of every row it would be).
    const zero = sql.raw(`B'${"0".repeat(N + 1)}'`);
    const columns = carried.map((c) => `, m.${c}`).join("");
    const after = sinceCohort(sql`r.r`); // k of a return
    // From events, materialized: each return's period (a time zone conversion) is worked out
    // once, whatever join the planner picks. From person_days, inlined: the planner then reads
    // them in person order from the primary key and merges (a materialized CTE it had to sort:
    // 1.1 s → 0.7 s for the weekly any-event triangle at 10M).
    return sql`returns as ${fromDays ? sql`` : sql`materialized `}(${returns}),
      hits as (select m.p, m.c${sql.raw(columns)}, bit_or(set_bit(${zero}, ${after}, 1)) as mask
               from ${sql.raw(source)} m join returns r on r.p = m.p and ${after} > 0
               where ${after} <= ${N} group by m.p, m.c${sql.raw(columns)})`;
  }
  // A person's last event ever is person_stats.last_seen.
  const lasts = !readsEvents(scope).returns
    ? sql`select s.person_id as p, s.last_seen as last from person_stats s
            where s.project_id = ${projectId} and s.last_seen >= ${first(scope)}`
    : sql`select ${key} as p, max(e.timestamp) as last from events e ${membership} where ${returned} group by 1`;
  return sql`lasts as (${lasts}),
    hits as (select m.p, m.c, least(${k(sql`l.last`)}, ${N}) as k${sql.raw(carried.map((c) => `, m.${c}`).join(""))}
             from ${sql.raw(source)} m join lasts l on l.p = m.p and ${k(sql`l.last`)} > 0)`;
}

export type RetentionQueryInput = RetentionScope & { breakdown: { value: MemberValue; limit: number } | null };

/**
 * The whole triangle in one statement, as JSON: the cohort periods with, for each period k of
 * theirs, whether it has ended (`now()`), the cohort sizes and the hits per (cohort, k) — per
 * breakdown group (the top N values, then "other") when there is a breakdown. result.ts makes the
 * rates, the unbounded sums and the average.
 */
export function buildRetentionQuery(input: RetentionQueryInput): SQL {
  const { breakdown } = input;
  const source = breakdown ? "grouped" : "members";
  // The group of a row: kept (a top value) and its value; without a breakdown, one group.
  const kept = breakdown ? sql`a.kept` : sql`true`;
  const value = breakdown ? sql`case when a.kept then a.v end` : sql`null::text`;
  const ended = periodStartAfter(sql`cp.c`, sql`(k + 1)`, input);
  return sql`with ${membersCte(input, [], breakdown?.value ?? null)}${breakdown ? sql`, ${breakdownCtes("members", breakdown.limit)}` : sql``},
    ${hitsCte(input, source, breakdown ? ["kept", "v"] : [])}
    select
      (select coalesce(json_agg(json_build_array(${isoUtc(sql`cp.c`)}, ${isoUtc(sql`cp.next`)},
                array(select ${ended} <= now() from generate_series(0, ${input.periods}) k order by k)) order by cp.c), '[]')
       from cohort_periods cp) as periods,
      (select coalesce(json_agg(json_build_array(g.kept, g.v, ${isoUtc(sql`g.c`)}, g.n)), '[]')
       from (select ${kept} as kept, ${value} as v, a.c, count(*)::int as n
             from ${sql.raw(source)} a group by 1, 2, 3) g) as sizes,
      (select coalesce(json_agg(json_build_array(g.kept, g.v, ${isoUtc(sql`g.c`)}, g.k, g.n)), '[]')
       from (${cellCounts(input, kept, value)}) g) as cells`;
}

/**
 * (kept, v, c, k, n) from `hits`: bounded, the members with bit k set, counted for every k in one
 * pass; unbounded, the members whose last period is k (result.ts sums them down).
 */
function cellCounts(input: RetentionQueryInput, kept: SQL, value: SQL): SQL {
  if (!input.bounded) {
    return sql`select ${kept} as kept, ${value} as v, a.c, a.k, count(*)::int as n from hits a group by 1, 2, 3, 4`;
  }
  const counts = Array.from(
    { length: input.periods },
    (_, i) => sql`count(*) filter (where get_bit(a.mask, ${sql.raw(String(i + 1))}) = 1)`,
  );
  return sql`select t.kept, t.v, t.c, u.k::int as k, u.n::int as n
    from (select ${kept} as kept, ${value} as v, a.c, array[${sql.join(counts, sql`, `)}] as counts
          from hits a group by 1, 2, 3) t,
         unnest(t.counts) with ordinality as u(n, k)`;
}
