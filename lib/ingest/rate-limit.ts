/**
 * Events per second a project may send — its `ingestRateLimit` setting, else
 * LOUPE_INGEST_RATE_LIMIT (default 50,000) — as a token bucket per project and process, with a
 * burst of two seconds' worth and never less than one full batch.
 */
const buckets = new Map<number, { tokens: number; at: number }>();

type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Takes `events` tokens, or none and says when to retry. `events` 0 only checks the bucket is not empty. */
export function takeTokens(projectId: number, events: number, projectRate?: number, now = Date.now()): Verdict {
  const rate = projectRate ?? Number(process.env.LOUPE_INGEST_RATE_LIMIT ?? 50_000);
  const capacity = Math.max(rate * 2, 2_500);
  const bucket = buckets.get(projectId) ?? { tokens: capacity, at: now };
  bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * rate);
  bucket.at = now;
  buckets.set(projectId, bucket);
  const needed = Math.max(events, 1);
  if (bucket.tokens < needed) {
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((needed - bucket.tokens) / rate)) };
  }
  bucket.tokens -= events;
  return { ok: true };
}
