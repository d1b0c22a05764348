/** Counts what sanitizing changed, so the event can be flagged and the data quality view can say so. */
export type SanitizeStats = { replaced: number };

// NUL cannot be stored in PostgreSQL text or jsonb; lone surrogates are not valid UTF-8.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function sanitizeString(value: string, stats: SanitizeStats): string {
  if (!UNSTORABLE.test(value)) return value;
  UNSTORABLE.lastIndex = 0;
  return value.replace(UNSTORABLE, () => {
    stats.replaced++;
    return "\uFFFD";
  });
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A deep copy of JSON data with every string (keys too) made storable. */
export function sanitizeJson(value: unknown, stats: SanitizeStats): unknown {
  if (typeof value === "string") return sanitizeString(value, stats);
  if (Array.isArray(value)) return value.map((item) => sanitizeJson(item, stats));
  if (value !== null && typeof value === "object") {
    // fromEntries defines own properties: a "__proto__" key stays data, never a prototype.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [sanitizeString(key, stats), sanitizeJson(item, stats)]),
    );
  }
  return value;
}
