import { type SQL, sql } from "drizzle-orm";
import { breakdownCtes, breakdownJoin } from "../breakdown";
import { isoUtc } from "../common";
import { bucketOf, bucketsQuery } from "../periods";
import { isOfUnit } from "../units";
import { entryMatchers, matches } from "./compile";
import { bestAttemptsCte, type FunnelScope } from "./query";

/** Histogram edges of the time to convert, in seconds (the result keeps the span the data has). */
export const TIME_TO_CONVERT_EDGES = [
  0, 10, 30, 60, 120, 300, 600, 1_800, 3_600, 7_200, 21_600, 43_200, 86_400, 172_800, 259_200, 604_800, 1_209_600,
  2_592_000, 5_184_000, 7_776_000, 15_552_000, 31_622_400,
];

/**
 * `best` (query.ts) with each optional step's time: the first match strictly between the required
 * steps around it, or after the one before it within the window when the next was not reached;
 * and with the breakdown value `v` of the attempt when there is one (breakdownValueAt). Both are
 * lateral joins of `best`'s rows, in the same CTE: per person, pushed down on Citus. Materialized
 * (what PostgreSQL does anyway for a CTE read more than once): Citus then plans it as a query of
 * its own, pushed down whole, where inlined in a drilldown's ORDER BY … LIMIT it refuses the join.
 */
export function attemptsCte(scope: FunnelScope, value: SQL | null = null): SQL {
  const { funnel } = scope;
  const W = sql`make_interval(secs => ${scope.window})`;
  const member = isOfUnit(scope.unit, funnel.projectId, sql`e.person_id`, sql`a.p`);
  const optional = funnel.optional.map((o) => {
    const name = sql.raw(`o${o.step}`);
    return {
      column: sql`, ${name}.t as ${name}`,
      join: sql` left join lateral (select min(e.timestamp) as t from events e
        where a.reached >= ${o.after} and e.project_id = ${funnel.projectId} and ${member} and ${matches(funnel, o.matchers)}
          and e.timestamp > a.times[${o.after}]
          and (case when a.reached > ${o.after} then e.timestamp < a.times[${o.after + 1}] else e.timestamp <= a.t1 + ${W} end)) ${name} on true`,
    };
  });
  const byValue = breakdownJoin(value);
  return sql`${bestAttemptsCte(scope)},
    attempts as materialized (select a.*${sql.join(
      optional.map((o) => o.column),
      sql``,
    )}${byValue.column} from best a${sql.join(
      optional.map((o) => o.join),
      sql``,
    )}${byValue.join})`;
}

/** Step `level`'s time; step 1's as `a.t1`, so that "from step 1" and "from the previous" are one aggregate. */
const timeOf = (level: number) => sql.raw(level === 1 ? "a.t1" : `a.times[${Math.trunc(level)}]`);

/** Per displayed step: who counts there, when they did it, and the step they came from. */
export function stepTerms(scope: FunnelScope) {
  return scope.funnel.steps.map((step, i) => {
    if (step.level !== null) {
      return {
        reached: sql`a.reached >= ${step.level}`,
        at: timeOf(step.level),
        from: step.level > 1 ? timeOf(step.level - 1) : null,
      };
    }
    const after = scope.funnel.optional.find((o) => o.step === i + 1)?.after as number;
    const column = sql.raw(`a.o${i + 1}`);
    return { reached: sql`${column} is not null`, at: column, from: timeOf(after) };
  });
}

/**
 * The steps' counts and median/p90 seconds (from the step before, from step 1), as one JSON array.
 * For step 2 both are the same expression, which PostgreSQL computes once.
 */
function stepsJson(scope: FunnelScope): SQL {
  const seconds = (later: SQL, earlier: SQL) => sql`extract(epoch from ${later} - ${earlier})`;
  // Median and p90 from one sort of the values.
  const pct = (value: SQL, where: SQL) =>
    sql`percentile_cont(array[0.5, 0.9]::float8[]) within group (order by ${value}) filter (where ${where})`;
  return sql`json_build_array(${sql.join(
    stepTerms(scope).map(({ reached, at, from }, i) => {
      // Step 1 has no time from anything (toSteps reads none): only its count.
      if (i === 0) return sql`json_build_array(count(*) filter (where ${reached}), null, null)`;
      const fromStart = seconds(at, sql`a.t1`);
      const fromPrevious = from ? seconds(at, from) : sql`null::float8`;
      return sql`json_build_array(count(*) filter (where ${reached}), ${pct(fromPrevious, reached)}, ${pct(fromStart, reached)})`;
    }),
    sql`, `,
  )})`;
}

export type FunnelQueryInput = FunnelScope & {
  timeZone: string;
  interval: "day" | "week";
  /** The breakdown value of an attempt (over `a`), or none. */
  breakdown: { value: SQL; limit: number } | null;
};

/**
 * The whole funnel in one statement, `best` computed once: the steps (and per breakdown value,
 * the top N by entries and "other"), conversion over time by the entries' day or week (project
 * zone), and the time-to-convert histogram, as JSON. Persons without an account (unit accounts)
 * are counted apart: those who entered but are no account's members.
 */
export function buildFunnelQuery(input: FunnelQueryInput): SQL {
  const { funnel, breakdown } = input;
  const levels = funnel.required.length;
  const periods = { interval: input.interval, from: input.from, to: input.to, timeZone: input.timeZone };
  const converted = sql`a.reached >= ${levels}`;
  const breakdownPart = breakdown ? sql`, ${breakdownCtes("attempts", breakdown.limit)}` : sql``;
  const withoutAccount =
    input.unit === "accounts"
      ? sql`(select count(distinct e.person_id)::int from events e
           where e.project_id = ${funnel.projectId} and e.timestamp >= ${input.from}::timestamptz and e.timestamp < ${input.to}::timestamptz
             and e.event_id = any(${sql.param(funnel.eventIds)}::int[]) and ${matches(funnel, entryMatchers(funnel, input.order))}
             and not exists (select 1 from account_members m where m.project_id = e.project_id and m.person_id = e.person_id))`
      : sql`null::int`;
  return sql`with ${attemptsCte(input, breakdown?.value ?? null)}${breakdownPart}
    select
      (select ${stepsJson(input)} from attempts a) as steps,
      ${
        breakdown
          ? sql`(select coalesce(json_agg(json_build_array(g.kept, g.v, g.steps, g.entered) order by g.kept desc, g.entered desc, g.v nulls last), '[]')
               from (select a.kept, case when a.kept then a.v end as v, ${stepsJson(input)} as steps, count(*) as entered
                     from grouped a group by 1, 2) g)`
          : sql`null::json`
      } as breakdown,
      (select coalesce(json_agg(json_build_array(${isoUtc(sql`p.bucket`)}, coalesce(o.entered, 0), coalesce(o.converted, 0),
                                                 ${isoUtc(sql`p.next`)}, o.reached) order by p.bucket), '[]')
       from (${bucketsQuery(periods)}) p
       left join (select ${bucketOf(sql`a.t1`, periods)} as bucket, count(*)::int as entered,
                         (count(*) filter (where ${converted}))::int as converted,
                         array[${sql.join(
                           funnel.required.map((_, k) => sql`(count(*) filter (where a.reached >= ${k + 1}))::int`),
                           sql`, `,
                         )}] as reached
                  from attempts a group by 1) o on o.bucket = p.bucket) as over_time,
      (select coalesce(json_agg(json_build_array(h.bucket, h.n) order by h.bucket), '[]')
       from (select width_bucket(extract(epoch from a.times[${levels}] - a.t1)::float8, ${sql.param(TIME_TO_CONVERT_EDGES)}::float8[]) as bucket,
                    count(*)::int as n
             from attempts a where ${converted} group by 1) h) as time_to_convert,
      ${withoutAccount} as without_account`;
}
