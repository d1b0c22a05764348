import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";

/** Debian's Chromium, headless, with no network beyond the app (see DEVELOPERS notes). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/** Screenshots are CI artifacts: test-results/screenshots/<name>.png. */
export function screenshotPath(name: string): string {
  const dir = path.resolve("test-results/screenshots");
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

export type Login = { origin: string; email: string; password: string };

/**
 * A browser and a page whose errors land in `errors`: uncaught exceptions, and anything the
 * pages' Content-Security-Policy (proxy.ts) blocks — a browser test ends by expecting none.
 * With `login`, the page's context is signed in first (its session cookie set by the server).
 */
export async function openWatchedPage(viewport: { width: number; height: number }, login?: Login) {
  const browser = await launchBrowser();
  // A context of its own: a test opens a second page in it (the same session) with page.context().
  const page = await (await browser.newContext({ viewport })).newPage();
  if (login) await signIn(page, login);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) errors.push(message.text());
  });
  return { browser, page, errors };
}

/** Signs the page's browser context in through the API (its cookie jar keeps the session). */
export async function signIn(page: Page, { origin, email, password }: Login) {
  const response = await page.request.post(`${origin}/api/auth/sign-in/email`, {
    data: { email, password },
    headers: { origin },
  });
  if (!response.ok()) throw new Error(`sign-in as ${email} failed: ${response.status()} ${await response.text()}`);
}

/**
 * Pages a list to its end (LoadMore: "… shown — that is all"), at most 100 pages. The list also
 * loads its next page by itself when its end scrolls into view — which the click's scrolling
 * does — so the button may be loading or gone by the time of a click: a missed click is tried
 * again from the list's state, never waited on.
 */
export async function loadEveryPage(list: Locator) {
  const end = list.getByTestId("load-more");
  const more = end.getByRole("button", { name: "Load more" });
  for (let i = 0; i < 100; i++) {
    if ((await end.count()) === 0 || /that is all/.test((await end.textContent()) ?? "")) return;
    await more.click({ timeout: 2_000 }).catch(() => undefined);
    await list.page().waitForTimeout(200);
  }
  throw new Error("the list still had more after 100 pages");
}
