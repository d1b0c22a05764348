import { Agent, request as httpRequest } from "node:http";
import { openDatabase } from "@/db/connect";
import { runMigrations } from "@/db/migrate";
import { createApiKey } from "@/lib/auth/api-keys";
import { createUser, findUserByEmail } from "@/lib/auth/auth";
import { handleAuthRequest } from "@/lib/auth/handler";
import { projectAccess, setMember } from "@/lib/auth/roles";
import { sessionUser } from "@/lib/auth/session";
import { ensureProject } from "@/lib/projects/bootstrap";
import { cookieHeader } from "../../tests/support/cookies";
import { startApp } from "../app-process";
import { progressBar } from "../cli";
import { benchDatabase } from "./postgres";
import { percentile } from "./stats";

const hundredths = (ms: number) => Math.round(ms * 100) / 100;

export type AuthBenchOptions = { requests: number };

const LOGIN = { email: "bench-member@loupe.test", password: "bench member password" };

/**
 * What a session check costs (issue 17: ≤ 2 ms per request), on native PostgreSQL:
 * 1. in process: sessionUser() + projectAccess() — the check itself (cookie signature, the
 *    session and its user, the membership), N times;
 * 2. over HTTP against the built app, one request at a time, the same cheap read
 *    (GET …/settings) with no credential (401: the floor of routing and answering), with a
 *    secret key, and with a member's session, interleaved so that noise hits all three alike.
 */
export async function benchAuth(options: AuthBenchOptions) {
  const database = await benchDatabase("loupe_bench_auth");
  const handle = await openDatabase({ databaseUrl: database.url, poolSize: 4 });
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    await runMigrations(handle);
    const db = handle.db;
    const project = await ensureProject(db, { slug: "bench" });
    if (!(await findUserByEmail(db, LOGIN.email))) await createUser(db, LOGIN);
    const user = await findUserByEmail(db, LOGIN.email);
    if (!user) throw new Error("no bench user");
    await setMember(db, { projectId: project.id, userId: user.id, role: "member", canSeePii: false });
    const { token: key } = await createApiKey(db, { projectId: project.id, kind: "secret", name: "bench" });

    // 1. The check in process.
    const signedIn = await handleAuthRequest(
      db,
      new Request("http://localhost:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/json" },
        body: JSON.stringify(LOGIN),
      }),
    );
    const cookie = cookieHeader(signedIn);
    const headers = new Headers({ cookie, host: "localhost:3000" });
    const inProcess: number[] = [];
    for (let i = 0; i < options.requests; i++) {
      const started = performance.now();
      const found = await sessionUser(db, headers);
      if (!found || !(await projectAccess(db, found, project.id))) throw new Error("the session was refused");
      inProcess.push(performance.now() - started);
    }

    // 2. Over HTTP.
    const running = await startApp({ DATABASE_URL: database.url });
    app = running;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const target = new URL(`${running.url}/api/v1/projects/bench/settings`);
    const httpCookie = await signInOverHttp(running.url);
    const get = (extra: Record<string, string>, expected: number) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const request = httpRequest(target, { method: "GET", agent, headers: extra }, (response) => {
          response.resume();
          response.on("end", () =>
            response.statusCode === expected
              ? resolve(performance.now() - started)
              : reject(new Error(`answered ${response.statusCode}, not ${expected}`)),
          );
        });
        request.on("error", reject);
        request.end();
      });
    const kinds = {
      none: () => get({}, 401),
      key: () => get({ authorization: `Bearer ${key}` }, 200),
      session: () => get({ cookie: httpCookie }, 200),
    };
    for (let i = 0; i < 50; i++) for (const run of Object.values(kinds)) await run(); // warm-up
    const timings: Record<keyof typeof kinds, number[]> = { none: [], key: [], session: [] };
    const bar = progressBar("auth over HTTP");
    bar.start(options.requests, 0, { rate: 0 });
    for (let i = 0; i < options.requests; i++) {
      for (const [name, run] of Object.entries(kinds) as [keyof typeof kinds, () => Promise<number>][]) {
        timings[name].push(await run());
      }
      bar.increment();
    }
    bar.stop();
    const figures = (list: number[]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return { medianMs: hundredths(percentile(sorted, 0.5)), p95Ms: hundredths(percentile(sorted, 0.95)) };
    };
    const http = {
      unauthenticated: figures(timings.none),
      secretKey: figures(timings.key),
      session: figures(timings.session),
    };
    return {
      requests: options.requests,
      inProcess: figures(inProcess),
      http,
      sessionOverKeyMs: hundredths(http.session.medianMs - http.secretKey.medianMs),
    };
  } finally {
    app?.stop();
    await handle.close();
    database.stop();
  }
}

async function signInOverHttp(base: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(LOGIN),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  return cookieHeader(response);
}
