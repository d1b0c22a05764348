import type { Deploy } from "@/lib/deploys/deploys";
import type { ResultMeta } from "../common";
import type { RetentionParams } from "./params";

export type RetentionCohort = {
  /** The cohort's period: its start and the next period's, as instants. */
  start: string;
  end: string;
  size: number;
  /** Per period 0 … periods: retained units (period 0: the cohort), null while that period has not ended. */
  values: (number | null)[];
  /** values / size (null where the value is, or the cohort is empty). */
  rates: (number | null)[];
  /** Whether each period has not ended yet (its value is null, never 0). */
  incomplete: boolean[];
};

/** A point of the average curve: the cohorts that reached the period, weighted by their size. */
export type AveragePoint = { rate: number | null; retained: number; of: number; cohorts: number };

export type RetentionResult = {
  period: RetentionParams["period"];
  periods: number;
  cohorts: RetentionCohort[];
  average: AveragePoint[];
  breakdown: {
    property: string;
    values: {
      value: string | null;
      other: boolean;
      size: number;
      cohorts: RetentionCohort[];
      average: AveragePoint[];
    }[];
  } | null;
  /** Deploys in the cohorts' span: markers on the cohort axis. */
  deploys: Deploy[];
  meta: ResultMeta & {
    unit: "persons" | "accounts";
    mode: RetentionParams["mode"];
    bounded: boolean;
    startEvent: string;
    returnEvent: string;
    identity: string;
  };
};

/** The statement's JSON (query.ts). */
export type RetentionRow = {
  /** [start, end, ended per period 0 … N]. */
  periods: [string, string, boolean[]][];
  /** [kept, value, cohort start, size]. */
  sizes: [boolean, string | null, string, number][];
  /** [kept, value, cohort start, k, units] (unbounded: k is each unit's last period). */
  cells: [boolean, string | null, string, number, number][];
};

const groupKey = (kept: boolean, value: string | null) => JSON.stringify([kept, value]);

/** One group's cohorts: sizes and hits into values (unbounded: summed from the last period down). */
function cohortsOf(
  row: RetentionRow,
  params: Pick<RetentionParams, "periods" | "bounded">,
  group: string,
): RetentionCohort[] {
  const sizes = new Map(
    row.sizes.filter(([kept, value]) => groupKey(kept, value) === group).map(([, , c, n]) => [c, n] as const),
  );
  const hits = new Map<string, number[]>();
  for (const [kept, value, c, k, n] of row.cells) {
    if (groupKey(kept, value) !== group) continue;
    const counts = hits.get(c) ?? Array.from({ length: params.periods + 1 }, () => 0);
    counts[k] = (counts[k] ?? 0) + n;
    hits.set(c, counts);
  }
  return row.periods.map(([start, end, ended]) => {
    const size = sizes.get(start) ?? 0;
    const counts = hits.get(start) ?? Array.from({ length: params.periods + 1 }, () => 0);
    if (!params.bounded) {
      // Each unit counted at its last period: retained at every period up to it.
      for (let k = params.periods - 1; k >= 1; k--) counts[k] = (counts[k] ?? 0) + (counts[k + 1] ?? 0);
    }
    const values = counts.map((n, k) => (k === 0 ? size : ended[k] ? n : null));
    return {
      start,
      end,
      size,
      values,
      rates: values.map((v) => (v === null || size === 0 ? null : v / size)),
      incomplete: ended.map((done) => !done),
    };
  });
}

/** The cohort-size-weighted average per period, over the cohorts whose period has ended (and are not empty). */
export function averageOf(cohorts: RetentionCohort[], periods: number): AveragePoint[] {
  return Array.from({ length: periods + 1 }, (_, k) => {
    let retained = 0;
    let of = 0;
    let counted = 0;
    for (const cohort of cohorts) {
      const value = cohort.values[k];
      if (value === null || value === undefined || cohort.size === 0) continue;
      retained += value;
      of += cohort.size;
      counted++;
    }
    return { rate: of === 0 ? null : retained / of, retained, of, cohorts: counted };
  });
}

export function toRetentionResult(
  params: RetentionParams,
  row: RetentionRow,
  meta: RetentionResult["meta"],
  deploys: Deploy[],
): RetentionResult {
  const all = groupKey(true, null);
  const cohorts = params.breakdown
    ? sumGroups(row, params, [...new Set(row.sizes.map(([kept, value]) => groupKey(kept, value)))])
    : cohortsOf(row, params, all);
  let breakdown: RetentionResult["breakdown"] = null;
  if (params.breakdown) {
    const groups = new Map<string, { kept: boolean; value: string | null; size: number }>();
    for (const [kept, value, , n] of row.sizes) {
      const key = groupKey(kept, value);
      const group = groups.get(key) ?? { kept, value, size: 0 };
      group.size += n;
      groups.set(key, group);
    }
    const ordered = [...groups.entries()].sort(
      ([, a], [, b]) => Number(b.kept) - Number(a.kept) || b.size - a.size || compareValues(a.value, b.value),
    );
    breakdown = {
      property: params.breakdown.property,
      values: ordered.map(([key, group]) => {
        const groupCohorts = cohortsOf(row, params, key);
        return {
          value: group.kept ? group.value : null,
          other: !group.kept,
          size: group.size,
          cohorts: groupCohorts,
          average: averageOf(groupCohorts, params.periods),
        };
      }),
    };
  }
  return {
    period: params.period,
    periods: params.periods,
    cohorts,
    average: averageOf(cohorts, params.periods),
    breakdown,
    deploys,
    meta,
  };
}

/** The cohorts of every unit, from the breakdown's groups (which partition them). */
function sumGroups(row: RetentionRow, params: RetentionParams, groups: string[]): RetentionCohort[] {
  const parts = groups.map((group) => cohortsOf(row, params, group));
  const base = cohortsOf({ ...row, sizes: [], cells: [] }, params, "none");
  return base.map((cohort, i) => {
    const size = parts.reduce((sum, part) => sum + (part[i]?.size ?? 0), 0);
    const values = cohort.values.map((v, k) =>
      k === 0 ? size : v === null ? null : parts.reduce((sum, part) => sum + (part[i]?.values[k] ?? 0), 0),
    );
    return { ...cohort, size, values, rates: values.map((v) => (v === null || size === 0 ? null : v / size)) };
  });
}

/** Values by name, no value last. */
function compareValues(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
