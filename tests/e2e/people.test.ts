import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshotPath } from "../support/browser";
import { e2eKeys } from "./global-setup";
import { baseUrl, dashboardHeaders, driver, ingestPost, openSignedInPage, unique } from "./helpers";

let browser: Browser;
let page: Page;
let errors: string[] = [];

beforeAll(async () => {
  ({ browser, page, errors } = await openSignedInPage({ width: 1400, height: 1000 }));
});
afterAll(() => browser?.close());

const api = async (project: string, path: string, key = project === "ingest" ? e2eKeys.ingestSecret : undefined) => {
  const response = await fetch(`${baseUrl}/api/v1/projects/${project}/${path}`, {
    headers: key ? { authorization: `Bearer ${key}` } : await dashboardHeaders(),
  });
  return { status: response.status, body: await response.json() };
};

describe(`people and accounts API over HTTP (${driver})`, () => {
  it("takes ids with slashes, quotes and unicode, and answers bad input with 400 and unknown ids with 404", async () => {
    const odd = `${unique("we/ird")}'"id ✓`;
    const sent = await ingestPost("/v1/identify", {
      userId: odd,
      traits: { name: "Odd One" },
      messageId: unique("odd"),
    });
    expect(sent.body.accepted).toBe(1);
    const person = await api("ingest", `persons/${encodeURIComponent(odd)}`);
    expect(person.status).toBe(200);
    expect(person.body).toMatchObject({ properties: { name: "Odd One" }, distinctIds: [odd] });
    const events = await api("ingest", `persons/${encodeURIComponent(odd)}/events`);
    expect(events.body.events.map((e: { event: string }) => e.event)).toEqual(["$identify"]);
    const found = await api("ingest", `persons?search=${encodeURIComponent(odd.slice(0, 12))}`);
    expect(found.body.persons.map((p: { displayName: string }) => p.displayName)).toContain("Odd One");

    expect((await api("ingest", "persons?cursor=bm90LWEtY3Vyc29y")).body.error.details[0].field).toBe("cursor");
    expect((await api("ingest", "persons?limit=1000")).status).toBe(400);
    const unknown = await api("ingest", `persons/${encodeURIComponent("nobody/at all")}`);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "person_not_found"]);
    const noAccount = await api("ingest", "accounts/nope");
    expect([noAccount.status, noAccount.body.error.code]).toEqual([404, "account_not_found"]);
  });
});

describe(`people and accounts in Chromium (${driver})`, () => {
  it("walks the people list → a person → a session → an event's properties", async () => {
    await page.goto(`${baseUrl}/projects/demo/people`);
    await page.getByTestId("persons-table").waitFor();
    expect(await page.getByTestId("person-link").count()).toBe(50);
    await page.getByRole("radio", { name: "Most events" }).click();
    await page.waitForURL(/sort=event_count/);
    await page.screenshot({ path: screenshotPath(`people-${driver}`) });
    await page.getByTestId("person-link").first().click();
    await page.waitForURL(/\/people\/\d+/);
    await page.getByTestId("profile").waitFor();
    await page.getByTestId("session").first().waitFor();
    expect(await page.getByTestId("identities").locator("li").count()).toBeGreaterThan(0);
    await page.getByTestId("timeline-event").first().getByRole("button").first().click();
    await page.getByTestId("event-properties").first().waitFor();
    // Infinite scroll: the end of the list loads the next page.
    const before = await page.getByTestId("timeline-event").count();
    await page.getByTestId("load-more").scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByTestId("timeline-event").count()).toBeGreaterThan(before);
    await page.screenshot({ path: screenshotPath(`person-${driver}`), fullPage: true });
  });

  it("searches people by id prefix, and filters by who did an event from the overview", async () => {
    await page.goto(`${baseUrl}/projects/demo/people`);
    await page.getByLabel("Search people").fill("user_1");
    await page.waitForURL(/search=user_1/);
    await expect
      .poll(async () => (await page.getByTestId("person-link").allTextContents()).every((t) => /1/.test(t)))
      .toBe(true);
    await page.goto(`${baseUrl}/projects/demo`);
    const event = (await page.getByTestId("top-event-link").first().textContent()) ?? "";
    await page.getByTestId("top-event-link").first().click();
    await page.waitForURL(/\/people\?did=/);
    expect(await page.getByTestId("did-filter").textContent()).toContain(event);
    await page.getByTestId("person-link").first().waitFor();
  });

  it("opens a link into a timeline: scrolled to the moment, the named events highlighted", async () => {
    const { body: list } = await api("demo", "persons?sort=event_count&limit=1");
    const person = list.persons[0];
    const { body: timeline } = await api("demo", `persons/${person.id}/events?limit=150`);
    const moment = timeline.events[120];
    await page.goto(
      `${baseUrl}/projects/demo/people/${person.id}?at=${encodeURIComponent(moment.timestamp)}&highlight=${encodeURIComponent(moment.event)}`,
    );
    const target = page.getByTestId("timeline-target");
    await target.waitFor();
    await expect
      .poll(() =>
        target.evaluate((el) => {
          const box = el.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        }),
      )
      .toBe(true);
    expect(await page.locator("[data-highlighted]").count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath(`timeline-link-${driver}`) });
  });

  it("walks accounts → an account → a member → their page", async () => {
    await page.goto(`${baseUrl}/projects/demo/accounts`);
    await page.getByTestId("accounts-table").waitFor();
    await page.getByTestId("account-link").first().click();
    await page.waitForURL(/\/accounts\/[^/]+$/);
    await page.getByTestId("health").waitFor();
    await page.getByTestId("account-activity").locator("canvas").waitFor();
    await page.getByTestId("timeline-event").first().waitFor();
    await page.screenshot({ path: screenshotPath(`account-${driver}`), fullPage: true });
    await page.getByTestId("persons-table").getByTestId("person-link").first().click();
    await page.waitForURL(/\/people\/\d+/);
    await page.getByTestId("profile").waitFor();
    expect(await page.getByTestId("account-link").count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
