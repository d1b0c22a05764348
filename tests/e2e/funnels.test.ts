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

/** Where a category bar's column is on the chart: the middle of the i-th of n columns of the plot. */
async function barPoint(i: number, n: number, heightShare: number) {
  const box = await page.getByTestId("funnel-chart").boundingBox();
  if (!box) throw new Error("no chart");
  const left = box.x + 56;
  const width = box.width - 56 - 16;
  return { x: left + (width / n) * (i + 0.5), y: box.y + 24 + (box.height - 24 - 56) * heightShare };
}

describe(`funnels in Chromium (${driver})`, () => {
  it("builds a 3-step funnel, drills into a drop-off, pages the persons and lands on an attempt", async () => {
    await page.goto(`${baseUrl}/projects/demo/funnels`);
    await page.getByText("Add two steps or more").waitFor();
    for (const [i, event] of ["product_viewed", "add_to_cart", "checkout_started"].entries()) {
      await page.getByRole("button", { name: "+ Add step" }).click();
      const input = page.getByLabel(`Step ${i + 1} event`, { exact: true });
      await input.fill(event);
      await input.press("Enter");
      await page.waitForURL(new RegExp(`step=${event}`));
    }
    const chart = page.getByTestId("funnel-chart");
    await chart.locator("canvas").waitFor();
    await expect
      .poll(() => chart.getAttribute("aria-label"))
      .toMatch(/^Funnel of 3 steps: product_viewed \d+, add_to_cart \d+, checkout_started \d+$/);
    // Once its animation is done (the screenshot otherwise catches bars on their way).
    await chart.and(page.locator("[data-settled=true]")).waitFor();
    await page.screenshot({ path: screenshotPath(`funnel-${driver}`), fullPage: true });

    // The light part of bar 2 is who dropped there: at the top of the column (the axis ends at who entered).
    const point = await barPoint(1, 3, 0.03);
    await page.mouse.click(point.x, point.y);
    await page.waitForURL(/who=2%3Adropped|who=2:dropped/);
    const panel = page.getByTestId("persons-panel");
    await panel.getByTestId("panel-person").first().waitFor();
    const label = (await chart.getAttribute("aria-label")) ?? "";
    const [entered, cart] = [...(label.split(": ")[1] ?? "").matchAll(/ (\d+)/g)].map((m) => Number(m[1]));
    const dropped = (entered ?? 0) - (cart ?? 0);
    // Page through every person: exactly the chart's number.
    await loadEveryPage(panel);
    await expect.poll(() => panel.getByTestId("panel-person").count()).toBe(dropped);
    await page.screenshot({ path: screenshotPath(`funnel-persons-${driver}`) });

    await panel.getByTestId("panel-person").first().click();
    await page.waitForURL(/\/people\/\d+\?at=/);
    await page.getByTestId("timeline-target").waitFor();
    expect(await page.locator("[data-highlighted]").count()).toBeGreaterThan(0);
  });

  it("follows the order mode in the URL and chart, and gives the same view on reload", async () => {
    await page.goBack();
    await page.getByTestId("funnel-chart").locator("canvas").waitFor();
    // The chart is asked again for the strict funnel (its numbers may equal the ordered one's on
    // a small demo: sessions there rarely interleave other events).
    const asked = page.waitForResponse(
      (r) => r.url().includes("/query") && (r.request().postData() ?? "").includes('"order":"strict"') && r.ok(),
    );
    await page.getByRole("radio", { name: "strict" }).click();
    await page.waitForURL(/order=strict/);
    const answer = (await (await asked).json()) as { steps: { count: number }[] };
    await expect
      .poll(() => page.getByTestId("funnel-chart").getAttribute("aria-label"))
      .toContain(`product_viewed ${answer.steps[0]?.count}, add_to_cart ${answer.steps[1]?.count}`);
    const strict = await page.getByTestId("funnel-chart").getAttribute("aria-label");
    await page.reload();
    await page.getByTestId("funnel-chart").locator("canvas").waitFor();
    expect(await page.getByTestId("funnel-chart").getAttribute("aria-label")).toBe(strict);
    await page.getByTestId("how-computed").locator("summary").click();
    expect(await page.getByTestId("how-computed").textContent()).toMatch(/in strict order/);

    // An exclusion between steps 1 and 3: in the URL, in the request, said in the panel.
    const excluded = page.waitForResponse(
      (r) => r.url().includes("/query") && (r.request().postData() ?? "").includes('"exclusions"') && r.ok(),
    );
    await page.getByRole("button", { name: "+ Add exclusion" }).click();
    const exclusion = page.getByLabel("Exclusion 1 event");
    await exclusion.fill("payment_failed");
    await exclusion.press("Enter");
    await page.waitForURL(/excl=/);
    await excluded;
    await expect.poll(() => page.getByTestId("how-computed").textContent()).toMatch(/1 exclusion/);
    // Any order has neither optional steps nor exclusions: both set aside, and said.
    await page.getByRole("radio", { name: "any order" }).click();
    await page.waitForURL(/order=any/);
    await page.getByText("not used in any order").waitFor();
    expect(await page.getByRole("checkbox", { name: "optional" }).first().isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  });
});
