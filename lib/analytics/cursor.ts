import { z } from "zod";

/**
 * Keyset cursors, the same for every paginated list (the catalog, person lists, timelines): the
 * sort key of the last row given, as base64url JSON. Opaque to clients; a cursor that does not
 * decode to the shape a list expects is a 400 on `cursor` (parse it with the list's schema).
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** A zod schema for a cursor whose key has the given shape, decoding to that key. */
export function cursorSchema<T extends z.ZodTypeAny>(key: T) {
  return z
    .string()
    .max(1_000)
    .transform((value, ctx) => {
      try {
        const parsed = key.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
        if (parsed.success) return parsed.data as z.infer<T>;
      } catch {
        // Not base64url JSON: reported below.
      }
      ctx.addIssue({ code: "custom", message: "is not a cursor this list gave" });
      return z.NEVER;
    });
}

/**
 * A keyset page from `limit + 1` rows (what every list's query asks for): the rows to show, and
 * the cursor of the last one shown when there was one more — the next page starts after it.
 */
export function keysetPage<T>(
  rows: T[],
  limit: number,
  keyOf: (last: T) => readonly (string | number)[],
): { shown: T[]; nextCursor: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { shown, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
