import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotPath, signIn } from "../support/browser";
import { e2eAdmin, e2eKeys } from "./global-setup";
import { baseUrl, driver, ingestPost, sessionCookie, total, track, unique } from "./helpers";

/*
 * Who may call what. The routes are read from app/: a route (or a method of one) missing from
 * NEEDS fails this test, so a new endpoint must say who may call it, and is then checked.
 */
type Need = "public" | "key" | "viewer" | "member" | "admin";
const NEEDS: Record<string, Need> = {
  "GET /api/health": "public",
  "* /api/[...path]": "public",
  "* /api/auth/[...all]": "public",
  "POST /api/v1/invitations/accept": "public",
  "POST /v1/[call]": "public",
  "POST /api/v1/deploys": "key",
  "GET /api/v1/projects/[project]/accounts": "viewer",
  "GET /api/v1/projects/[project]/accounts/[groupId]": "viewer",
  "GET /api/v1/projects/[project]/accounts/[groupId]/activity": "viewer",
  "GET /api/v1/projects/[project]/accounts/[groupId]/events": "viewer",
  "GET /api/v1/projects/[project]/persons": "viewer",
  "GET /api/v1/projects/[project]/persons/[id]": "viewer",
  "DELETE /api/v1/projects/[project]/persons/[id]": "admin",
  "GET /api/v1/projects/[project]/persons/[id]/events": "viewer",
  "POST /api/v1/projects/[project]/query": "viewer",
  "GET /api/v1/projects/[project]/settings": "viewer",
  "PATCH /api/v1/projects/[project]/settings": "admin",
  "POST /api/v1/projects/[project]/merges": "admin",
  "GET /api/v1/projects/[project]/members": "admin",
  "POST /api/v1/projects/[project]/members": "admin",
  "PATCH /api/v1/projects/[project]/members/[userId]": "admin",
  "DELETE /api/v1/projects/[project]/members/[userId]": "admin",
  "POST /api/v1/projects/[project]/invitations": "admin",
  "DELETE /api/v1/projects/[project]/invitations/[id]": "admin",
  "GET /api/v1/projects/[project]/keys": "admin",
  "POST /api/v1/projects/[project]/keys": "admin",
  "DELETE /api/v1/projects/[project]/keys/[prefix]": "admin",
  "POST /api/v1/projects/[project]/keys/rotate-write": "admin",
  "GET /api/v1/projects/[project]/audit": "admin",
  "POST /api/v1/projects/[project]/retention": "admin",
};
const PUBLIC_PAGES = new Set(["/sign-in", "/reset-password", "/invite"]);

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Every route file under app/ and the methods it exports: `POST /api/v1/…/[project]/query`. */
function routes(): { method: string; route: string }[] {
  const found: { method: string; route: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const source = fs.readFileSync(full, "utf8");
        const route = `/${path.relative("app", path.dirname(full))}`.replace(/\/\([^)]+\)/g, "");
        for (const method of METHODS) {
          const exported = new RegExp(`export (const|async function|function) ${method}\\b|as ${method}\\b`).test(
            source,
          );
          if (exported) found.push({ method, route });
        }
      }
    }
  };
  walk("app");
  return found;
}

function pages(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "page.tsx") {
        found.push(
          `/${path.relative("app", path.dirname(full))}`.replace(/\/\([^)]+\)/g, "").replace(/^\/\.$/, "/") || "/",
        );
      }
    }
  };
  walk("app");
  return found.map((p) => (p === "/" || p === "" ? "/" : p.replace(/\/$/, "")));
}

const needOf = (method: string, route: string): Need | undefined => NEEDS[`${method} ${route}`] ?? NEEDS[`* ${route}`];

const SAMPLE: Record<string, string> = {
  project: "acme",
  id: "someone",
  groupId: "some-account",
  userId: "someone",
  prefix: "lp_s_nope0",
  call: "batch",
  path: "nothing",
  all: "get-session",
  "...all": "get-session",
  "...path": "nothing",
};
const urlOf = (route: string, project = "acme") =>
  route.replace(/\[([^\]]+)\]/g, (_, name: string) => (name === "project" ? project : (SAMPLE[name] ?? "x")));

async function call(method: string, url: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    redirect: "manual",
    headers: { "content-type": "application/json", ...headers },
    body: method === "GET" || method === "HEAD" ? undefined : "{}",
  });
  const body = await response.text();
  return { status: response.status, body };
}

/** Headers a hostile non-browser client might think grant access. */
const FORGED = {
  "sec-fetch-site": "same-origin",
  "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware",
  origin: baseUrl,
};

const logins = {
  viewer: { email: `${unique("viewer")}@e2e.test`, password: "viewer password, long enough" },
  member: { email: `${unique("member")}@e2e.test`, password: "member password, long enough" },
};
const sessions: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  // The admin invites a viewer and a member of "acme"; each accepts with a password.
  const admin = { cookie: await sessionCookie(), origin: baseUrl };
  for (const role of ["viewer", "member"] as const) {
    const made = await fetch(`${baseUrl}/api/v1/projects/acme/invitations`, {
      method: "POST",
      headers: { ...admin, "content-type": "application/json" },
      body: JSON.stringify({ email: logins[role].email, role }),
    }).then((r) => r.json());
    const token = new URL(made.link).searchParams.get("token");
    const accepted = await fetch(`${baseUrl}/api/v1/invitations/accept`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl },
      body: JSON.stringify({ token, password: logins[role].password }),
    });
    expect(accepted.status).toBe(200);
    sessions[role] = { cookie: await sessionCookie(logins[role]), origin: baseUrl };
  }
  sessions.admin = admin;
});

describe(`every route checks its caller (${driver})`, () => {
  const list = routes();

  it("knows who may call every route the app has", () => {
    const unknown = list.filter((r) => !needOf(r.method, r.route)).map((r) => `${r.method} ${r.route}`);
    expect(unknown, "add these to NEEDS").toEqual([]);
    expect(list.length).toBeGreaterThan(20);
  });

  it("refuses every non-public route without credentials, and with forged browser headers", async () => {
    for (const { method, route } of list) {
      if (needOf(method, route) === "public") continue;
      for (const headers of [{}, FORGED]) {
        const answer = await call(method, urlOf(route), headers);
        expect(answer.status, `${method} ${route} ${JSON.stringify(headers)}`).toBe(401);
      }
    }
  });

  it("gives each role what it may do and refuses the rest with 403", async () => {
    const rank = { viewer: 0, member: 1, admin: 2 } as const;
    for (const { method, route } of list) {
      const need = needOf(method, route);
      if (need === "public" || need === "key") continue;
      for (const role of ["viewer", "member", "admin"] as const) {
        const answer = await call(method, urlOf(route), sessions[role]);
        const label = `${role}: ${method} ${route} → ${answer.status} ${answer.body.slice(0, 120)}`;
        if (rank[role] >= rank[need as keyof typeof rank]) expect([401, 403], label).not.toContain(answer.status);
        else expect(answer.status, label).toBe(403);
      }
    }
  });

  it("lets nobody read another project with their key or their session: 404, as for an unknown one", async () => {
    for (const { method, route } of list) {
      if (!route.includes("[project]")) continue;
      const withKey = await call(method, urlOf(route), { authorization: `Bearer ${e2eKeys.ingestSecret}` });
      expect(withKey.status, `${method} ${route} with another project's key`).toBe(404);
      const withSession = await call(method, urlOf(route, "ingest"), sessions.viewer);
      expect(withSession.status, `${method} ${route} as a viewer of another project`).toBe(404);
    }
  });

  it("refuses a session's change that does not come from the dashboard's origin (CSRF)", async () => {
    for (const { method, route } of list) {
      const need = needOf(method, route);
      if (method === "GET" || need === "public" || need === "key") continue;
      const cookie = sessions.admin?.cookie ?? "";
      const attempts: Record<string, string>[] = [{ cookie }, { cookie, origin: "http://evil.example" }];
      for (const headers of attempts) {
        const answer = await call(method, urlOf(route), headers);
        expect(answer.status, `${method} ${route} ${headers.origin ?? "no origin"}`).toBe(403);
      }
    }
  });

  it("sends every page without a session to sign-in, coming back after", async () => {
    for (const page of pages()) {
      if (PUBLIC_PAGES.has(page)) continue;
      const answer = await fetch(`${baseUrl}${urlOf(page, "demo")}`, { redirect: "manual", headers: FORGED });
      expect(answer.status, page).toBe(307);
      expect(answer.headers.get("location") ?? "", page).toMatch(/\/sign-in\?next=%2F/);
    }
  });

  it("refuses a sign-in or sign-out posted from another origin, and better-auth's other endpoints", async () => {
    for (const origin of ["http://evil.example", null]) {
      const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(origin ? { origin } : {}) },
        body: JSON.stringify(e2eAdmin),
      });
      expect(response.status, String(origin)).toBe(403);
    }
    for (const path of ["get-session", "change-password", "sign-up/email", "request-password-reset", "list-sessions"]) {
      const method = path === "get-session" || path === "list-sessions" ? "GET" : "POST";
      const answer = await call(method, `/api/auth/${path}`, sessions.admin);
      expect(answer.status, path).toBe(404);
    }
  });

  it("sets the session cookie HttpOnly and SameSite=Lax, Secure under npm start", async () => {
    const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl },
      body: JSON.stringify(e2eAdmin),
    });
    const cookie = response.headers.getSetCookie().find((c) => c.includes("session_token")) ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Secure/i);
  });

  it("throttles an email's failed sign-ins: 429 with Retry-After, then even the right password waits", async () => {
    const email = `${unique("guessed")}@e2e.test`;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: baseUrl },
        body: JSON.stringify({ email, password: `guess number ${i}` }),
      });
      statuses.push(response.status);
      retryAfter = response.headers.get("retry-after");
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});

describe(`personal data on every surface (${driver})`, () => {
  const demoViewer = { email: `${unique("demo-viewer")}@e2e.test`, password: "demo viewer password" };
  const to = new Date(Math.ceil(Date.now() / 86_400_000 + 1) * 86_400_000).toISOString();
  const from = new Date(Date.parse(to) - 30 * 86_400_000).toISOString();
  let maskedKey = "";
  let person = "";
  let account = "";

  beforeAll(async () => {
    const admin = { ...(sessions.admin ?? {}), "content-type": "application/json" };
    const made = await fetch(`${baseUrl}/api/v1/projects/demo/invitations`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ email: demoViewer.email, role: "viewer" }),
    }).then((r) => r.json());
    await fetch(`${baseUrl}/api/v1/invitations/accept`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl },
      body: JSON.stringify({ token: new URL(made.link).searchParams.get("token"), password: demoViewer.password }),
    });
    const key = await fetch(`${baseUrl}/api/v1/projects/demo/keys`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ name: "no pii", scopes: ["query:read"] }),
    }).then((r) => r.json());
    maskedKey = key.token;
    const list = await fetch(`${baseUrl}/api/v1/projects/demo/persons?limit=200`, { headers: admin }).then((r) =>
      r.json(),
    );
    person = list.persons.find((p: { displayName: string }) => /^Person/.test(p.displayName))?.id;
    const accounts = await fetch(`${baseUrl}/api/v1/projects/demo/accounts`, { headers: admin }).then((r) => r.json());
    account = accounts.accounts[0]?.groupId;
  });

  /** Every surface that can carry an email: REST reads and the query kinds with persons or values. */
  const surfaces = () =>
    [
      ["GET", `persons?search=person`],
      ["GET", `persons/${person}`],
      ["GET", `persons/${person}/events?limit=200`],
      ["GET", `accounts`],
      ["GET", `accounts/${encodeURIComponent(account)}`],
      ["GET", `accounts/${encodeURIComponent(account)}/events?limit=200`],
      ["POST", "query", { kind: "property_values", property: "person.email", from, to }],
      [
        "POST",
        "query",
        {
          kind: "trend",
          series: [{ event: "$any" }],
          interval: "month",
          from,
          to,
          breakdown: { property: "person.email" },
        },
      ],
      [
        "POST",
        "query",
        {
          kind: "funnel_persons",
          steps: [{ event: "product_viewed" }, { event: "add_to_cart" }],
          from,
          to,
          step: 1,
          status: "converted",
        },
      ],
    ] as const;

  const read = async (headers: Record<string, string>) => {
    const bodies: string[] = [];
    for (const [method, path, body] of surfaces()) {
      const response = await fetch(`${baseUrl}/api/v1/projects/demo/${path}`, {
        method,
        headers: { ...headers, "content-type": "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      });
      expect(response.status, `${method} ${path}`).toBe(200);
      bodies.push(await response.text());
    }
    return bodies;
  };
  const EMAIL = /[\w.+-]+@[\w-]+\.example/;

  it("shows emails to the admin, and masks every one for a viewer and a key without the permission", async () => {
    const full = await read(sessions.admin ?? {});
    // The profile, the values of person.email and a breakdown by it carry emails whatever the demo's
    // random day holds; the lists and timelines carry them when an identify is among their rows.
    for (const i of [1, 6, 7]) expect(full[i], JSON.stringify(surfaces()[i])).toMatch(EMAIL);
    const callers: Record<string, string>[] = [
      { cookie: await sessionCookie(demoViewer), origin: baseUrl },
      { authorization: `Bearer ${maskedKey}` },
    ];
    for (const headers of callers) {
      const masked = await read(headers);
      masked.forEach((body, i) => {
        expect(body, JSON.stringify(surfaces()[i])).not.toMatch(EMAIL);
      });
      expect(masked.some((body) => body.includes("[redacted:email]"))).toBe(true);
    }
  });

  it("refuses a viewer's questions that would reveal what is masked: email search, traits probed by part", async () => {
    const viewer = { cookie: await sessionCookie(demoViewer), origin: baseUrl, "content-type": "application/json" };
    const probes: [string, string, unknown?][] = [
      ["GET", `persons?search=${encodeURIComponent("person1@mail.example")}`],
      ["GET", `persons/${encodeURIComponent("person1@mail.example")}`],
      [
        "POST",
        "query",
        {
          kind: "trend",
          series: [{ event: "$any", where: [{ property: "person.email", op: "contains", value: "person1" }] }],
          interval: "month",
          from,
          to,
        },
      ],
    ];
    for (const [method, path, body] of probes) {
      const response = await fetch(`${baseUrl}/api/v1/projects/demo/${path}`, {
        method,
        headers: viewer,
        body: body ? JSON.stringify(body) : undefined,
      });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect((await response.json()).error.code).toBe("pii_required");
    }
    // An email prefix finds persons for the admin, and nothing for the viewer (ids only).
    const search = async (headers: Record<string, string>) =>
      (await fetch(`${baseUrl}/api/v1/projects/demo/persons?search=person`, { headers }).then((r) => r.json())).persons
        .length;
    expect(await search(sessions.admin ?? {})).toBeGreaterThan(0);
    expect(await search(viewer)).toBe(0);
    const plain = await fetch(`${baseUrl}/api/v1/projects/demo/query`, {
      method: "POST",
      headers: viewer,
      body: JSON.stringify({
        kind: "trend",
        series: [{ event: "$any", where: [{ property: "person.plan", op: "eq", value: "team" }] }],
        interval: "month",
        from,
        to,
      }),
    });
    expect(plain.status).toBe(200);
  });

  it("records the admin's view of a profile with personal data, once per 10 minutes", async () => {
    const admin = sessions.admin ?? {};
    await fetch(`${baseUrl}/api/v1/projects/demo/persons/${person}`, { headers: admin });
    const audit = await fetch(`${baseUrl}/api/v1/projects/demo/audit?action=pii_viewed`, { headers: admin }).then((r) =>
      r.json(),
    );
    const views = audit.entries.filter((e: { target: string }) => e.target === `person:${person}`);
    expect(views).toHaveLength(1);
    expect(views[0].actorLabel).toBe(e2eAdmin.email);
  });
});

describe(`deleting a person (${driver})`, () => {
  it("removes their events and ids, records it, and with suppress drops what they send later", async () => {
    const id = unique("forget-me");
    const event = unique("forgotten");
    const headers = { authorization: `Bearer ${e2eKeys.ingestSecret}` };
    const sent = await ingestPost("/v1/batch", { batch: [0, 1, 2].map((i) => track(event, i, { userId: id })) });
    expect(sent.body.accepted).toBe(3);
    await expect.poll(() => total(event)).toBe(3);
    const deleted = await fetch(`${baseUrl}/api/v1/projects/ingest/persons/${id}?suppress=true`, {
      method: "DELETE",
      headers,
    });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toMatchObject({
      distinctIds: [id],
      removed: { events: 3, distinctIds: 1 },
      suppressed: 1,
    });
    expect((await fetch(`${baseUrl}/api/v1/projects/ingest/persons/${id}`, { headers })).status).toBe(404);
    expect(await total(event)).toBe(0);
    await ingestPost("/v1/batch", { batch: [track(event, 9, { userId: id })] });
    expect(await total(event)).toBe(0);
    const audit = await fetch(`${baseUrl}/api/v1/projects/ingest/audit?action=person_deleted`, { headers }).then((r) =>
      r.json(),
    );
    expect(audit.entries[0]).toMatchObject({
      actor: expect.stringMatching(/^key:lp_s_/),
      details: { removed: { events: 3 } },
    });
    expect(JSON.stringify(audit.entries[0])).not.toContain(id);
  });
});

describe(`sign in, invite a viewer, see masked emails, sign out (${driver})`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("walks the whole way in a browser", async () => {
    const adminContext = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const admin = await adminContext.newPage();
    await admin.goto(`${baseUrl}/projects/demo/settings`);
    await admin.waitForURL(/\/sign-in/);
    await admin.getByLabel("Email").fill(e2eAdmin.email);
    await admin.getByLabel("Password").fill(e2eAdmin.password);
    await admin.getByRole("button", { name: "Sign in" }).click();
    await admin.waitForURL(/\/projects\/demo\/settings/);
    const email = `${unique("reader")}@e2e.test`;
    const invite = admin.getByRole("form", { name: "Invite" });
    await invite.getByLabel("Invite by email").fill(email);
    await invite.getByLabel("Role").selectOption("viewer");
    await invite.getByRole("button", { name: "Make invite link" }).click();
    const link = (await admin.getByTestId("shown-once").textContent()) ?? "";
    expect(link).toContain("/invite?token=");
    await admin.screenshot({ path: screenshotPath("settings"), fullPage: true });
    await adminContext.close();

    const viewerContext = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const viewer = await viewerContext.newPage();
    await viewer.goto(link);
    await viewer.getByLabel("Choose a password").fill("a viewer's own password");
    await viewer.getByLabel("Again").fill("a viewer's own password");
    await viewer.getByRole("button", { name: "Join" }).click();
    await viewer.waitForURL(/\/projects\/demo$/);
    await viewer.getByRole("navigation", { name: "Reports" }).waitFor();
    // An identified person (their traits hold an email), as the admin's list names them.
    const list = await fetch(`${baseUrl}/api/v1/projects/demo/persons?limit=200`, { headers: sessions.admin }).then(
      (r) => r.json(),
    );
    const identified = list.persons.find((p: { displayName: string }) => /^Person/.test(p.displayName));
    await viewer.goto(`${baseUrl}/projects/demo/people`);
    await viewer.getByTestId("persons-table").waitFor();
    await viewer.goto(`${baseUrl}/projects/demo/people/${identified.id}`);
    await viewer.getByTestId("profile").waitFor();
    await expect.poll(async () => (await viewer.textContent("main")) ?? "").toContain("[redacted:email]");
    expect((await viewer.textContent("main")) ?? "").not.toMatch(/[\w.+-]+@[\w-]+\.example/);
    await viewer.screenshot({ path: screenshotPath("person-masked"), fullPage: true });
    // The same person, for the admin: the email itself.
    const adminAgain = await browser.newContext();
    const adminPage = await adminAgain.newPage();
    await signIn(adminPage, { origin: baseUrl, ...e2eAdmin });
    await adminPage.goto(viewer.url());
    await adminPage.getByTestId("profile").waitFor();
    await expect.poll(async () => (await adminPage.textContent("main")) ?? "").toMatch(/person\d+@[\w-]+\.example/);
    await adminAgain.close();
    await viewer.getByRole("button", { name: "Sign out" }).click();
    await viewer.waitForURL(/\/sign-in/);
    await viewer.goto(`${baseUrl}/projects/demo/people`);
    await viewer.waitForURL(/\/sign-in\?next=/);
    const refused = await viewer.request.get(`${baseUrl}/api/v1/projects/demo/persons`);
    expect(refused.status()).toBe(401);
    await viewerContext.close();
  });

  it("lets an admin delete a person from their page, and says so on the people list", async () => {
    const id = unique("delete-in-browser");
    const event = unique("deleted_in_browser");
    await ingestPost("/v1/batch", { batch: [0, 1].map((i) => track(event, i, { userId: id })) });
    await expect.poll(() => total(event)).toBe(2);
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await signIn(page, { origin: baseUrl, ...e2eAdmin });
    await page.goto(`${baseUrl}/projects/ingest/people/${id}`);
    await page.getByTestId("profile").waitFor();
    await page.getByRole("button", { name: "Delete person…" }).click();
    const confirm = page.getByRole("form", { name: "Delete person" });
    await confirm.getByLabel("drop their later events too").check();
    await confirm.getByRole("button", { name: "Delete" }).click();
    await page.waitForURL(/\/projects\/ingest\/people\?deleted=2/);
    expect(await page.getByRole("status").first().textContent()).toContain("with their 2 events");
    expect(await total(event)).toBe(0);
    await context.close();
  });

  it("shows a viewer no settings: not in the navigation, and the page is the one an unknown page gets", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, { origin: baseUrl, ...logins.viewer });
    await page.goto(`${baseUrl}/projects/acme`);
    await page.getByRole("navigation", { name: "Reports" }).waitFor();
    expect(await page.getByRole("link", { name: "Settings" }).count()).toBe(0);
    await page.goto(`${baseUrl}/projects/acme/settings`);
    await expect.poll(async () => (await page.textContent("body")) ?? "").toMatch(/Nothing here/);
    expect(await page.getByRole("form", { name: "Invite" }).count()).toBe(0);
    await context.close();
  });
});
