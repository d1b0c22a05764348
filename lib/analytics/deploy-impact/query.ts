import { type SQL, sql } from "drizzle-orm";
import { type ImpactDimension, PAIR_DIMENSION } from "./params";

/** A window compared: k = 0 the one after the deploy, k ≥ 1 the same hours k weeks earlier. */
export type ImpactWindow = { k: number; from: string; to: string };

export function impactWindows(deployAt: string, windowSeconds: number, weeks: number): ImpactWindow[] {
  const start = Date.parse(deployAt);
  return Array.from({ length: weeks + 1 }, (_, k) => {
    const from = start - k * 7 * 86_400_000;
    return { k, from: new Date(from).toISOString(), to: new Date(from + windowSeconds * 1000).toISOString() };
  });
}

function windowsCte(windows: ImpactWindow[]): SQL {
  return sql`w(k, s, e) as (values ${sql.join(
    windows.map((w) => sql`(${w.k}::int, ${w.from}::timestamptz, ${w.to}::timestamptz)`),
    sql`, `,
  )})`;
}

/** An allowlisted promoted dimension → its column over the row `x`. */
const DIMENSION_SQL: Record<Exclude<ImpactDimension, "account.plan">, string> = {
  os: "x.os",
  browser: "x.browser",
  device_type: "x.device_type",
  app_version: "x.app_version",
  country: "x.country",
  locale: "x.locale",
  path: "x.path",
};

/** Paths seen fewer times than this in a window are left out: a path's long tail would be most of the rows. */
const MIN_PATH_CELL = 3;

/** Each window's events by its own constant time range over every event id (events_event_time_idx, one range per event and window). */
function windowEvents(projectId: number, windows: ImpactWindow[], eventIds: number[], columns: SQL): SQL {
  return sql.join(
    windows.map(
      (w) => sql`select ${w.k}::int as k, ${columns} from events e
        where e.project_id = ${projectId} and e.event_id = any(${sql.param(eventIds)}::int[])
          and e.timestamp >= ${w.from}::timestamptz and e.timestamp < ${w.to}::timestamptz`,
    ),
    sql` union all `,
  );
}

/**
 * Counts per window, event and segment — the whole of what deploy impact judges: per event (and
 * for every event together, `event_id` null: the segment's traffic) the total (`d` = '') and the
 * count per value of every promoted dimension and of os × app_version. The windows' rows (the
 * partitions' rows of each window only, by constant ranges) are first grouped by all dimensions
 * together (a window holds far fewer distinct combinations than events), then each combination
 * is counted once per dimension. The account plan is counted apart (buildImpactPlanCountsQuery).
 * `x` is materialized so that on Citus the shards group the events and the coordinator makes the
 * grouping sets from the combinations (Citus cannot push GROUPING SETS down).
 */
export function buildImpactCountsQuery(
  projectId: number,
  windows: ImpactWindow[],
  dimensions: ImpactDimension[],
  eventIds: number[],
): SQL {
  const columns = dimensions.filter((d): d is Exclude<ImpactDimension, "account.plan"> => d !== "account.plan");
  const groups = [
    sql`('', null::text)`,
    ...columns.map((d) => sql`(${d}, ${sql.raw(DIMENSION_SQL[d])})`),
    ...(columns.includes("os") && columns.includes("app_version")
      ? [sql`(${PAIR_DIMENSION}, x.os || '×' || x.app_version)`]
      : []),
  ];
  const read = sql`e.event_id, e.os, e.browser, e.device_type, e.app_version, e.country, e.locale, e.path`;
  return sql`with x as materialized (
      select e.k, e.event_id, e.os, e.browser, e.device_type, e.app_version, e.country, e.locale, e.path, count(*) as n
      from (${windowEvents(projectId, windows, eventIds, read)}) e
      group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    )
    select x.k, x.event_id, g.d, g.v, sum(x.n)::float8 as n
    from x cross join lateral (values ${sql.join(groups, sql`, `)}) as g(d, v)
    group by grouping sets ((x.k, x.event_id, g.d, g.v), (x.k, g.d, g.v))
    having sum(x.n) >= ${MIN_PATH_CELL} or g.d <> 'path'`;
}

/**
 * The same counts by the account plan (the trait of the person's account with the smallest id,
 * as `account.*` is everywhere: properties.ts), per window and event and for every event
 * together: index-only reads of events_event_time_idx (its INCLUDE (person_id)) joined to one
 * hashed map of members' plans, counted per (window, event, plan) first (materialized: on Citus
 * the grouping sets are made on the coordinator from those counts). The map is each person's
 * first membership in primary key order (no sort) with its account's plan, read once per
 * account; inlined, so the planner knows it holds one row per person (materialized, it expected
 * 270M rows from the join and sorted both sides for a merge join: 545 → 405 ms at 10M).
 */
export function buildImpactPlanCountsQuery(projectId: number, windows: ImpactWindow[], eventIds: number[]): SQL {
  return sql`with account_plans as materialized (
      select id, traits ->> 'plan' as plan from accounts where project_id = ${projectId}),
    plans as (
      select f.person_id, a.plan from (
        select distinct on (m.person_id) m.person_id, m.account_id from account_members m
        where m.project_id = ${projectId} order by m.person_id, m.account_id) f
      join account_plans a on a.id = f.account_id),
    y as materialized (
      select e.k, e.event_id, p.plan, count(*) as n
      from (${windowEvents(projectId, windows, eventIds, sql`e.event_id, e.person_id`)}) e
      left join plans p on p.person_id = e.person_id
      group by 1, 2, 3)
    select y.k, y.event_id, 'account.plan' as d, y.plan as v, sum(y.n)::float8 as n
    from y group by grouping sets ((y.k, y.event_id, y.plan), (y.k, y.plan))`;
}

/**
 * A conversion between two key events per window: persons who did `a` in the window (trials),
 * and of them those who did `b` after their first `a`, before the window ended (successes).
 * events_event_time_idx for `a`, events_person_time_idx for each person's `b`.
 */
export function buildImpactConversionQuery(projectId: number, windows: ImpactWindow[], a: number, b: number): SQL {
  return sql`with ${windowsCte(windows)}
    select w.k, count(*)::float8 as trials,
      (count(*) filter (where exists (
        select 1 from events e where e.project_id = ${projectId} and e.person_id = f.p and e.event_id = ${b}
          and e.timestamp > f.t and e.timestamp < w.e)))::float8 as successes
    from w cross join lateral (
      select e.person_id as p, min(e.timestamp) as t from events e
      where e.project_id = ${projectId} and e.event_id = ${a} and e.timestamp >= w.s and e.timestamp < w.e
      group by 1) f
    group by w.k`;
}

/** A segment's condition over the event `e` (the dimension's value, null: unset). */
export function segmentCondition(projectId: number, dimension: string, value: string | null): SQL {
  const column = (name: string) => sql.raw(`e.${name}`);
  const expression =
    dimension === PAIR_DIMENSION
      ? sql`(e.os || '×' || e.app_version)`
      : dimension === "account.plan"
        ? sql`(select a.traits ->> 'plan' from account_members m join accounts a on a.id = m.account_id
               where m.project_id = ${projectId} and m.person_id = e.person_id order by m.account_id limit 1)`
        : column(dimension);
  return value === null ? sql`${expression} is null` : sql`${expression} = ${value}`;
}

/**
 * The persons behind a change: active in [from, to) (in the segment), who did the event there
 * or did not, by person id after the cursor.
 */
export function buildImpactPersonsQuery(input: {
  projectId: number;
  eventId: number;
  from: string;
  to: string;
  segment: SQL;
  did: boolean;
  after: number | null;
  limit: number;
}): SQL {
  const { projectId } = input;
  return sql`select e.person_id::text as p, (count(*) filter (where e.event_id = ${input.eventId}))::float8 as events
    from events e
    where e.project_id = ${projectId} and e.timestamp >= ${input.from}::timestamptz and e.timestamp < ${input.to}::timestamptz
      and ${input.segment} ${input.after === null ? sql`` : sql`and e.person_id > ${input.after}`}
    group by e.person_id
    having ${input.did ? sql`` : sql`not `}bool_or(e.event_id = ${input.eventId})
    order by e.person_id limit ${input.limit + 1}`;
}
