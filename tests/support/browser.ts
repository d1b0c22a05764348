import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";

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
