import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";

export const ANY_EVENT = "$any";

/** ISO 8601 instant with an explicit zone ("2026-11-01T00:00:00Z"); normalized to UTC ISO. */
export const instantSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: "must be an ISO 8601 instant with a time zone, e.g. 2026-11-01T00:00:00Z",
  })
  .transform((value) => new Date(value).toISOString());

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
