import { HowComputedPanel } from "@/components/analytics/how-computed-panel";
import { formatInstant } from "@/components/ui/format";
import type { RetentionResult } from "@/lib/analytics/retention/result";

/** How the triangle counted, so its numbers can be trusted (DESIGN §1, §5.2). */
export function RetentionHowComputed({ result }: { result: RetentionResult }) {
  const { meta, period } = result;
  const first = result.cohorts[0]?.start;
  const last = result.cohorts.at(-1)?.start;
  return (
    <HowComputedPanel meta={meta}>
      <li>
        {meta.mode === "first_time"
          ? `Each of the ${meta.unit} is in the cohort of the ${period} of their first ${meta.startEvent} ever (over all the data).`
          : `Each of the ${meta.unit} is in the cohort of every ${period} in which they did ${meta.startEvent}.`}
        {first &&
          last &&
          ` Cohorts: the ${period}s starting from ${formatInstant(first, meta.timeZone, false)} to ${formatInstant(last, meta.timeZone, false)}.`}
      </li>
      <li>
        Retained at {period} k: did {meta.returnEvent}{" "}
        {meta.bounded ? `in the cohort's ${period} k ("on")` : `in ${period} k or any later one ("on or after")`}; a
        return in the cohort's own {period} counts for none. {period[0]?.toUpperCase()}
        {period.slice(1)} 0 is the cohort itself.
      </li>
      <li>
        {period[0]?.toUpperCase()}
        {period.slice(1)}s of the project's time zone ({meta.timeZone}){period === "week" ? ", Monday to Sunday" : ""}.
        A {period} that has not ended is hatched: not counted yet, never 0. The average weighs each cohort by its size,
        over the cohorts that reached the {period}.
      </li>
    </HowComputedPanel>
  );
}
