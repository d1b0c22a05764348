import { breakdownLabel } from "@/components/ui/format";
import type { TrendSeries } from "@/lib/analytics/trend/result";

const MEASURE_LABELS = { count: "events", persons: "persons", per_person: "per person" } as const;

/** How a series is named in legends, tooltips and tables: `A · signup (persons) · iOS`. */
export function seriesLabel(
  series: Pick<TrendSeries, "key" | "event" | "measure" | "where" | "breakdownValue">,
): string {
  const event = series.event === "$any" ? "any event" : series.event;
  const filters = series.where?.length ? ` +${series.where.length} filter${series.where.length > 1 ? "s" : ""}` : "";
  const group =
    series.breakdownValue === undefined
      ? ""
      : ` · ${breakdownLabel({ value: series.breakdownValue, other: series.breakdownValue === "$other" })}`;
  return `${series.key} · ${event}${filters} (${MEASURE_LABELS[series.measure]})${group}`;
}

/** A point's value as text: integers for counts, two decimals otherwise, "—" where undefined. */
export function formatTrendValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return Number.isInteger(value)
    ? value.toLocaleString("en")
    : value.toLocaleString("en", { maximumFractionDigits: 3 });
}
