/** URL state → the API's retention request, and the open cell ↔ its URL text. Pure: server and browser share it. */

type State = {
  start: string;
  ret: string;
  period: "day" | "week" | "month";
  periods: number;
  cohorts: number;
  mode: "first_time" | "recurring";
  bounded: boolean;
  breakdown: string | null;
  unit: "persons" | "accounts";
};

/** The cohorts' range: `cohorts` periods back from the anchor, so that the current period is the last. */
export function cohortRange(period: State["period"], cohorts: number, anchor: string): { from: string; to: string } {
  const end = new Date(anchor);
  const from = new Date(end);
  if (period === "month") from.setUTCMonth(from.getUTCMonth() - cohorts);
  else from.setTime(from.getTime() - cohorts * (period === "week" ? 7 : 1) * 86_400_000);
  return { from: from.toISOString(), to: end.toISOString() };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value)));

export function retentionQuery(state: State, anchor: string) {
  const cohorts = clamp(state.cohorts, 1, state.period === "day" ? 90 : state.period === "week" ? 52 : 12);
  return {
    kind: "retention" as const,
    startEvent: state.start || "$any",
    returnEvent: state.ret || "$any",
    period: state.period,
    periods: clamp(state.periods, 1, 90),
    ...cohortRange(state.period, cohorts, anchor),
    mode: state.mode,
    bounded: state.bounded,
    unit: state.unit,
    ...(state.breakdown ? { breakdown: { property: state.breakdown, limit: 10 } } : {}),
  };
}

/** The breakdown group of those without a value, in the URL. */
const NO_VALUE = "$none";
export type Cell = { cohort: string; periodIndex: number; status: "retained" | "lost"; value?: string | null };

export function encodeCell(cell: Cell): string {
  const parts = [cell.cohort, String(cell.periodIndex), cell.status];
  if (cell.value !== undefined) parts.push(cell.value === null ? NO_VALUE : cell.value);
  return parts.join("~");
}

export function decodeCell(text: string | null): Cell | null {
  const match = text ? /^([^~]+)~(\d+)~(retained|lost)(?:~([\s\S]*))?$/.exec(text) : null;
  if (!match) return null;
  const value = match[4] === undefined ? undefined : match[4] === NO_VALUE ? null : match[4];
  return { cohort: match[1] as string, periodIndex: Number(match[2]), status: match[3] as Cell["status"], value };
}
