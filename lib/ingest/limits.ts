/** Ingestion limits (DESIGN §4), documented in docs/api.md#limits. */
export const limits = {
  requestBytes: 1024 * 1024,
  /** Decompressed size of a gzip body: a small bomb cannot inflate past this. */
  decompressedBytes: 1024 * 1024,
  eventBytes: 32 * 1024,
  batchEvents: 2_500,
  depth: 12,
  keys: 1_000,
  keyLength: 256,
} as const;

/** Per-event shape limits; null when the message is within them. */
export function checkMessageLimits(message: unknown): { code: string; message: string } | null {
  const size = Buffer.byteLength(JSON.stringify(message) ?? "");
  if (size > limits.eventBytes) {
    return { code: "event_too_large", message: `event is ${size} bytes; the limit is ${limits.eventBytes}` };
  }
  let keys = 0;
  const walk = (value: unknown, depth: number): { code: string; message: string } | null => {
    if (value === null || typeof value !== "object") return null;
    if (depth > limits.depth) return { code: "too_deep", message: `nesting deeper than ${limits.depth} levels` };
    const entries = Array.isArray(value) ? value.map((v) => ["", v] as const) : Object.entries(value);
    for (const [key, inner] of entries) {
      if (key.length > limits.keyLength) {
        return { code: "key_too_long", message: `a property name is longer than ${limits.keyLength} characters` };
      }
      if (!Array.isArray(value) && ++keys > limits.keys) {
        return { code: "too_many_keys", message: `more than ${limits.keys} property names` };
      }
      const problem = walk(inner, depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  return walk(message, 0);
}
