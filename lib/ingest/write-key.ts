import type { Db } from "@/db/connect";
import type { ProjectSettings } from "@/db/schema/projects";
import { findApiKey } from "@/lib/auth/api-keys";
import { ApiError } from "@/lib/http/errors";
import { getProjectById } from "@/lib/projects/projects";

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

export type WriteTarget = { projectId: number; settings: ProjectSettings };

// Every batch needs its key's project and PII settings; a short cache keeps that off the
// database. A revoked key, or changed settings, take effect within this delay.
const CACHE_MS = 30_000;
const cache = new Map<string, WriteTarget & { until: number }>();

/** The project a write key sends to, with its settings, or 401. Secret keys may send too. */
export async function projectOfWriteKey(db: Db, token: string | null): Promise<WriteTarget> {
  if (!token) throw new ApiError(401, "missing_write_key", "Send the write key as the Basic auth username.");
  const cached = cache.get(token);
  if (cached && cached.until > Date.now()) return cached;
  const key = await findApiKey(db, token);
  const project = key && (await getProjectById(db, key.projectId));
  if (!project) throw new ApiError(401, "invalid_write_key", "This write key is unknown or revoked.");
  if (cache.size > 10_000) cache.clear();
  const target = { projectId: project.id, settings: project.settings, until: Date.now() + CACHE_MS };
  cache.set(token, target);
  return target;
}
