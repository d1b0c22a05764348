import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, startDevServer } from "../../scripts/app-process";
import { launchBrowser, screenshotPath, signIn } from "../support/browser";

// A newcomer's first start: `npm run dev` on a fresh data folder (migrations, demo seed), opened at
// 127.0.0.1 and at every address the dev server prints, as on a VM or a remote box.
let dev: App;
let browser: Browser;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-dev-"));

beforeAll(async () => {
  dev = await startDevServer({ LOUPE_DATA_DIR: path.join(dataDir, "db"), LOUPE_DEMO_EVENTS: "5000" });
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await dev?.stopAndWait();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The addresses `next dev` printed ("- Local: http://localhost:3000", "- Network: http://…"). */
const printedAddresses = (log: string) =>
  [...log.matchAll(/-\s+(?:Local|Network):\s+(http\S+)/g)].map((m) => m[1] as string);

/** The demo login the first start printed once ("email: …", "password: …"). */
const printedLogin = (log: string) => ({
  email: /email:\s+(\S+)/.exec(log)?.[1] ?? "",
  password: /password:\s+(\S+)/.exec(log)?.[1] ?? "",
});

describe("npm run dev, first start", () => {
  it("prints a login once, and signing in with it opens the demo", async () => {
    const login = printedLogin(dev.log());
    expect(login.email).toBe("demo@loupe.local");
    expect(login.password.length).toBeGreaterThanOrEqual(16);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${dev.port}/projects/demo/trends`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel("Email").fill(login.email);
    await page.getByLabel("Password").fill(login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/projects\/demo\/trends/);
    await page.close();
  });

  it("draws the overview at 127.0.0.1 and at every address it prints", async () => {
    const printed = printedAddresses(dev.log());
    expect(printed.length).toBeGreaterThan(0);
    for (const origin of [`http://127.0.0.1:${dev.port}`, ...printed]) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await signIn(page, { origin, ...printedLogin(dev.log()) });
      await page.goto(`${origin}/`);
      await page.waitForURL(/\/projects\/demo/);
      // The canvas exists only once the page is interactive (the chart is drawn in an effect), and
      // unique persons come from a query the browser makes after hydration.
      await page.getByTestId("volume-chart").locator("canvas").waitFor({ timeout: 120_000 });
      await expect
        .poll(() => page.getByTestId("top-events").getAttribute("aria-busy"), { timeout: 60_000 })
        .toBe("false");
      expect(await page.getByTestId("top-event-persons").first().textContent()).toMatch(/^[1-9][\d,]*$/);
      if (origin.includes("127.0.0.1")) await page.screenshot({ path: screenshotPath("dev-server-127.0.0.1") });
      expect(errors, origin).toEqual([]);
      await page.close();
    }
  });

  it("prints no warning and no error", () => {
    const log = dev.log();
    expect(log).toMatch(/Loupe is ready on pglite/);
    // Next's disk benchmark warns on a busy machine (CI's two cores under the test suite): it
    // measures the machine, not Loupe, and says so itself.
    const environmental = /Slow filesystem detected/;
    const bad = log.split("\n").filter((line) => /⚠|⨯|warn|error|blocked/i.test(line) && !environmental.test(line));
    expect(bad, `the dev server printed:\n${log}`).toEqual([]);
  });
});
