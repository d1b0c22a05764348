import { eventFlags } from "@/db/schema/events";

// Clients' clocks run ahead a little; beyond this an event "from the future" is flagged.
const FUTURE_TOLERANCE_MS = 23 * 3_600_000;
// Before this no product event is plausible: a reset device clock or a year typed short. Kept out,
// it also bounds the monthly partitions a client can make the server create.
const EARLIEST_TIMESTAMP_MS = Date.parse("2000-01-01T00:00:00Z");
const ISO_8601 = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

// One Date, reused: Next.js wraps the Date constructor (node-environment-extensions/date.js),
// which made constructing one per event a visible share of ingestion's CPU. Within one hour only
// minutes, seconds and milliseconds change: the "YYYY-MM-DDTHH:" prefix is formatted once per
// hour (a sixth of toISOString's cost per event). Two hours are remembered, as events alternate
// between their own time and the request's receivedAt.
const scratch = new Date(0);
const HOUR_MS = 3_600_000;
const YEAR_10000_MS = 253_402_300_800_000;
const hourStarts = [Number.NaN, Number.NaN];
const hourPrefixes = ["", ""];
let older = 0;

/** Epoch ms → "2026-11-22T10:00:00.000Z", exactly what Date#toISOString gives. */
export function isoString(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= YEAR_10000_MS) {
    scratch.setTime(ms);
    return scratch.toISOString(); // before 1970 or after 9999 (±YYYYYY years), or not whole ms
  }
  const withinHour = ms % HOUR_MS;
  const hourStart = ms - withinHour;
  let slot = hourStarts[0] === hourStart ? 0 : hourStarts[1] === hourStart ? 1 : -1;
  if (slot < 0) {
    slot = older;
    older = 1 - older;
    scratch.setTime(hourStart);
    hourStarts[slot] = hourStart;
    hourPrefixes[slot] = scratch.toISOString().slice(0, 14);
  }
  const minutes = Math.floor(withinHour / 60_000);
  const seconds = Math.floor((withinHour % 60_000) / 1000);
  const millis = withinHour % 1000;
  return `${hourPrefixes[slot]}${pad2(minutes)}:${pad2(seconds)}.${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

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

// A batch's messages share one sentAt: it is parsed once.
let lastSentAt: { value: unknown; ms: number | null } = { value: undefined, ms: null };

function parseSentAt(value: unknown): number | null {
  if (value !== lastSentAt.value) lastSentAt = { value, ms: parseInstant(value) };
  return lastSentAt.ms;
}

/**
 * DESIGN §4: timestamp = receivedAt − (sentAt − originalTimestamp) when sentAt is known, which
 * cancels a wrong client clock. Unparseable → receivedAt; more than 23 h ahead, or before
 * 2000-01-01, once corrected → receivedAt; all flagged and the raw value kept.
 */
export function resolveTimestamp(original: unknown, sentAt: unknown, receivedAtMs: number): ResolvedTime {
  if (original === undefined || original === null) {
    return { timestamp: isoString(receivedAtMs), clockSkewMs: null, flags: 0, raw: null };
  }
  const originalMs = parseInstant(original);
  if (originalMs === null) {
    return {
      timestamp: isoString(receivedAtMs),
      clockSkewMs: null,
      flags: eventFlags.unparseableTimestamp,
      raw: String(original).slice(0, 100),
    };
  }
  const sentMs = parseSentAt(sentAt);
  const skew = sentMs === null ? null : sentMs - receivedAtMs;
  const corrected = skew === null ? originalMs : originalMs - skew;
  if (corrected - receivedAtMs > FUTURE_TOLERANCE_MS || corrected < EARLIEST_TIMESTAMP_MS) {
    return {
      timestamp: isoString(receivedAtMs),
      clockSkewMs: skew,
      flags: corrected < EARLIEST_TIMESTAMP_MS ? eventFlags.tooOldTimestamp : eventFlags.futureTimestamp,
      raw: String(original),
    };
  }
  return { timestamp: isoString(corrected), clockSkewMs: skew, flags: 0, raw: null };
}
