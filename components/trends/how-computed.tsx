import { HowComputedPanel } from "@/components/analytics/how-computed-panel";
import type { AnomaliesResult } from "@/lib/analytics/anomalies/result";
import type { TrendResult } from "@/lib/analytics/trend/result";

/** What a trend counted, in words: buckets, measures, breakdown, comparison, anomaly flags. */
export function TrendHowComputed({ result, flags }: { result: TrendResult; flags: AnomaliesResult | null }) {
  const items = [
    `Buckets of one ${result.interval} in ${result.meta.timeZone} (weeks start on Monday); only events in the range count, so the first and last bucket may be partial.`,
    "Events: every stored event that matches (counts of an event without filters come from the hourly rollups). Unique persons: distinct persons per bucket, not additive over buckets. Events per person: events ÷ unique persons.",
    result.series.some((s) => s.breakdownValue !== undefined)
      ? "Breakdown: the top values by events over every series in the range (the same groups for each), then “other”; person and account properties as they are now."
      : null,
    result.formula
      ? `Formula ${result.formula.expression}: per bucket, from the series' values; a division by zero is left empty.`
      : null,
    result.compare
      ? `Compared with ${result.compare.from.slice(0, 10)} – ${result.compare.to.slice(0, 10)}, bucket by bucket (dashed).`
      : null,
    flags
      ? `Anomalies (red rings): each ${flags.interval} against the same ${flags.interval === "hour" ? "hour of the week" : "weekday"} in up to ${flags.method.weeks} previous weeks (median and MAD), flagged only when the test and the minimum effect both pass (docs/anomalies.md).`
      : null,
  ].filter((item): item is string => item !== null);
  return (
    <HowComputedPanel meta={result.meta}>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </HowComputedPanel>
  );
}
