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
  /** messageId, userId, anonymousId, previousId, groupId and the event name: refused beyond. */
  idLength: 200,
} as const;

type Problem = { code: string; message: string };

/** Per-event shape limits; null when the message is within them. */
export function checkMessageLimits(message: unknown): Problem | null {
  const shape = measure(message);
  // Too deep: refused without serializing (a message nested 400k levels deep would overflow
  // JSON.stringify's stack and fail the whole batch instead of this one event).
  if (shape.depthExceeded) return shape.problem;
  // For JSON.parse output (what HTTP, NDJSON and CSV give), the JSON text is at most 6× minBytes
  // (one UTF-16 unit escaped as \uXXXX): the exact size is computed only when it could be over.
  if (shape.minBytes * 6 > limits.eventBytes) {
    const size = Buffer.byteLength(JSON.stringify(message) ?? "");
    if (size > limits.eventBytes) {
      return { code: "event_too_large", message: `event is ${size} bytes; the limit is ${limits.eventBytes}` };
    }
  }
  return shape.problem;
}

/**
 * One walk over the message: its JSON size counted one byte per UTF-16 unit (within a few bytes
 * of the text for ASCII) and the first shape problem (depth, key count, key length), in document
 * order. Never descends past the depth limit.
 */
function measure(message: unknown): { minBytes: number; problem: Problem | null; depthExceeded: boolean } {
  let minBytes = 0;
  let keys = 0;
  let problem: Problem | null = null;
  let depthExceeded = false;
  const walk = (value: unknown, depth: number): void => {
    if (typeof value === "string") {
      minBytes += value.length + 2;
      return;
    }
    if (value === null || typeof value !== "object") {
      minBytes += String(value).length;
      return;
    }
    if (depth > limits.depth) {
      depthExceeded = true;
      problem ??= { code: "too_deep", message: `nesting deeper than ${limits.depth} levels` };
      return;
    }
    minBytes += 2;
    if (Array.isArray(value)) {
      for (const item of value) {
        minBytes += 1;
        walk(item, depth + 1);
      }
      return;
    }
    for (const key of Object.keys(value)) {
      minBytes += key.length + 4;
      if (key.length > limits.keyLength) {
        problem ??= { code: "key_too_long", message: `a property name is longer than ${limits.keyLength} characters` };
      }
      if (++keys > limits.keys)
        problem ??= { code: "too_many_keys", message: `more than ${limits.keys} property names` };
      walk((value as Record<string, unknown>)[key], depth + 1);
    }
  };
  walk(message, 0);
  return { minBytes, problem, depthExceeded };
}
