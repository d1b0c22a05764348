import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regressionMessagesAt } from "../fixtures/deploy-impact";
import { screenshotPath } from "../support/browser";
import { e2eKeys } from "./global-setup";
import { baseUrl, driver, ingestPost, openSignedInPage } from "./helpers";

let browser: Browser;
let page: Page;
let errors: string[] = [];

// Three days ago, on the hour: its window has ended, and it is in the deploys list's 90 days.
const deployAt = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 86_400_000).toISOString();
const regressionMessages = regressionMessagesAt(deployAt);

beforeAll(async () => {
  // The planted regression of tests/fixtures/deploy-impact.ts, sent as an SDK would, and its deploy from CI.
  for (let i = 0; i < regressionMessages.length; i += 500) {
    const sent = await ingestPost(
      "/v1/batch",
      { batch: regressionMessages.slice(i, i + 500) },
      { key: e2eKeys.impactWrite },
    );
    expect(sent.status).toBe(200);
  }
  const deploy = await fetch(`${baseUrl}/api/v1/deploys`, {
    method: "POST",
    headers: { authorization: `Bearer ${e2eKeys.impactSecret}`, "content-type": "application/json" },
    body: JSON.stringify({ service: "web", version: "3.0.0", timestamp: deployAt, description: "New cart button" }),
  });
  expect(deploy.status).toBeLessThan(300);
  ({ browser, page, errors } = await openSignedInPage({ width: 1400, height: 1100 }));
}, 60_000);
afterAll(() => browser?.close());

describe(`deploys in Chromium (${driver})`, () => {
  it("goes from the deploys list to the regression, its segment, and an affected person's timeline", async () => {
    await page.goto(`${baseUrl}/projects/impact/deploys`);
    const row = page.getByTestId("deploy-row").filter({ hasText: "web@3.0.0" });
    await row.getByTestId("impact-badge").filter({ hasText: "regression" }).waitFor();
    await page.screenshot({ path: screenshotPath(`deploys-${driver}`), fullPage: true });
    await row.getByTestId("deploy-link").click();
    await page.waitForURL(/\/deploys\/\d+/);

    // The Android drop, named with its release, among the ranked changes.
    const change = page.getByTestId("change-row").filter({ hasText: "os=Android, app_version=5.2.0" }).first();
    await change.waitFor();
    expect(await change.textContent()).toContain("against 5.1.0, which it replaces");
    await change.click();
    await page.waitForURL(/change=\d+/);
    await page.getByTestId("impact-chart").locator("canvas").waitFor();
    await page.getByTestId("release-cause").waitFor();
    const segment = page.getByTestId("segment-row").filter({ hasText: "5.2.0" });
    await segment.waitFor();
    await page.screenshot({ path: screenshotPath(`deploy-${driver}`), fullPage: true });

    // The segment's persons whom the drop missed (Android people who did not add to cart), then one's timeline.
    await segment.click();
    await page.waitForURL(/segment=/);
    const panel = page.getByTestId("persons-panel");
    await panel.getByTestId("panel-person").first().waitFor();
    await expect.poll(() => panel.getByTestId("panel-person").count()).toBe(15);
    await panel.getByTestId("panel-person").first().click();
    await page.waitForURL(/\/people\/\d+\?at=/);
    await page.getByTestId("timeline-target").waitFor();
    expect(errors).toEqual([]);
  });
});
