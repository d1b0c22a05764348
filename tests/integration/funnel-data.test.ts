import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { buildFunnelQuery } from "@/lib/analytics/funnel/aggregate";
import { getFunnel, prepareFunnel } from "@/lib/analytics/funnel/get-funnel";
import { funnelParamsSchema } from "@/lib/analytics/funnel/params";
import { seedDemo } from "@/lib/demo/seed-demo";
import { importRecords } from "@/lib/ingest/import/import-file";
import { defaultCsvMapping, openCounted, readCsv } from "@/lib/ingest/import/sources";
import { createProject, type Project } from "@/lib/projects/projects";
import { simpleShopCsv } from "../fixtures/simple-shop";
import { createTestDatabase, driverName } from "../support/database";

// Funnels on data not made for the test: simple_shop.csv (what docs/funnels.md explains) and the demo.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let shop: Project;
let demo: Project;
const end = new Date("2026-11-30T00:00:00Z");
const DAY = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase();
  shop = await createProject(database.db, { slug: "shop" });
  await importRecords(database.db, shop, readCsv(openCounted(simpleShopCsv).stream, defaultCsvMapping));
  demo = (await seedDemo(database.db, { slug: "demo", events: 60_000, seed: 42, end })).project;
}, 240_000);
afterAll(() => database.drop());

/**
 * The ordered funnel worked out independently of the SQL, straight from the CSV: a user's events in
 * time order, the chain taken greedily from their first entry (with a 366-day window over six months
 * of data, the earliest entry's greedy chain reaches furthest); "strictly later" compares the
 * microsecond timestamps as text, which sort like instants in this file's one format.
 */
function shopFunnelByHand(steps: string[][]): number[] {
  const byUser = new Map<string, { event: string; t: string }[]>();
  for (const line of readFileSync(simpleShopCsv, "utf8").trim().split("\n").slice(1)) {
    const [user, event, t] = line.split(",") as [string, string, string];
    byUser.set(user, [...(byUser.get(user) ?? []), { event, t }]);
  }
  const reached = steps.map(() => 0);
  for (const events of byUser.values()) {
    events.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
    let step = 0;
    let last = "";
    for (const e of events) {
      if (step < steps.length && steps[step]?.includes(e.event) && e.t > last) {
        reached[step] = (reached[step] ?? 0) + 1;
        step += 1;
        last = e.t;
      }
    }
  }
  return reached;
}

const funnel = (project: Project, body: Record<string, unknown>) =>
  getFunnel(database.db, project, funnelParamsSchema.parse({ kind: "funnel", ...body }));

describe(`funnels on real data (${driverName})`, () => {
  const all = { from: "2019-11-01T00:00:00Z", to: "2020-05-01T00:00:00Z", window: "366d" };

  it("simple_shop.csv: catalog → cart → payment_done, and with product1 or product2 between", async () => {
    const plain = await funnel(shop, {
      ...all,
      steps: [{ event: "catalog" }, { event: "cart" }, { event: "payment_done" }],
    });
    const counts = plain.steps.map((s) => s.count);
    expect(counts).toEqual(shopFunnelByHand([["catalog"], ["cart"], ["payment_done"]]));
    expect(counts).toEqual([3611, 1924, 653]); // the figures docs/funnels.md explains
    const withProduct = await funnel(shop, {
      ...all,
      steps: [
        { event: "catalog" },
        { anyOf: [{ event: "product1" }, { event: "product2" }] },
        { event: "cart" },
        { event: "payment_done" },
      ],
    });
    const [entered, product, cart, paid] = withProduct.steps.map((s) => s.count);
    expect([entered, product, cart, paid]).toEqual(
      shopFunnelByHand([["catalog"], ["product1", "product2"], ["cart"], ["payment_done"]]),
    );
    expect(entered).toBe(counts[0]);
    // Requiring a product view between catalog and cart can only lose people, never add them.
    expect(cart).toBeLessThanOrEqual(counts[1] as number);
    expect(paid).toBeLessThanOrEqual(counts[2] as number);
    expect(product).toBeGreaterThanOrEqual(cart as number);
    console.log(
      `simple_shop funnels: ${JSON.stringify({ plain: counts, withProduct: [entered, product, cart, paid] })}`,
    );
  });

  it("the demo: Android 5.2.0's add_to_cart drop shows by app version and over time", async () => {
    // android 5.2.0 shipped 19.3 days before the end, 5.2.1 fixed it 2.8 days later; people update
    // with a lag, so while it was live both 5.1.0 and 5.2.0 were in use side by side.
    const live = {
      from: new Date(end.getTime() - 19.2 * DAY).toISOString(),
      to: new Date(end.getTime() - 16.6 * DAY).toISOString(),
    };
    const byVersion = await funnel(demo, {
      ...live,
      window: "1h",
      steps: [
        { event: "product_viewed", where: [{ property: "os", op: "eq", value: "Android" }] },
        { event: "add_to_cart" },
      ],
      breakdown: { property: "app_version" },
    });
    const rate = new Map(byVersion.breakdown?.values.map((v) => [v.value, v.steps[1]?.conversionFromStart ?? 0]));
    console.log(`android add_to_cart by version while 5.2.0 was live: ${JSON.stringify([...rate])}`);
    expect(rate.get("5.2.0")).toBeLessThan((rate.get("5.1.0") ?? 0) * 0.6);

    const android = await funnel(demo, {
      from: new Date(end.getTime() - 30 * DAY).toISOString(),
      to: end.toISOString(),
      window: "1h",
      interval: "day",
      steps: [
        {
          event: "product_viewed",
          where: [
            { property: "os", op: "eq", value: "Android" },
            { property: "app_version", op: "eq", value: "5.2.0" },
          ],
        },
        { event: "add_to_cart" },
      ],
    });
    const after = await funnel(demo, {
      from: new Date(end.getTime() - 30 * DAY).toISOString(),
      to: end.toISOString(),
      window: "1h",
      steps: [
        {
          event: "product_viewed",
          where: [
            { property: "os", op: "eq", value: "Android" },
            { property: "app_version", op: "eq", value: "5.2.1" },
          ],
        },
        { event: "add_to_cart" },
      ],
    });
    const broken = android.steps[1]?.conversionFromStart ?? 0;
    const fixed = after.steps[1]?.conversionFromStart ?? 0;
    expect(android.steps[0]?.count).toBeGreaterThan(0);
    expect(broken).toBeLessThan(fixed * 0.6);
    // Over time, the days with Android 5.2.0 entries are only the days it was in use.
    const days = android.overTime.points.filter((p) => p.entered > 0).map((p) => Date.parse(p.t));
    expect(Math.min(...days)).toBeGreaterThanOrEqual(end.getTime() - 20 * DAY);
    expect(Math.max(...days)).toBeLessThan(end.getTime() - 10 * DAY);
  });

  it("strict: Citus' form (lead over every instant) answers as the probes do, on both data sets", async () => {
    const cases: [Project, Record<string, unknown>][] = [
      [shop, { ...all, window: "1h", steps: [{ event: "catalog" }, { event: "product1" }, { event: "cart" }] }],
      [
        demo,
        {
          from: new Date(end.getTime() - 30 * DAY).toISOString(),
          to: end.toISOString(),
          window: "1d",
          steps: ["product_viewed", "add_to_cart", "checkout_started", "purchase"].map((event) => ({ event })),
        },
      ],
    ];
    for (const [project, body] of cases) {
      const params = funnelParamsSchema.parse({ kind: "funnel", ...body, order: "strict" });
      const funnel = await prepareFunnel(database.db, project, params);
      const answer = (citus: boolean) =>
        rows(
          database.db,
          buildFunnelQuery({ ...params, funnel: { ...funnel, citus }, timeZone: project.timeZone, breakdown: null }),
        );
      const probes = await answer(false);
      expect(JSON.stringify(probes)).toMatch(/"steps":\[\[[1-9]/); // people entered
      expect(await answer(true)).toEqual(probes);
    }
  });

  it("treats property names with quotes, backslashes or SQL as data", async () => {
    const hostile = `a'b"c\\d); drop table events; --`;
    const result = await funnel(demo, {
      from: new Date(end.getTime() - 7 * DAY).toISOString(),
      to: end.toISOString(),
      steps: [
        { event: "product_viewed", where: [{ property: hostile, op: "eq", value: hostile }] },
        { event: "add_to_cart" },
      ],
      breakdown: { property: `person.${hostile}` },
    });
    expect(result.steps.map((s) => s.count)).toEqual([0, 0]);
  });
});
