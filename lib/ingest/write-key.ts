import type { Db } from "@/db/connect";
import { findApiKey } from "@/lib/auth/api-keys";
import { ApiError } from "@/lib/http/errors";
import { getProjectById } from "@/lib/projects/projects";
import { getHashKey } from "@/lib/projects/secrets";
import type { Privacy } from "./privacy/apply";

/** The write key in the headers: the Basic auth username (as Segment SDKs send it) or X-Write-Key. */
export function writeKeyFromHeaders(request: Request): string | null {
  const authorization = request.headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const username = decoded.split(":")[0];
    if (username) return username;
  }
  return request.headers.get("x-write-key")?.trim() || null;
}

/** `writeKey` in the body: only read when the headers hold none. */
export function writeKeyFromBody(body: unknown): string | null {
  const fromBody = (body as { writeKey?: unknown } | null)?.writeKey;
  return typeof fromBody === "string" && fromBody ? fromBody : null;
}

export type WriteTarget = { projectId: number; privacy: Privacy };

// Every batch needs its key's project and PII settings; a short cache keeps that off the
// database. A revoked key, or changed settings, take effect within this delay. Unknown keys are
// remembered too (briefly: a key just made works within MISS_MS), so a flood of bad keys costs
// no query each.
const CACHE_MS = 30_000;
const MISS_MS = 5_000;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { target: WriteTarget | ApiError; until: number }>();

/** The project a write key sends to, with its PII rules, or 401 (unknown) / 403 (a secret key). */
export async function projectOfWriteKey(db: Db, token: string | null): Promise<WriteTarget> {
  if (!token) throw new ApiError(401, "missing_write_key", "Send the write key as the Basic auth username.");
  const cached = cache.get(token);
  const entry = cached && cached.until > Date.now() ? cached : await lookUp(db, token);
  if (entry.target instanceof ApiError) throw entry.target;
  return entry.target;
}

async function lookUp(db: Db, token: string) {
  const key = await findApiKey(db, token);
  const project = key && (await getProjectById(db, key.projectId));
  const target =
    !key || !project
      ? new ApiError(401, "invalid_write_key", "This write key is unknown or revoked.")
      : key.kind !== "write"
        ? new ApiError(
            403,
            "secret_key_not_allowed",
            "This is a secret key: send events with the project's write key, and never ship a secret key in an app.",
          )
        : { projectId: project.id, privacy: { settings: project.settings, hashKey: await getHashKey(db, project.id) } };
  const entry = { target, until: Date.now() + (target instanceof ApiError ? MISS_MS : CACHE_MS) };
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(token, entry);
  return entry;
}
