import { redactText } from "@/lib/ingest/privacy/patterns";
import { isObject } from "@/lib/ingest/sanitize";

/**
 * Who may read personal data (emails, phone and card numbers) in what Loupe shows. Every value
 * of a person, an account or an event that reaches a page or an API answer passes through
 * showPii, so the roles work (a "can see PII" permission) changes one place. Until sign-in
 * exists every caller has full access.
 */
export type PiiAccess = { canSeePii: boolean };
export const FULL_PII_ACCESS: PiiAccess = { canSeePii: true };

/** `value` as the caller may see it: with emails, phones and card numbers masked without access. */
export function showPii<T>(value: T, access: PiiAccess): T {
  if (access.canSeePii) return value;
  return mask(value) as T;
}

function mask(value: unknown): unknown {
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map(mask);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, redactText(key), {
      value: mask(item),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
