import { HowComputedPanel } from "@/components/analytics/how-computed-panel";
import { formatDuration, formatInstant, formatInteger } from "@/components/ui/format";
import type { FunnelResult } from "@/lib/analytics/funnel/result";

const ORDER: Record<FunnelResult["meta"]["order"], string> = {
  ordered: "in order: each step is the first match after the one before, other events may come between",
  strict: "in strict order: each step is the very next thing the person did",
  any: "in any order: the steps done within the window of the first",
};

/** How the funnel counted, so its numbers can be trusted (DESIGN §1). */
export function HowComputed({ result }: { result: FunnelResult }) {
  const { meta } = result;
  return (
    <HowComputedPanel meta={meta}>
      <li>
        Counts {meta.unit}: each once, at the furthest step any of its attempts reached (ties: the earliest attempt,
        whose times and breakdown value are shown).
        {meta.personsWithoutAccount !== null &&
          ` ${formatInteger(meta.personsWithoutAccount)} persons who entered belong to no account and are left out.`}
      </li>
      <li>
        Entries (step 1) from {formatInstant(meta.from, meta.timeZone)} to {formatInstant(meta.to, meta.timeZone)} (
        {meta.timeZone}); later steps within {formatDuration(meta.windowSeconds)} of the entry, even after the range.
      </li>
      <li>Steps {ORDER[meta.order]}. An optional step never blocks the steps after it.</li>
      {meta.exclusions > 0 && (
        <li>{meta.exclusions} exclusion(s): an attempt with one between its steps counts nowhere.</li>
      )}
    </HowComputedPanel>
  );
}
