import { eventFlags } from "@/db/schema/events";

// Clients' clocks run ahead a little; beyond this an event "from the future" is flagged.
const FUTURE_TOLERANCE_MS = 23 * 3_600_000;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

/** ISO 8601 → epoch ms. A date-time without a zone is read as UTC, never as the server's zone. */
export function parseInstant(value: unknown): number | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (!ISO_8601.test(text)) return null;
  const utc = text.length > 10 && !HAS_ZONE.test(text) ? `${text.replace(" ", "T")}Z` : text;
  const ms = Date.parse(utc);
  return Number.isNaN(ms) ? null : ms;
}

export type ResolvedTime = {
  timestamp: string;
  clockSkewMs: number | null;
  flags: number;
  /** The raw value when it could not be used, kept as `$raw_timestamp`. */
  raw: string | null;
};

/**
 * DESIGN §4: timestamp = receivedAt − (sentAt − originalTimestamp) when sentAt is known, which
 * cancels a wrong client clock. Unparseable → receivedAt; more than 23 h ahead → receivedAt;
 * both flagged and the raw value kept.
 */
export function resolveTimestamp(original: unknown, sentAt: unknown, receivedAtMs: number): ResolvedTime {
  const receivedAt = new Date(receivedAtMs).toISOString();
  if (original === undefined || original === null) {
    return { timestamp: receivedAt, clockSkewMs: null, flags: 0, raw: null };
  }
  const originalMs = parseInstant(original);
  if (originalMs === null) {
    return {
      timestamp: receivedAt,
      clockSkewMs: null,
      flags: eventFlags.unparseableTimestamp,
      raw: String(original).slice(0, 100),
    };
  }
  const sentMs = parseInstant(sentAt);
  const skew = sentMs === null ? null : sentMs - receivedAtMs;
  const corrected = skew === null ? originalMs : originalMs - skew;
  if (corrected - receivedAtMs > FUTURE_TOLERANCE_MS) {
    return {
      timestamp: receivedAt,
      clockSkewMs: skew,
      flags: eventFlags.futureTimestamp,
      raw: String(original),
    };
  }
  return { timestamp: new Date(corrected).toISOString(), clockSkewMs: skew, flags: 0, raw: null };
}
