import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { type ApiKeyKind, type ApiKeyScope, apiKeyScopes, apiKeys } from "@/db/schema/api-keys";

const PREFIX: Record<ApiKeyKind, string> = { write: "lp_w_", secret: "lp_s_" };

export function generateKey(kind: ApiKeyKind): string {
  for (;;) {
    const token = PREFIX[kind] + randomBytes(24).toString("base64url");
    if (!keyWeakness(token)) return token; // about 1 in 10^5 draws has a long run and is drawn again
  }
}

const MIN_BITS = 128;

/**
 * Why a key chosen outside Loupe (LOUPE_BOOTSTRAP_*, `project create --write-key`) is too weak
 * to register, or null. Its randomness is estimated as its length times the entropy of its
 * characters (after the lp_w_/lp_s_ prefix): at least 128 bits, and no run of 6 repeated or
 * consecutive characters ("000000", "abcdef", "0123456789"). 24 random bytes in base64url (what
 * Loupe makes) give about 150; `lp_s_` + 48 hex digits about 185.
 */
export function keyWeakness(token: string): string | null {
  const body = token.replace(/^lp_[ws]_/, "");
  const counts = new Map<string, number>();
  for (const c of body) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / body.length) * Math.log2(n / body.length);
  const bits = Math.floor(perChar * body.length);
  if (bits < MIN_BITS) return `it holds about ${bits} bits of randomness; at least ${MIN_BITS} are needed`;
  let run = 1;
  let lastStep = Number.NaN;
  for (let i = 1; i < body.length; i++) {
    const step = body.charCodeAt(i) - body.charCodeAt(i - 1);
    run = Math.abs(step) > 1 ? 1 : step === lastStep ? run + 1 : 2;
    lastStep = step;
    if (run >= 6) return `it has a run of repeated or consecutive characters ("${body.slice(i - 5, i + 1)}")`;
  }
  return null;
}

export function hashKey(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type CreatedKey = { id: number; token: string };

/** Stores a key (hashed). Pass `token` to register a key chosen elsewhere (bootstrap from env). */
export async function createApiKey(
  db: Db,
  input: { projectId: number; kind: ApiKeyKind; name: string; scopes?: ApiKeyScope[]; token?: string },
): Promise<CreatedKey> {
  const token = input.token ?? generateKey(input.kind);
  const scopes = input.kind === "write" ? [] : (input.scopes ?? [...apiKeyScopes]);
  const [row] = await db
    .insert(apiKeys)
    .values({
      projectId: input.projectId,
      kind: input.kind,
      name: input.name,
      prefix: token.slice(0, 9),
      keyHash: hashKey(token),
      scopes,
    })
    .returning({ id: apiKeys.id });
  if (!row) throw new Error("api key insert returned nothing");
  return { id: row.id, token };
}

export type ResolvedKey = {
  id: number;
  projectId: number;
  /** First characters of the token, to name the key in logs and lists. */
  prefix: string;
  kind: ApiKeyKind;
  scopes: ApiKeyScope[];
};

/** A key is live until its revocation time: now for a revoked one, later for a rotated write key. */
const live = () => or(isNull(apiKeys.revokedAt), gt(apiKeys.revokedAt, sql`now()`));

/** The live (not revoked) key a token stands for, or null. */
export async function findApiKey(db: Db, token: string): Promise<ResolvedKey | null> {
  const [row] = await db
    .select({
      id: apiKeys.id,
      projectId: apiKeys.projectId,
      prefix: apiKeys.prefix,
      kind: apiKeys.kind,
      scopes: apiKeys.scopes,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashKey(token)), live()))
    .limit(1);
  return row ?? null;
}

export type KeySummary = {
  id: number;
  prefix: string;
  kind: ApiKeyKind;
  name: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** A project's keys, revoked ones too, oldest first (never their hashes). */
export function listApiKeys(db: Db, projectId: number): Promise<KeySummary[]> {
  return db
    .select({
      id: apiKeys.id,
      prefix: apiKeys.prefix,
      kind: apiKeys.kind,
      name: apiKeys.name,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.projectId, projectId))
    .orderBy(asc(apiKeys.id));
}

/**
 * Revokes the project's live keys with this prefix (the 9 characters a list shows; a longer text,
 * such as the whole key, is cut to them); returns how many. Running servers stop accepting them within 30 s (their caches).
 */
export async function revokeApiKeys(db: Db, projectId: number, prefix: string): Promise<number> {
  if (prefix.length < 9) throw new Error("give the key's prefix as listed (9 characters, e.g. lp_s_AbCd)");
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.projectId, projectId), eq(apiKeys.prefix, prefix.slice(0, 9)), live()))
    .returning({ id: apiKeys.id });
  return revoked.length;
}

/**
 * A new write key for the project; the live ones keep working for `overlapHours` (default 24),
 * long enough to ship the new key to every app that sends events, then stop.
 */
export async function rotateWriteKey(
  db: Db,
  projectId: number,
  overlapHours = 24,
): Promise<CreatedKey & { previousUntil: Date; previous: number }> {
  const previousUntil = new Date(Date.now() + overlapHours * 3_600_000);
  return db.transaction(async (tx) => {
    const previous = await tx
      .update(apiKeys)
      // Never later than a key's revocation already set: rotating again does not extend a key.
      .set({ revokedAt: sql`least(coalesce(${apiKeys.revokedAt}, 'infinity'::timestamptz), ${previousUntil})` })
      .where(and(eq(apiKeys.projectId, projectId), eq(apiKeys.kind, "write"), live()))
      .returning({ id: apiKeys.id });
    const created = await createApiKey(tx as unknown as Db, { projectId, kind: "write", name: "write key (rotated)" });
    return { ...created, previousUntil, previous: previous.length };
  });
}

export async function touchApiKey(db: Db, id: number): Promise<void> {
  // At most one write a minute per key: authentication must not turn reads into writes.
  await db.execute(sql`update api_keys set last_used_at = now()
    where id = ${id} and (last_used_at is null or last_used_at < now() - interval '1 minute')`);
}
