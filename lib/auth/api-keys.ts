import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { type ApiKeyKind, type ApiKeyScope, apiKeyScopes, apiKeys } from "@/db/schema/api-keys";

const PREFIX: Record<ApiKeyKind, string> = { write: "lp_w_", secret: "lp_s_" };

export function generateKey(kind: ApiKeyKind): string {
  return PREFIX[kind] + randomBytes(24).toString("base64url");
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
  kind: ApiKeyKind;
  scopes: ApiKeyScope[];
};

/** The live (not revoked) key a token stands for, or null. */
export async function findApiKey(db: Db, token: string): Promise<ResolvedKey | null> {
  const [row] = await db
    .select({
      id: apiKeys.id,
      projectId: apiKeys.projectId,
      kind: apiKeys.kind,
      scopes: apiKeys.scopes,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashKey(token)), isNull(apiKeys.revokedAt)))
    .limit(1);
  return row ?? null;
}

export async function touchApiKey(db: Db, id: number): Promise<void> {
  // At most one write a minute per key: authentication must not turn reads into writes.
  await db.execute(sql`update api_keys set last_used_at = now()
    where id = ${id} and (last_used_at is null or last_used_at < now() - interval '1 minute')`);
}
