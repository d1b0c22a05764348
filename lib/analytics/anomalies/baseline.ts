/**
 * The baseline of a slot, the same for every judgement (DESIGN §5.4): the same slot in each of the
 * previous `weeks` weeks — the same hour of the week for hours, the same weekday for days — and
 * never the slot itself. A week before the data began is missing (null), not a zero: too little
 * history is then said, not guessed.
 */
export const SLOTS_PER_WEEK = { hour: 168, day: 7 } as const;

/**
 * For each slot from `start` on, its values `k` weeks earlier (k = 1…weeks, most recent first).
 * `slots` are consecutive buckets (days in the project's zone are consecutive, so a weekday is 7
 * back; hours are absolute, so around a DST change "the same hour" is an hour off locally for a week).
 */
export function sameSlotHistory<T>(
  slots: { t: string; value: T }[],
  start: number,
  perWeek: number,
  weeks: number,
  firstData: string | null,
): (T | null)[][] {
  const began = firstData === null ? Number.POSITIVE_INFINITY : Date.parse(firstData);
  const history: (T | null)[][] = [];
  for (let i = start; i < slots.length; i++) {
    const baseline: (T | null)[] = [];
    for (let k = 1; k <= weeks; k++) {
      const slot = slots[i - k * perWeek];
      // A slot that began before the first data is partly "no data yet": left out.
      baseline.push(slot && Date.parse(slot.t) >= began ? slot.value : null);
    }
    history.push(baseline);
  }
  return history;
}

/** The first slot meeting [from, …): the last one starting at or before `from`. */
export function firstJudgedSlot(slots: { t: string }[], from: string): number {
  const at = Date.parse(from);
  let index = 0;
  slots.forEach((slot, i) => {
    if (Date.parse(slot.t) <= at) index = i;
  });
  return index;
}
