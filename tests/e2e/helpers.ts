import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { inject } from "vitest";
import { openWatchedPage } from "../support/browser";
import { cookieHeader } from "../support/cookies";
import { e2eAdmin, e2eKeys } from "./global-setup";

export const baseUrl = inject("baseUrl");
export const driver = inject("driver");
export const unique = (prefix: string) => `${prefix}_${randomBytes(4).toString("hex")}`;

/** A browser page signed in as the e2e instance admin (see openWatchedPage). */
export const openSignedInPage = (viewport: { width: number; height: number }) =>
  openWatchedPage(viewport, { origin: baseUrl, ...e2eAdmin });

/** A session cookie for fetch() calls, as a browser would hold it after signing in. */
export function sessionCookie(login: { email: string; password: string } = e2eAdmin): Promise<string> {
  const key = `${login.email}\n${login.password}`;
  let cookie = cookies.get(key);
  if (!cookie) {
    cookie = signInForCookie(login);
    cookies.set(key, cookie);
  }
  return cookie;
}
const cookies = new Map<string, Promise<string>>();

async function signInForCookie(login: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify(login),
  });
  if (!response.ok) throw new Error(`sign-in as ${login.email}: ${response.status} ${await response.text()}`);
  return cookieHeader(response);
}

/** The headers of a signed-in dashboard's fetch: its cookie, and its origin (the CSRF check). */
export async function dashboardHeaders(login?: { email: string; password: string }) {
  return { cookie: await sessionCookie(login), origin: baseUrl };
}

type PostOptions = { key?: string | null; gzip?: boolean; headers?: Record<string, string>; origin?: string };

/** POST to an ingestion endpoint with the write key as Basic username (as analytics-node does). */
export async function ingestPost(path: string, body: unknown, options: PostOptions = {}) {
  const key = options.key === undefined ? e2eKeys.ingestWrite : options.key;
  const raw = typeof body === "string" ? Buffer.from(body) : Buffer.from(JSON.stringify(body));
  const response = await fetch(`${options.origin ?? baseUrl}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key ? { authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` } : {}),
      ...(options.gzip ? { "content-encoding": "gzip" } : {}),
      ...options.headers,
    },
    body: options.gzip ? gzipSync(raw) : raw,
  });
  return { status: response.status, headers: response.headers, body: await response.json().catch(() => null) };
}

/** Total of a trend series over the last 60 days (+1 day): how many events/persons were stored. */
export async function total(
  event: string,
  measure: "count" | "persons" = "count",
  project = "ingest",
): Promise<number> {
  const to = new Date(Math.ceil(Date.now() / 86_400_000 + 1) * 86_400_000);
  const from = new Date(to.getTime() - 61 * 86_400_000);
  const response = await fetch(`${baseUrl}/api/v1/projects/${project}/query`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${project === "ingest" ? e2eKeys.ingestSecret : e2eKeys.secret}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({
      kind: "trend",
      series: [{ event, measure }],
      interval: "month",
      from: from.toISOString(),
      to: to.toISOString(),
    }),
  });
  const body = (await response.json()) as { series: { points: { value: number }[] }[] };
  return body.series[0]?.points.reduce((sum, p) => sum + p.value, 0) ?? Number.NaN;
}

export const track = (event: string, i: number, extra: Record<string, unknown> = {}) => ({
  type: "track",
  event,
  userId: `user-${i % 10}`,
  messageId: `${event}-${i}`,
  timestamp: new Date().toISOString(),
  properties: { i },
  ...extra,
});

export const hourStart = (ms: number) => new Date(Math.floor(ms / 3_600_000) * 3_600_000).toISOString();

/** The start of the one hour (UTC) around `aroundMs` (±6 h) holding the event's count, if one does. */
export async function hourOf(event: string, aroundMs: number): Promise<string | null> {
  const response = await fetch(`${baseUrl}/api/v1/projects/ingest/query`, {
    method: "POST",
    headers: { authorization: `Bearer ${e2eKeys.ingestSecret}`, "content-type": "application/json" },
    body: JSON.stringify({
      kind: "trend",
      series: [{ event }],
      interval: "hour",
      from: hourStart(aroundMs - 6 * 3_600_000),
      to: hourStart(aroundMs + 7 * 3_600_000),
    }),
  });
  const body = (await response.json()) as { series: { points: { t: string; value: number }[] }[] };
  const hours = body.series[0]?.points.filter((p) => p.value > 0) ?? [];
  return hours.length === 1 ? new Date(hours[0]?.t as string).toISOString() : null;
}
