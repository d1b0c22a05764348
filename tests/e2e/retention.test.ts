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

describe(`retention in Chromium (${driver})`, () => {
  it("shows the triangle, follows the period in the URL, and drills a cell into persons and a timeline", async () => {
    await page.goto(`${baseUrl}/projects/demo/retention`);
    await page.getByTestId("retention-table").waitFor();
    expect(await page.getByTestId("retention-row").count()).toBe(6);
    // The current week's later periods have not happened: hatched, never 0.
    expect(await page.getByTestId("retention-cell-incomplete").count()).toBeGreaterThan(0);
    await page.getByTestId("retention-curve").locator("canvas").waitFor();
    await page.screenshot({ path: screenshotPath(`retention-${driver}`), fullPage: true });

    // Days instead of weeks: the URL and the table follow.
    await page.getByRole("radio", { name: "day" }).click();
    await page.waitForURL(/period=day/);
    await expect.poll(() => page.getByRole("columnheader", { name: "Day 1", exact: true }).count()).toBe(1);
    await page.getByRole("radio", { name: "week" }).click();
    await page.waitForURL((url) => !url.search.includes("period=day"));
    await page.getByRole("columnheader", { name: "Week 1", exact: true }).waitFor();

    // The first cohort's week 1: its count is the panel's length, page after page.
    const cell = page.getByTestId("retention-row").first().getByTestId("retention-cell").nth(1);
    const count = Number(await cell.getAttribute("data-count"));
    expect(count).toBeGreaterThan(0);
    await cell.click();
    await page.waitForURL(/cell=/);
    const panel = page.getByTestId("persons-panel");
    await panel.getByTestId("panel-person").first().waitFor();
    await loadEveryPage(panel);
    await expect.poll(() => panel.getByTestId("panel-person").count()).toBe(count);

    // Lost at the same period: the rest of the cohort.
    const size = Number(
      ((await page.getByTestId("retention-row").first().locator("td").first().textContent()) ?? "").replace(/,/g, ""),
    );
    await panel.getByRole("radio", { name: "lost" }).click();
    await page.waitForURL(/~lost/);
    await panel.getByTestId("panel-person").first().waitFor();
    await loadEveryPage(panel);
    await expect.poll(() => panel.getByTestId("panel-person").count()).toBe(size - count);

    // Back to the retained, and into one person's timeline at that week.
    await page.goBack();
    await page.waitForURL(/~retained/);
    await panel.getByTestId("panel-person").first().click();
    await page.waitForURL(/\/people\/\d+\?at=/);
    await page.getByTestId("timeline-target").waitFor();
    expect(errors).toEqual([]);
  });
});
