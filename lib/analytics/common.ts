import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";

export const ANY_EVENT = "$any";

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
/** Instants Loupe accepts: nothing is stored at a time before 2000 (lib/ingest/timestamps.ts). */
export const EARLIEST_INSTANT = "2000-01-01T00:00:00.000Z";
export const LATEST_INSTANT = "2200-01-01T00:00:00.000Z";

/** A calendar date and a clock time that exist (no month 13, no February 30, no 24:00). */
function isRealInstant(value: string): boolean {
  const m = INSTANT.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = m
    .slice(1)
    .map((v) => Number(v ?? 0)) as [number, number, number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 14 &&
    offsetMinutes <= 59
  );
}

/**
 * ISO 8601 instant with an explicit zone ("2026-11-01T00:00:00Z") naming a real time between
 * 2000 and 2200; normalized to UTC ISO.
 */
export const instantSchema = z
  .string()
  .regex(INSTANT, { message: "must be an ISO 8601 instant with a time zone, e.g. 2026-11-01T00:00:00Z" })
  .refine(isRealInstant, { message: "is not a real date and time" })
  .transform((value) => new Date(value).toISOString())
  .refine((iso) => iso >= EARLIEST_INSTANT && iso < LATEST_INSTANT, {
    message: `must be from ${EARLIEST_INSTANT.slice(0, 4)} to before ${LATEST_INSTANT.slice(0, 4)}`,
  });

/**
 * The checks of a `[from, to)` range: `to` after `from`, and at most `maxDays` long (the work an
 * analysis may be asked for is bounded). For zod's superRefine.
 */
export function checkRange(maxDays: number) {
  return (p: { from: string; to: string }, ctx: z.RefinementCtx) => {
    if (p.from >= p.to) ctx.addIssue({ code: "custom", message: "must be after from", path: ["to"] });
    else if (Date.parse(p.to) - Date.parse(p.from) > maxDays * 86_400_000) {
      ctx.addIssue({ code: "custom", message: `the range may be at most ${maxDays} days long`, path: ["to"] });
    }
  };
}

export const eventNameSchema = z.string().min(1).max(200);

export const intervals = ["hour", "day", "week", "month"] as const;
export type Interval = (typeof intervals)[number];

/** A timestamptz expression rendered as an ISO string in UTC: results hold no Date objects. */
export function isoUtc(expression: SQL): SQL {
  return sql`to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
}

/** How a result was counted: shown next to every chart so its numbers can be trusted. */
export type ResultMeta = {
  timeZone: string;
  from: string;
  to: string;
  /** When the newest event was received: how fresh the data is. */
  lastReceivedAt: string | null;
  computedAt: string;
};
