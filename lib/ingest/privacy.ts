import { createHash } from "node:crypto";
import type { ProjectSettings } from "@/db/schema/projects";
import type { NormalizedEvent } from "./types";

export type PrivacyReason = "pii_dropped" | "pii_hashed" | "pii_redacted";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /^\+?[\d\s().-]{7,22}$/;
const CARD = /^[\d\s-]{13,23}$/;
const DATE = /^\d{4}-\d{2}-\d{2}/;
// Properties mirroring person and account traits: governed by role-based masking, not redaction.
const TRAIT_MIRRORS = new Set(["$set", "$group_set"]);

/**
 * Applies a project's PII rules to an event before it is stored (DESIGN §4): listed properties
 * dropped or hashed, values that look like emails, phone numbers or card numbers redacted (on by
 * default), the IP truncated (default) or discarded. Returns what it changed, for data quality.
 */
export function applyPrivacy(event: NormalizedEvent, projectId: number, settings: ProjectSettings): PrivacyReason[] {
  const reasons = new Set<PrivacyReason>();
  const properties: Record<string, unknown> = { ...event.properties };
  for (const name of settings.pii?.drop ?? []) {
    if (name in properties) {
      delete properties[name];
      reasons.add("pii_dropped");
    }
  }
  for (const name of settings.pii?.hash ?? []) {
    if (name in properties && properties[name] !== null) {
      properties[name] = `sha256:${createHash("sha256")
        .update(`${projectId}:${String(properties[name])}`)
        .digest("hex")}`;
      reasons.add("pii_hashed");
    }
  }
  if (settings.pii?.redactPatterns !== false) {
    for (const [key, value] of Object.entries(properties)) {
      if (TRAIT_MIRRORS.has(key)) continue;
      const redacted = redact(value);
      if (redacted !== value) {
        properties[key] = redacted;
        reasons.add("pii_redacted");
      }
    }
  }
  if (event.ip && settings.ipHandling !== "discard") properties.$ip = truncateIp(event.ip);
  event.properties = properties;
  return [...reasons];
}

/** A deep copy with PII-looking strings replaced; the same object when nothing matched. */
export function redact(value: unknown): unknown {
  if (typeof value === "string") return redactString(value);
  if (Array.isArray(value)) {
    const out = value.map(redact);
    return out.some((v, i) => v !== value[i]) ? out : value;
  }
  if (value !== null && typeof value === "object") {
    let changed = false;
    const out = Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const r = redact(v);
        changed ||= r !== v;
        return [k, r];
      }),
    );
    return changed ? out : value;
  }
  return value;
}

function redactString(value: string): string {
  const digits = value.replace(/\D/g, "");
  if (CARD.test(value) && digits.length >= 13 && digits.length <= 19 && luhn(digits)) return "[redacted:card]";
  // A phone needs a + or a separator: bare digit strings are usually ids, not phone numbers.
  const phoneLike = PHONE.test(value) && digits.length >= 7 && digits.length <= 15 && /^\+|[\s().-]/.test(value);
  if (phoneLike && !DATE.test(value)) {
    return "[redacted:phone]";
  }
  return value.replace(EMAIL, "[redacted:email]");
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** 203.0.113.77 → 203.0.113.0; 2001:db8:1:2::5 → 2001:db8:1::. */
export function truncateIp(ip: string): string {
  if (ip.includes(".") && !ip.includes(":")) return ip.split(".").slice(0, 3).concat("0").join(".");
  const groups = ip.split(":");
  return `${groups.slice(0, 3).join(":")}::`;
}
