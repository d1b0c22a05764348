/**
 * DESIGN §5.1 written the plainest way, for one person's events: every entry tried, every step
 * found by a scan. Slow and obviously right; the differential funnel test compares the SQL with it.
 */
export type RefEvent = { event: string; ms: number };
export type RefFunnel = {
  steps: string[];
  order: "ordered" | "strict" | "any";
  windowMs: number;
  from: number;
  to: number;
  /** An exclusion event between two steps (1-based levels), ordered and strict only. */
  exclusion?: { event: string; between: [number, number] };
};
/** The best attempt: how many steps it reached and when each was done (in the order done). */
export type RefAttempt = { reached: number; times: number[] };

export function bestAttempt(events: RefEvent[], funnel: RefFunnel): RefAttempt | null {
  const sorted = [...events].sort((a, b) => a.ms - b.ms);
  const { steps, windowMs, from, to } = funnel;
  const entries =
    funnel.order === "any"
      ? sorted.filter((e) => steps.includes(e.event) && e.ms >= from && e.ms < to)
      : sorted.filter((e) => e.event === steps[0] && e.ms >= from && e.ms < to);
  let best: RefAttempt | null = null;
  for (const entry of entries) {
    const attempt = funnel.order === "any" ? anyOrder(sorted, entry.ms, funnel) : chain(sorted, entry.ms, funnel);
    if (attempt === null) continue;
    // The furthest, ties to the earliest (entries are tried in time order).
    if (best === null || attempt.reached > best.reached) best = attempt;
  }
  return best;
  function anyOrder(all: RefEvent[], t1: number, f: RefFunnel): RefAttempt {
    const done = f.steps
      .map((step) => all.find((e) => e.event === step && e.ms >= t1)?.ms)
      .filter((ms): ms is number => ms !== undefined && ms <= t1 + windowMs)
      .sort((a, b) => a - b);
    return { reached: done.length, times: done };
  }
}

function chain(all: RefEvent[], t1: number, f: RefFunnel): RefAttempt | null {
  const times = [t1];
  for (let k = 1; k < f.steps.length; k++) {
    const previous = times[k - 1] as number;
    let next: number | undefined;
    if (f.order === "strict") {
      // What the person did next: the first instant after the step, which must hold this step.
      const instant = all.find((e) => e.ms > previous)?.ms;
      if (instant !== undefined && all.some((e) => e.ms === instant && e.event === f.steps[k])) next = instant;
    } else {
      next = all.find((e) => e.event === f.steps[k] && e.ms > previous)?.ms;
    }
    if (next === undefined || next > t1 + f.windowMs) break;
    times.push(next);
  }
  const x = f.exclusion;
  if (x && times.length >= x.between[0]) {
    const after = times[x.between[0] - 1] as number;
    const before = times.length >= x.between[1] ? (times[x.between[1] - 1] as number) : null;
    const voided = all.some(
      (e) => e.event === x.event && e.ms > after && (before === null ? e.ms <= t1 + f.windowMs : e.ms < before),
    );
    if (voided) return null;
  }
  return { reached: times.length, times };
}
