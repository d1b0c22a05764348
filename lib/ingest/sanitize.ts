/** Counts what sanitizing changed, so the event can be flagged and the data quality view can say so. */
export type SanitizeStats = { replaced: number };

// NUL cannot be stored in PostgreSQL text or jsonb; lone surrogates are not valid UTF-8.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function sanitizeString(value: string, stats: SanitizeStats): string {
  if (!unstorable(value)) return value;
  return value.replace(UNSTORABLE, () => {
    stats.replaced++;
    return "\uFFFD";
  });
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * JSON data with every string (keys too) made storable: the value itself when nothing needs
 * changing (the common case, checked without allocating), otherwise a sanitized deep copy.
 * The result may be the caller's own object: ingestion code copies before it changes anything
 * (normalize copies properties, applyPrivacy copies on write) and must keep doing so.
 */
export function sanitizeJson(value: unknown, stats: SanitizeStats): unknown {
  return hasUnstorable(value) ? sanitizedCopy(value, stats) : value;
}

function hasUnstorable(value: unknown): boolean {
  if (typeof value === "string") return unstorable(value);
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) {
    for (const item of value) if (hasUnstorable(item)) return true;
    return false;
  }
  for (const key of Object.keys(value)) {
    if (unstorable(key) || hasUnstorable((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

// Any NUL or surrogate at all: rare, and a much cheaper test than UNSTORABLE's lookarounds.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point.
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

function unstorable(value: string): boolean {
  if (!SUSPECT.test(value)) return false;
  UNSTORABLE.lastIndex = 0;
  return UNSTORABLE.test(value);
}

// A JSON escape that can decode to NUL or to a surrogate (paired or lone).
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/**
 * True when every string `JSON.parse(text)` gives is storable, so the per-message walk can be
 * skipped: JSON forbids raw control characters in strings, and UTF-8 decoding (Buffer#toString)
 * turns invalid bytes into U+FFFD, never into a lone surrogate, so NUL and lone surrogates can only
 * come from `\u` escapes. Any NUL or surrogate escape (an emoji written as `\uD83D\uDE00` too)
 * answers false, and the messages are checked one by one as before.
 */
export function jsonTextIsStorable(text: string): boolean {
  return !SUSPECT_ESCAPE.test(text);
}

function sanitizedCopy(value: unknown, stats: SanitizeStats): unknown {
  if (typeof value === "string") return sanitizeString(value, stats);
  if (Array.isArray(value)) return value.map((item) => sanitizedCopy(item, stats));
  if (value !== null && typeof value === "object") {
    // fromEntries defines own properties: a "__proto__" key stays data, never a prototype.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [sanitizeString(key, stats), sanitizedCopy(item, stats)]),
    );
  }
  return value;
}
