import type { Deploy } from "@/lib/deploys/deploys";
import type { ResultMeta } from "../common";
import { firstJudgedSlot, SLOTS_PER_WEEK, sameSlotHistory } from "./baseline";
import { estimateCountDispersion, estimateRateDispersion } from "./dispersion";
import {
  type COUNT_DEFAULTS,
  type Judgement,
  judgeCount,
  judgeRate,
  type Proportion,
  type RATE_DEFAULTS,
} from "./stats";

export type AnomalyPoint = Omit<Judgement, "history"> & {
  t: string;
  /** The slot's value: a count, or a rate (successes ÷ trials) for a funnel's step conversion. */
  value: number | null;
  history: Judgement["history"];
  /** The slot has not ended (or, for a funnel, its entries' window is still open): never judged. */
  incomplete: boolean;
  /** Data may still be arriving for this slot (it ends after the newest event received): never flagged. */
  late: boolean;
  successes?: number;
  trials?: number;
};

export type AnomalySeries = {
  /** The series' letter (A is the first) or, for a funnel, "1→2" (required steps, 1-based). */
  key: string;
  event: string;
  measure?: string;
  /** "ok" when at least one slot had enough history to be judged; "insufficient" otherwise. */
  history: "ok" | "insufficient";
  points: AnomalyPoint[];
};

export type AnomaliesResult = {
  interval: "hour" | "day";
  series: AnomalySeries[];
  method: {
    weeks: number;
    count: typeof COUNT_DEFAULTS;
    rate: typeof RATE_DEFAULTS;
  };
  deploys: Deploy[];
  meta: ResultMeta;
};

type Slots<T> = { t: string; value: T; incomplete: boolean }[];
type Context = {
  from: string;
  interval: "hour" | "day";
  weeks: number;
  firstData: string | null;
  lastReceivedAt: string | null;
  /** Each slot's end, to tell the slots data may still arrive for. */
  endOf: (index: number) => string;
};

/** Judges every slot of [from, …) of `slots` with `judge`, against the same slot in previous weeks. */
function judgeSlots<T>(
  slots: Slots<T>,
  context: Context,
  judge: (value: T, baseline: (T | null)[], dispersion: number) => Judgement,
  estimate: (baselines: (T | null)[][]) => number,
  numberOf: (value: T) => number | null,
): { history: AnomalySeries["history"]; points: AnomalyPoint[] } {
  const start = firstJudgedSlot(slots, context.from);
  const weeksBefore = sameSlotHistory(slots, start, SLOTS_PER_WEEK[context.interval], context.weeks, context.firstData);
  // The series' noise, estimated once over all its slots (a slot's own few weeks cannot tell it).
  const dispersion = estimate(weeksBefore);
  const received = context.lastReceivedAt ? Date.parse(context.lastReceivedAt) : Number.NEGATIVE_INFINITY;
  const points = slots.slice(start).map((slot, i) => {
    const judged = judge(slot.value, weeksBefore[i] ?? [], dispersion);
    const late = Date.parse(context.endOf(start + i)) > received;
    const unjudged = slot.incomplete || late;
    return {
      ...judged,
      anomaly: judged.anomaly && !unjudged,
      t: slot.t,
      value: numberOf(slot.value),
      incomplete: slot.incomplete,
      late,
    };
  });
  return { history: points.some((p) => p.history === "ok") ? "ok" : "insufficient", points };
}

export function judgeCountSeries(slots: Slots<number>, context: Context) {
  return judgeSlots(
    slots,
    context,
    (value, baseline, dispersion) => judgeCount(value, baseline, { dispersion }),
    estimateCountDispersion,
    (value) => value,
  );
}

export function judgeRateSeries(slots: Slots<Proportion>, context: Context) {
  const judged = judgeSlots(
    slots,
    context,
    (value, baseline, dispersion) => judgeRate(value, baseline, { dispersion }),
    estimateRateDispersion,
    (value) => (value.trials ? value.successes / value.trials : null),
  );
  const start = firstJudgedSlot(slots, context.from);
  return {
    ...judged,
    points: judged.points.map((p, i) => ({
      ...p,
      successes: slots[start + i]?.value.successes ?? 0,
      trials: slots[start + i]?.value.trials ?? 0,
    })),
  };
}
