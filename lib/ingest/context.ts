import { UAParser } from "ua-parser-js";

/** The Segment context fields Loupe promotes to typed event columns (DESIGN §4). */
export type PromotedContext = {
  os: string | null;
  browser: string | null;
  deviceType: string | null;
  appVersion: string | null;
  country: string | null;
  locale: string | null;
  path: string | null;
  groupId: string | null;
  sessionId: string | null;
  /** context.ip as sent; stored truncated or not at all (privacy/apply.ts). */
  ip: string | null;
};

const MAX_DIMENSION_LENGTH = 200;

export function promoteContext(context: Record<string, unknown>): PromotedContext {
  const userAgent = str(context.userAgent);
  const ua = userAgent ? parseUserAgent(userAgent) : null;
  return {
    os: str(at(context, "os", "name")) ?? ua?.os ?? null,
    browser: ua?.browser ?? null,
    deviceType: normalizeDeviceType(str(at(context, "device", "type")) ?? ua?.deviceType ?? null),
    appVersion: str(at(context, "app", "version")),
    country: str(at(context, "location", "country")),
    locale: str(context.locale),
    path: str(at(context, "page", "path")),
    groupId: str(context.groupId),
    sessionId: str(context.sessionId),
    ip: str(context.ip),
  };
}

/** A message's own context fields over its batch's: each field from the message when it has one. */
export function mergeContext(own: PromotedContext, batch: PromotedContext | undefined): PromotedContext {
  if (!batch) return own;
  const merged = { ...own };
  for (const key of Object.keys(batch) as (keyof PromotedContext)[]) merged[key] ??= batch[key];
  return merged;
}

function at(object: Record<string, unknown>, key: string, field: string): unknown {
  const inner = object[key];
  return inner !== null && typeof inner === "object" ? (inner as Record<string, unknown>)[field] : undefined;
}

export function str(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string" || value === "") return null;
  return value.length > MAX_DIMENSION_LENGTH ? value.slice(0, MAX_DIMENSION_LENGTH) : value;
}

// Segment says "ios"/"android" for mobile SDKs; the UA parser says "mobile"/"tablet"/none.
function normalizeDeviceType(value: string | null): string | null {
  if (!value) return null;
  const lower = value.toLowerCase();
  if (lower === "ios" || lower === "android") return "mobile";
  return lower;
}

type ParsedAgent = { os: string | null; browser: string | null; deviceType: string };

// User agents repeat heavily; parsing costs ~20µs, so remember the last few thousand.
const uaCache = new Map<string, ParsedAgent>();
const UA_CACHE_SIZE = 5_000;

export function parseUserAgent(userAgent: string): ParsedAgent {
  const cached = uaCache.get(userAgent);
  if (cached) return cached;
  const result = UAParser(userAgent);
  const parsed: ParsedAgent = {
    os: result.os.name ?? null,
    browser: result.browser.name ?? null,
    deviceType: result.device.type ?? "desktop",
  };
  if (uaCache.size >= UA_CACHE_SIZE) uaCache.clear();
  uaCache.set(userAgent, parsed);
  return parsed;
}
