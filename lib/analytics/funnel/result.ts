import type { Deploy } from "@/lib/deploys/deploys";
import type { ResultMeta } from "../common";
import { TIME_TO_CONVERT_EDGES } from "./aggregate";
import type { CompiledFunnel } from "./compile";
import type { FunnelParams } from "./params";

export type FunnelStepResult = {
  /** The event name, or "a or b" for an OR-step. */
  event: string;
  optional: boolean;
  count: number;
  /** Of those who entered (step 1). */
  conversionFromStart: number;
  /** Of the step before: the last required step before this one (an optional step does not block). */
  conversionFromPrevious: number;
  /** Reached the step before, not this one. */
  dropped: number;
  medianSecondsFromPrevious: number | null;
  p90SecondsFromPrevious: number | null;
  medianSecondsFromStart: number | null;
  p90SecondsFromStart: number | null;
};

export type FunnelResult = {
  steps: FunnelStepResult[];
  breakdown: { property: string; values: { value: string | null; other: boolean; steps: FunnelStepResult[] }[] } | null;
  /** Conversion by the entries' period; `incomplete` while some of its entries' windows are still open. */
  overTime: {
    interval: "day" | "week";
    /** `reached`: how many of the period's entries reached each required step (anomalies of step conversion). */
    points: {
      t: string;
      entered: number;
      converted: number;
      rate: number | null;
      incomplete: boolean;
      reached: number[];
    }[];
  };
  /** Deploys in [from, to): markers on conversion over time. */
  deploys: Deploy[];
  /** First → last step, of the persons who converted; buckets over the span the data has. */
  timeToConvert: { buckets: { fromSeconds: number; toSeconds: number; count: number }[]; medianSeconds: number | null };
  meta: ResultMeta & {
    unit: "persons" | "accounts";
    windowSeconds: number;
    order: FunnelParams["order"];
    exclusions: number;
    /** Unit accounts: persons who entered without being any account's member (left out). */
    personsWithoutAccount: number | null;
    /** How identities are counted, for the "how computed" panel. */
    identity: string;
  };
};

/** A row of step figures as the query gives it: count, [median, p90] from previous, [median, p90] from start. */
type StepRow = [number, [number, number] | null, [number, number] | null];

export type FunnelRow = {
  steps: StepRow[];
  breakdown: [boolean, string | null, StepRow[], number][] | null;
  over_time: [string, number, number, string, number[] | null][];
  time_to_convert: [number, number][];
  without_account: number | null;
};

/** The step figures with conversions and drop-off worked out (from counts only: exact, no rounding). */
export function toSteps(funnel: CompiledFunnel, rows: StepRow[]): FunnelStepResult[] {
  const counts = rows.map((row) => row[0]);
  const entered = counts[0] ?? 0;
  let lastRequired = 0;
  return funnel.steps.map((step, i) => {
    const row = rows[i] as StepRow;
    const count = row[0];
    const previous = i === 0 ? count : (counts[lastRequired] ?? 0);
    if (!step.optional) lastRequired = i;
    return {
      event: step.label,
      optional: step.optional,
      count,
      conversionFromStart: entered ? count / entered : 0,
      conversionFromPrevious: previous ? count / previous : 0,
      dropped: previous - count,
      medianSecondsFromPrevious: i === 0 ? null : (row[1]?.[0] ?? null),
      p90SecondsFromPrevious: i === 0 ? null : (row[1]?.[1] ?? null),
      medianSecondsFromStart: i === 0 ? null : (row[2]?.[0] ?? null),
      p90SecondsFromStart: i === 0 ? null : (row[2]?.[1] ?? null),
    };
  });
}

export function toFunnelResult(
  funnel: CompiledFunnel,
  params: FunnelParams,
  row: FunnelRow,
  meta: ResultMeta & { identity: string },
  now: number,
  deploys: Deploy[],
): FunnelResult {
  const windowMs = params.window * 1000;
  const end = Date.parse(params.to);
  const points = row.over_time.map(([t, entered, converted, next, reached]) => {
    // Entries until the period's end (or `to`) may still convert within the window after them.
    const periodEnd = Math.min(Date.parse(next), end);
    return {
      t,
      entered,
      converted,
      rate: entered ? converted / entered : null,
      incomplete: periodEnd + windowMs > now,
      reached: reached ?? funnel.required.map(() => 0),
    };
  });
  const steps = toSteps(funnel, row.steps);
  return {
    steps,
    breakdown:
      params.breakdown && row.breakdown
        ? {
            property: params.breakdown.property,
            values: row.breakdown.map(([kept, value, steps]) => ({
              value,
              other: !kept,
              steps: toSteps(funnel, steps),
            })),
          }
        : null,
    overTime: { interval: params.interval, points },
    deploys,
    // The median first → last step is the last step's from step 1 (never optional): computed once.
    timeToConvert: {
      buckets: histogram(row.time_to_convert),
      medianSeconds: steps.at(-1)?.medianSecondsFromStart ?? null,
    },
    meta: {
      ...meta,
      unit: params.unit,
      windowSeconds: params.window,
      order: params.order,
      exclusions: params.exclusions?.length ?? 0,
      personsWithoutAccount: row.without_account,
    },
  };
}

/** width_bucket's counts → the buckets from the first to the last with anyone in it, gaps as zeros. */
export function histogram(counts: [number, number][]): FunnelResult["timeToConvert"]["buckets"] {
  if (counts.length === 0) return [];
  const last = TIME_TO_CONVERT_EDGES.length - 1;
  const clamp = (bucket: number) => Math.min(Math.max(bucket, 1), last);
  const byBucket = new Map<number, number>();
  for (const [bucket, count] of counts) byBucket.set(clamp(bucket), (byBucket.get(clamp(bucket)) ?? 0) + count);
  const present = [...byBucket.keys()];
  const buckets = [];
  for (let b = Math.min(...present); b <= Math.max(...present); b++) {
    buckets.push({
      fromSeconds: TIME_TO_CONVERT_EDGES[b - 1] as number,
      toSeconds: TIME_TO_CONVERT_EDGES[b] as number,
      count: byBucket.get(b) ?? 0,
    });
  }
  return buckets;
}
