import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Locator } from "playwright-core";

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

/**
 * A browser and a page whose errors land in `errors`: uncaught exceptions, and anything the
 * pages' Content-Security-Policy (proxy.ts) blocks — a browser test ends by expecting none.
 */
export async function openWatchedPage(viewport: { width: number; height: number }) {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) errors.push(message.text());
  });
  return { browser, page, errors };
}

/** Clicks a list's "Load more" until it is gone (at most 50 pages): the whole list is shown. */
export async function loadEveryPage(list: Locator) {
  const more = list.getByRole("button", { name: "Load more" });
  for (let i = 0; i < 50 && (await more.count()) > 0; i++) {
    await more.click();
    await list.page().waitForTimeout(200);
  }
}
