import { ApiError } from "@/lib/http/errors";
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

/** Operators that answer something about a value's parts, not only whether it is the one given. */
const PROBING_OPS = new Set(["contains", "not_contains", "gt", "lt"]);

/**
 * Masking rewrites what an answer shows; a question can still reveal what it hides ("how many
 * persons whose email contains `ali`?", a search by email prefix). For a caller without access,
 * this refuses (403 `pii_required`) every filter anywhere in `input` that probes a person's or an
 * account's property by part (contains, not_contains, gt, lt) — those traits are stored without
 * pattern redaction — and every filter value or search text that is itself personal data (an
 * email, a phone or a card number). Filters on `eq`/`in` with ordinary values (`plan = team`)
 * stay open to everyone.
 */
export function refusePiiProbes(input: unknown, access: PiiAccess, search?: string | null): void {
  if (access.canSeePii) return;
  if (search && redactText(search) !== search) throw piiRequired("search");
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, `${path}.${i}`);
      return;
    }
    if (!isObject(value)) return;
    const { property, op } = value as { property?: unknown; op?: unknown };
    if (typeof property === "string" && typeof op === "string") {
      const trait = property.startsWith("person.") || property.startsWith("account.");
      if (trait && PROBING_OPS.has(op)) throw piiRequired(path);
      const values = Array.isArray(value.value) ? value.value : [value.value];
      if (values.some((v) => typeof v === "string" && redactText(v) !== v)) throw piiRequired(path);
    }
    for (const [key, item] of Object.entries(value)) visit(item, path ? `${path}.${key}` : key);
  };
  visit(input, "");
}

function piiRequired(field: string): ApiError {
  return new ApiError(
    403,
    "pii_required",
    `${field || "body"}: this filter could reveal personal data, which you do not have access to.`,
    [{ field: field || null, reason: "needs the permission to see personal data" }],
  );
}
