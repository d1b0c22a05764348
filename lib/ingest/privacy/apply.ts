import { createHmac } from "node:crypto";
import type { ProjectSettings } from "@/db/schema/projects";
import { isObject } from "../sanitize";
import type { NormalizedEvent } from "../types";
import { truncateIp } from "./ip";
import { redactNumber, redactText } from "./patterns";
import { stripSecretParams } from "./urls";

export type PrivacyReason = "pii_dropped" | "pii_hashed" | "pii_redacted";

/** A project's PII rules and the key of its hashes (project_secrets: never stored in events). */
export type Privacy = { settings: ProjectSettings; hashKey: string };

/** HMAC-SHA-256 under the project's key: equal inputs give equal hashes, a dictionary gives nothing. */
export function keyedHash(hashKey: string, value: string): string {
  return `hmac:${createHmac("sha256", hashKey).update(value).digest("hex").slice(0, 40)}`;
}

// Properties mirroring person and account traits: the drop and hash lists apply to them, not the
// patterns (an identify's email trait is the person's email; list it to keep it out).
const TRAIT_MIRRORS = new Set(["$set", "$group_set"]);

type Rules = {
  drop: Set<string>;
  hash: Set<string>;
  /** Entries with a dot name one path (`form.password`); the others a name at any depth. */
  paths: boolean;
  patterns: boolean;
  urls: boolean;
  hashKey: string;
  reasons: Set<PrivacyReason>;
};

/**
 * Applies a project's PII rules to an event before it is stored (DESIGN §4). What each rule covers,
 * surface by surface, is docs/privacy.md; in short:
 * - drop and hash lists: property and trait names at any depth (or a dotted path), in event
 *   properties, identify traits (`$set`, `$set_once`) and group traits;
 * - patterns (emails, phones, cards; on by default): every property value at any depth, property
 *   names, the event name and the page path; an id (userId, anonymousId, previousId, groupId)
 *   holding one is replaced whole by its keyed hash, so it still identifies one person;
 * - secret-named URL query parameters (on by default): removed from every property value and the path;
 * - IP: `context.ip` or a client-sent `properties.$ip`, truncated (default) or discarded.
 * Returns what it changed, for data quality.
 */
export function applyPrivacy(event: NormalizedEvent, privacy: Privacy): PrivacyReason[] {
  const { settings, hashKey } = privacy;
  const rules: Rules = { ...rulesOf(settings), hashKey, reasons: new Set() };
  if (rules.patterns) protectIds(event, rules);
  const text = (value: string) => redactString(value, rules);
  event.event = text(event.event);
  if (event.path !== null) event.path = text(event.path);

  const sentIp = event.ip ?? (typeof event.properties.$ip === "string" ? event.properties.$ip : null);
  const { $ip: _clientIp, ...rest } = event.properties;
  const listsOnly: Rules = { ...rules, patterns: false, urls: false };
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (TRAIT_MIRRORS.has(key) && isObject(value)) {
      setOwn(properties, key, scrub(value, null, listsOnly));
      continue;
    }
    const next = scrubEntry(key, value, null, rules);
    if (next !== DROPPED) setOwn(properties, rules.patterns ? redactName(key, rules) : key, next);
  }
  const traits = (record: Record<string, unknown>) => scrub(record, null, listsOnly) as Record<string, unknown>;
  if (event.personSet) event.personSet = traits(event.personSet);
  if (event.personSetOnce) event.personSetOnce = traits(event.personSetOnce);
  if (event.accountTraits) event.accountTraits = traits(event.accountTraits);
  const ip = sentIp && settings.ipHandling !== "discard" ? truncateIp(sentIp) : null;
  if (ip) properties.$ip = ip;
  event.properties = properties;
  return [...rules.reasons];
}

// A project's rules, worked out once per settings object (the project cache holds one per
// project until its settings change), not once per event.
const rulesBySettings = new WeakMap<ProjectSettings, Omit<Rules, "hashKey" | "reasons">>();
function rulesOf(settings: ProjectSettings): Omit<Rules, "hashKey" | "reasons"> {
  let rules = rulesBySettings.get(settings);
  if (!rules) {
    const names = [...(settings.pii?.drop ?? []), ...(settings.pii?.hash ?? [])];
    rules = {
      drop: new Set(settings.pii?.drop ?? []),
      hash: new Set(settings.pii?.hash ?? []),
      paths: names.some((name) => name.includes(".")),
      patterns: settings.pii?.redactPatterns !== false,
      urls: settings.pii?.stripUrlSecrets !== false,
    };
    rulesBySettings.set(settings, rules);
  }
  return rules;
}

/** Ids holding an email, phone or card number become its keyed hash (the same id, unreadable). */
function protectIds(event: NormalizedEvent, rules: Rules): void {
  const protect = (id: string) => {
    if (redactText(id) === id) return id;
    rules.reasons.add("pii_hashed");
    return keyedHash(rules.hashKey, id);
  };
  event.distinctId = protect(event.distinctId);
  if (event.groupId) event.groupId = protect(event.groupId);
  const op = event.identity;
  if (op?.kind === "link") event.identity = { ...op, anonymousId: protect(op.anonymousId), userId: protect(op.userId) };
  if (op?.kind === "alias") event.identity = { ...op, previousId: protect(op.previousId), userId: protect(op.userId) };
  for (const mirror of ["$group_id", "$previous_id"]) {
    const value = event.properties[mirror];
    if (typeof value === "string") event.properties[mirror] = protect(value);
  }
}

function redactString(value: string, rules: Rules): string {
  let out = rules.urls ? stripSecretParams(value) : value;
  if (rules.patterns) out = redactText(out);
  if (out !== value) rules.reasons.add("pii_redacted");
  return out;
}

/** A copy of `value` with the rules applied (copy on write: unchanged parts are shared). */
function scrub(value: unknown, path: string | null, rules: Rules): unknown {
  if (typeof value === "string") return rules.patterns || rules.urls ? redactString(value, rules) : value;
  if (typeof value === "number" && rules.patterns) {
    const redacted = redactNumber(value);
    if (redacted !== value) rules.reasons.add("pii_redacted");
    return redacted;
  }
  if (Array.isArray(value)) {
    const out = value.map((item) => scrub(item, path, rules));
    return out.some((item, i) => item !== value[i]) ? out : value;
  }
  if (!isObject(value)) return value;
  const entries = Object.entries(value);
  let out: Record<string, unknown> | null = null;
  for (let i = 0; i < entries.length; i++) {
    const [key, item] = entries[i] as [string, unknown];
    const next = scrubEntry(key, item, path, rules);
    const name = rules.patterns ? redactName(key, rules) : key;
    if (out === null) {
      if (next === item && name === key) continue;
      out = {};
      for (const [k, v] of entries.slice(0, i)) setOwn(out, k, v);
    }
    if (next !== DROPPED) setOwn(out, name, next);
  }
  return out ?? value;
}

const DROPPED = Symbol("dropped");

/** One property's value: DROPPED, hashed, or scrubbed (its name is the caller's to check). */
function scrubEntry(key: string, item: unknown, path: string | null, rules: Rules): unknown {
  const at = rules.paths ? (path === null ? key : `${path}.${key}`) : null;
  if (rules.drop.has(key) || (at !== null && rules.drop.has(at))) {
    rules.reasons.add("pii_dropped");
    return DROPPED;
  }
  if (rules.hash.has(key) || (at !== null && rules.hash.has(at))) {
    if (item === null) return null;
    rules.reasons.add("pii_hashed");
    return keyedHash(rules.hashKey, typeof item === "string" ? item : JSON.stringify(item));
  }
  return scrub(item, at, rules);
}

function redactName(key: string, rules: Rules): string {
  const redacted = redactText(key);
  if (redacted !== key) rules.reasons.add("pii_redacted");
  return redacted;
}

/**
 * Sets an own property: a "__proto__" key stays data, never a prototype. Only that name has a
 * setter on Object.prototype; every other key assigned to a plain object becomes its own (and
 * assignment is several times cheaper than defineProperty, once per property of every event).
 */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}
