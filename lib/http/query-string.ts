import type { z } from "zod";
import { invalidParams } from "./errors";

/**
 * A GET request's query string as an object for a zod schema: one value per name, or an array
 * when the name repeats (`events=a&events=b`). Values stay strings: the schema coerces.
 */
export function queryObject(request: Request): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of new URL(request.url).searchParams) {
    const current = out[name];
    out[name] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
  }
  return out;
}

/** The query string parsed by `schema`, or the API's 400 naming each field. */
export function parseQuery<T extends z.ZodTypeAny>(schema: T, request: Request): z.infer<T> {
  const parsed = schema.safeParse(queryObject(request));
  if (!parsed.success) throw invalidParams(parsed.error);
  return parsed.data;
}
