const integer = new Intl.NumberFormat("en-US");

export const formatInteger = (value: number) => integer.format(value);

/** A rate per second: "12,400/s", "3.5/s", "< 0.1/s" (one decimal under 10). */
export function formatRate(perSecond: number): string {
  if (perSecond > 0 && perSecond < 0.1) return "< 0.1/s";
  return `${perSecond < 10 ? perSecond.toFixed(1).replace(/\.0$/, "") : formatInteger(Math.round(perSecond))}/s`;
}

/** "3 min ago", "2 h ago", "5 d ago": relative to `now`. */
export function formatAgo(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3_600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3_600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** An instant as the project sees it: "Nov 21, 14:00" in its time zone. */
export function formatInstant(iso: string, timeZone: string, withTime = true): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    month: "short",
    day: "numeric",
    ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {}),
  }).format(new Date(iso));
}

/** A calendar day as the project sees it: "Mon, Nov 21, 2026". */
export function formatDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    month: "short",
    day: "numeric",
    year: "numeric",
  }).format(new Date(iso));
}

/** A duration for people: "45 s", "12 min", "3.5 h", "2.1 d". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "—";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3_600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3_600).toFixed(seconds < 36_000 ? 1 : 0)} h`;
  return `${(seconds / 86_400).toFixed(seconds < 864_000 ? 1 : 0)} d`;
}

/** A share as a percentage: "42.5 %" (one decimal under 10 %, none above). */
export function formatPercent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return "—";
  const percent = share * 100;
  return `${percent < 10 && percent > 0 ? percent.toFixed(1) : Math.round(percent)} %`;
}

/** A breakdown group as charts, tables and legends name it: its value, "(none)", or "other". */
export const breakdownLabel = (group: { value: string | null; other: boolean }) =>
  group.other ? "other" : (group.value ?? "(none)");
