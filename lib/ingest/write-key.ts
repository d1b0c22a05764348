import type { Db } from "@/db/connect";
import { findApiKey } from "@/lib/auth/api-keys";
import { ApiError } from "@/lib/http/errors";

/** The write key of an ingestion request: Basic username, X-Write-Key, or `writeKey` in the body. */
export function writeKeyOf(request: Request, body: unknown): string | null {
  const authorization = request.headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const username = decoded.split(":")[0];
    if (username) return username;
  }
  const header = request.headers.get("x-write-key");
  if (header) return header.trim();
  const fromBody = (body as { writeKey?: unknown } | null)?.writeKey;
  return typeof fromBody === "string" && fromBody ? fromBody : null;
}

// Keys are checked on every batch; a short cache keeps that off the database. A revoked key
// stops working within this delay.
const CACHE_MS = 30_000;
const cache = new Map<string, { projectId: number; until: number }>();

/** The project a write key sends to, or 401. Secret keys may send too (server-side tools). */
export async function projectOfWriteKey(db: Db, token: string | null): Promise<number> {
  if (!token) throw new ApiError(401, "missing_write_key", "Send the write key as the Basic auth username.");
  const cached = cache.get(token);
  if (cached && cached.until > Date.now()) return cached.projectId;
  const key = await findApiKey(db, token);
  if (!key) throw new ApiError(401, "invalid_write_key", "This write key is unknown or revoked.");
  if (cache.size > 10_000) cache.clear();
  cache.set(token, { projectId: key.projectId, until: Date.now() + CACHE_MS });
  return key.projectId;
}
