import { createHash } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import type { ProjectSettings } from "@/db/schema/projects";
import { isObject } from "./sanitize";
import type { NormalizedEvent } from "./types";

export type PrivacyReason = "pii_dropped" | "pii_hashed" | "pii_redacted";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /^\+?[\d\s().-]{7,22}$/;
const CARD = /^[\d\s-]{13,23}$/;
const DATE = /^\d{4}-\d{2}-\d{2}/;
// Properties mirroring person and account traits: governed by role-based masking, not redaction.
// Properties mirroring person and account traits: the drop and hash lists apply to them, not the
// patterns (an identify's email trait is the person's email; list it to keep it out).
const TRAIT_MIRRORS = new Set(["$set", "$group_set"]);

/**
 * Applies a project's PII rules to an event before it is stored (DESIGN §4): listed properties
 * and traits dropped or hashed — wherever they are: event properties, identify and group traits,
 * `$set_once` — values that look like emails, phone numbers or card numbers redacted in event
 * properties and the page path (on by default), the IP truncated (default) or discarded. Returns
 * what it changed, for data quality.
 */
export function applyPrivacy(event: NormalizedEvent, projectId: number, settings: ProjectSettings): PrivacyReason[] {
  const reasons = new Set<PrivacyReason>();
  const listed = (record: Record<string, unknown>) => applyLists(record, projectId, settings, reasons);
  const properties = listed(event.properties);
  for (const mirror of TRAIT_MIRRORS) {
    const traits = properties[mirror];
    if (isObject(traits)) properties[mirror] = listed(traits);
  }
  if (event.personSet) event.personSet = listed(event.personSet);
  if (event.personSetOnce) event.personSetOnce = listed(event.personSetOnce);
  if (event.accountTraits) event.accountTraits = listed(event.accountTraits);
  if (settings.pii?.redactPatterns !== false) {
    for (const [key, value] of Object.entries(properties)) {
      if (TRAIT_MIRRORS.has(key)) continue;
      const redacted = redact(value);
      if (redacted !== value) {
        properties[key] = redacted;
        reasons.add("pii_redacted");
      }
    }
    if (event.path !== null) {
      const path = redactString(event.path);
      if (path !== event.path) {
        event.path = path;
        reasons.add("pii_redacted");
      }
    }
  }
  const ip = event.ip && settings.ipHandling !== "discard" ? truncateIp(event.ip) : null;
  if (ip) properties.$ip = ip;
  event.properties = properties;
  return [...reasons];
}

/** A copy of `record` with the listed names dropped or hashed, at its top and in `$set_once`. */
function applyLists(
  record: Record<string, unknown>,
  projectId: number,
  settings: ProjectSettings,
  reasons: Set<PrivacyReason>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record };
  for (const name of settings.pii?.drop ?? []) {
    if (Object.hasOwn(out, name)) {
      delete out[name];
      reasons.add("pii_dropped");
    }
  }
  for (const name of settings.pii?.hash ?? []) {
    if (Object.hasOwn(out, name) && out[name] !== null) {
      out[name] = `sha256:${createHash("sha256")
        .update(`${projectId}:${String(out[name])}`)
        .digest("hex")}`;
      reasons.add("pii_hashed");
    }
  }
  if (isObject(out.$set_once)) out.$set_once = applyLists(out.$set_once, projectId, settings, reasons);
  return out;
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

/**
 * 203.0.113.77 → 203.0.113.0 (/24); 2001:db8:1:2::5 → 2001:db8:1:: (/48, compressed forms
 * expanded first); an IPv4-mapped IPv6 address as its IPv4 part. Not an IP address: null (the
 * value is not stored).
 */
export function truncateIp(ip: string): string | null {
  const address = ip.trim();
  if (isIPv4(address)) return address.split(".").slice(0, 3).concat("0").join(".");
  if (!isIPv6(address)) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return truncateIp(mapped[1] as string);
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 tail (…:1.2.3.4) counts as two groups; /48 keeps the first three anyway.
  const width = (groups: string[]) => groups.reduce((n, g) => n + (g.includes(".") ? 2 : 1), 0);
  const groups = tail === undefined ? left : [...left, ...Array(8 - width(left) - width(right)).fill("0"), ...right];
  const kept = groups.slice(0, 3).map((g) => Number.parseInt(g, 16).toString(16));
  return `${kept.join(":")}::`;
}
