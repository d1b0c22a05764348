import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEveryPage, screenshotPath } from "../support/browser";
import { baseUrl, driver, openSignedInPage } from "./helpers";

let browser: Browser;
let page: Page;
let errors: string[] = [];

beforeAll(async () => {
  ({ browser, page, errors } = await openSignedInPage({ width: 1400, height: 1100 }));
});
afterAll(() => browser?.close());

describe(`trends in Chromium (${driver})`, () => {
  it("adds a series and a formula, keeps them in the URL, and drills a point into its persons and a timeline", async () => {
    await page.goto(`${baseUrl}/projects/demo/trends?range=7d&interval=day`);
    await page.getByTestId("trend-chart").locator("canvas").waitFor();
    await page.getByLabel("Series A event").fill("product_viewed");
    await page.getByLabel("Series A event").press("Enter");
    await page.waitForURL(/s=product_viewed/);
    await page.getByRole("button", { name: "+ Add series" }).click();
    await page.getByLabel("Series B event").fill("add_to_cart");
    await page.getByLabel("Series B event").press("Enter");
    await page.waitForURL(/s=add_to_cart/);
    await page.getByLabel("Formula").fill("B / A");
    await page.getByLabel("Formula").press("Enter");
    await page.waitForURL(/formula=B/);
    const table = page.getByTestId("trend-table");
    await table.getByText("= B / A").waitFor();
    await page.screenshot({ path: screenshotPath(`trends-${driver}`), fullPage: true });

    // The newest full day of series B: its number is the sum of the persons' events, page after page.
    const cell = table.locator("tr", { hasText: "B · add_to_cart" }).getByTestId("trend-cell").nth(1);
    const count = Number(((await cell.textContent()) ?? "0").replace(/,/g, ""));
    expect(count).toBeGreaterThan(0);
    await cell.click();
    await page.waitForURL(/point=1~/);
    const panel = page.getByTestId("persons-panel");
    await panel.getByTestId("panel-person").first().waitFor();
    await loadEveryPage(panel);
    const events = await panel.locator("tbody tr td:last-child").allTextContents();
    expect(events.reduce((sum, n) => sum + Number(n), 0)).toBe(count);

    // A shared URL opens the same trend; then a person's timeline.
    await page.goto(page.url());
    await page.getByTestId("persons-panel").getByTestId("panel-person").first().click();
    await page.waitForURL(/\/people\/\d+\?at=/);
    await page.getByTestId("timeline-target").waitFor();
    expect(errors).toEqual([]);
  });
});
