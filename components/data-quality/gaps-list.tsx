import { formatInstant, formatInteger } from "@/components/ui/format";
import type { GapSpan } from "@/lib/analytics/data-quality/gaps";

/** Hours whose volume fell under a tenth of the usual: data missing or late, before it is a drop. */
export function GapsList({ gaps, timeZone }: { gaps: GapSpan[]; timeZone: string }) {
  if (gaps.length === 0) {
    return (
      <p className="text-sm text-slate-500" data-testid="no-gaps">
        No hour of this range fell under 10 % of its usual volume.
      </p>
    );
  }
  return (
    <ul className="flex flex-col gap-1 text-sm" data-testid="gaps">
      {gaps.map((gap) => (
        <li key={gap.from} className="flex flex-wrap items-baseline gap-x-2" data-testid="gap">
          <span className="font-medium text-slate-800">
            {formatInstant(gap.from, timeZone)} – {formatInstant(gap.to, timeZone)}
          </span>
          <span className="text-slate-500">
            {gap.hours} h · {formatInteger(gap.observed)} events where the same hours of the 4 weeks before had{" "}
            {formatInteger(Math.round(gap.expected))}
          </span>
        </li>
      ))}
    </ul>
  );
}
