import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshotPath } from "../support/browser";
import { baseUrl, driver, openSignedInPage } from "./helpers";

let browser: Browser;
let page: Page;
let errors: string[] = [];

beforeAll(async () => {
  ({ browser, page, errors } = await openSignedInPage({ width: 1400, height: 1000 }));
});
afterAll(() => browser?.close());

describe(`overview in Chromium (${driver})`, () => {
  it("shows event volume with deploy markers, top events and freshness", async () => {
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/projects\/demo/);
    const chart = page.getByTestId("volume-chart");
    await chart.locator("canvas").waitFor();
    expect(await chart.getAttribute("aria-label")).toMatch(/Event volume per day, [1-9]\d* deploys marked/);
    await expect.poll(() => page.getByTestId("top-events").locator("tbody tr").count()).toBe(10);
    // Counts come with the page; unique persons follow from a second query.
    await expect.poll(() => page.getByTestId("top-events").getAttribute("aria-busy")).toBe("false");
    expect(await page.getByTestId("top-event-persons").first().textContent()).toMatch(/^[1-9][\d,]*$/);
    expect(await page.getByTestId("freshness").first().textContent()).toMatch(/last event received/);

    // Hover a bar: the tooltip names the bucket and its count.
    const box = await chart.boundingBox();
    if (!box) throw new Error("chart has no box");
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.7);
    await expect.poll(() => page.locator("text=Events:").count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath(`overview-${driver}`), fullPage: true });
  });

  it("keeps the range in the URL and re-queries on change", async () => {
    await page.getByRole("radio", { name: "7d" }).click();
    await page.waitForURL(/range=7d/);
    await expect
      .poll(() => page.getByTestId("volume-chart").getAttribute("aria-label"))
      .toMatch(/Event volume per hour/);
    // The shared URL opens the same view.
    const other = await page.context().newPage();
    await other.goto(page.url());
    await other.getByTestId("volume-chart").locator("canvas").waitFor();
    expect(await other.getByTestId("volume-chart").getAttribute("aria-label")).toMatch(/per hour/);
    await other.close();
  });

  it("marks 90 days of deploys legibly: flags above the bars, the deploy's details on hover", async () => {
    await page.goto(`${baseUrl}/projects/demo?range=90d`);
    const chart = page.getByTestId("volume-chart");
    await chart.locator("canvas").waitFor();
    expect(await chart.getAttribute("aria-label")).toMatch(/Event volume per day, (1[0-9]|[2-9]\d) deploys marked/);
    const box = await chart.boundingBox();
    if (!box) throw new Error("chart has no box");
    // The flags stand in the band above the plot: sweep it until one answers with its deploy.
    const tooltip = page.locator("text=▼ deploy");
    for (let x = box.x + 48; x < box.x + box.width && (await tooltip.count()) === 0; x += 3) {
      await page.mouse.move(x, box.y + 34);
    }
    await expect.poll(() => tooltip.count()).toBeGreaterThan(0);
    expect(await page.locator("text=/^[a-z]+@\\d+\\.\\d+\\.\\d+$/").count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath(`overview-90d-deploys-${driver}`) });
  });

  it("switches project and shows an empty state for a project without events", async () => {
    await page.getByLabel("Project").selectOption("acme");
    await page.waitForURL(/\/projects\/acme/);
    await page.getByText("No events in this range").first().waitFor();
    await page.screenshot({ path: screenshotPath(`overview-empty-${driver}`) });
  });

  it("answers an unknown project with a 404 page", async () => {
    const response = await page.goto(`${baseUrl}/projects/does-not-exist`);
    expect(response?.status()).toBe(404);
    await page.getByText("Nothing here").waitFor();
    expect(errors).toEqual([]);
  });
});
