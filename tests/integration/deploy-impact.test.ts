import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/connect";
import { getDeployImpact } from "@/lib/analytics/deploy-impact/get-deploy-impact";
import { getDeployImpactPersons } from "@/lib/analytics/deploy-impact/get-deploy-impact-persons";
import { getDeploys } from "@/lib/analytics/deploy-impact/get-deploys";
import { keepDeployImpacts } from "@/lib/analytics/deploy-impact/keep";
import { queryParamsSchema } from "@/lib/analytics/run-query";
import { recordDeploy } from "@/lib/deploys/deploys";
import { FULL_PII_ACCESS } from "@/lib/persons/pii";
import { createProject, type Project } from "@/lib/projects/projects";
import { deployAt, holidayMessages, regressionMessages } from "../fixtures/deploy-impact";
import { createTestDatabase, driverName } from "../support/database";
import { ingest } from "../support/ingest";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let regression: { project: Project; deploy: number };
let holiday: { project: Project; deploy: number };
const received = "2026-07-01T00:00:00Z";

async function projectWith(slug: string, messages: Record<string, unknown>[]) {
  const project = await createProject(database.db, { slug });
  for (let i = 0; i < messages.length; i += 1_000)
    await ingest(database.db, project.id, messages.slice(i, i + 1_000), received);
  const { deploy } = await recordDeploy(database.db, project.id, {
    service: "web",
    version: "3.0.0",
    timestamp: deployAt,
  });
  return { project, deploy: deploy.id };
}

beforeAll(async () => {
  database = await createTestDatabase();
  regression = await projectWith("regression", regressionMessages);
  holiday = await projectWith("holiday", holidayMessages);
}, 60_000);
afterAll(() => database.drop());

const impact = (of: { project: Project; deploy: number }, extra: Record<string, unknown> = {}) => {
  const params = queryParamsSchema.parse({ kind: "deploy_impact", deploy: of.deploy, ...extra });
  if (params.kind !== "deploy_impact") throw new Error("kind");
  return getDeployImpact(database.db, of.project, params);
};

describe(`deploy impact (${driverName})`, () => {
  it("finds a drop confined to one segment, names its release, and a spike; the total that moved by chance is not a change", async () => {
    const result = await impact(regression);
    expect(result.window).toMatchObject({ from: deployAt, seconds: 86_400 });
    expect(result.badge).toBe("regression");
    const real = result.changes.filter((c) => !c.global);
    expect(
      real.map((c) => `${c.event}${c.segment ? `:${c.segment.dimension}=${c.segment.value}` : ""}`).sort(),
    ).toEqual(expect.arrayContaining(["add:os=Android", "pay_fail"]));
    expect(real.some((c) => c.event === "add" && c.segment === null)).toBe(false);
    const android = real.find((c) => c.event === "add" && c.segment?.dimension === "os");
    expect(android).toMatchObject({ expected: 40, observed: 10, change: -0.75, direction: "drop" });
    // The release itself, against the version it replaces: 210 events on Android×5.2.0, of which
    // 5.1.0's usual share (1/6) would be 35 adds; 10 were made.
    const release = real.find((c) => c.event === "add" && c.segment?.value === "Android×5.2.0");
    expect(release).toMatchObject({
      segment: { dimension: "os×app_version" },
      observed: 10,
      replaces: ["Android×5.1.0"],
    });
    expect(release?.expected).toBeCloseTo(35, 5);
    expect(release?.headline).toContain(
      "add −71 % on os=Android, app_version=5.2.0 (against 5.1.0, which it replaces)",
    );
    const spike = real.find((c) => c.event === "pay_fail" && !c.segment);
    expect(spike).toMatchObject({ expected: 5, observed: 40, change: 7, direction: "spike" });
    // 5.1.0 lost its traffic to 5.2.0: people moving off a version is not a change in behaviour.
    expect(result.changes.some((c) => c.segment?.value === "5.1.0" || c.segment?.value === "Android×5.1.0")).toBe(
      false,
    );
  });

  it("tells a dip in every segment alike (a holiday) from a regression", async () => {
    const result = await impact(holiday);
    expect(result.traffic).toMatchObject({ anomaly: true, observed: 252, expected: 505 });
    expect(result.changes.every((c) => c.global)).toBe(true);
    expect(result.badge).toBe("clean");
  });

  it("lists whom a drop missed and who did a rise, exactly as counted", async () => {
    const persons = async (
      event: string,
      status: "did" | "did_not",
      segment?: { dimension: string; value: string },
    ) => {
      const params = queryParamsSchema.parse({
        kind: "deploy_impact_persons",
        deploy: regression.deploy,
        event,
        status,
        segment,
        limit: 200,
      });
      if (params.kind !== "deploy_impact_persons") throw new Error("kind");
      return (await getDeployImpactPersons(database.db, regression.project, params, FULL_PII_ACCESS)).persons;
    };
    const did = await persons("add", "did", { dimension: "os", value: "Android" });
    expect(did.reduce((sum, p) => sum + p.events, 0)).toBe(10);
    // Android's 25 users were all active after the deploy (views); 10 of them added to cart.
    expect((await persons("add", "did_not", { dimension: "os", value: "Android" })).length).toBe(15);
    expect((await persons("pay_fail", "did")).reduce((sum, p) => sum + p.events, 0)).toBe(40);
  });

  it("badges the deploys list with the same code", async () => {
    const list = await getDeploys(database.db, regression.project, {
      kind: "deploys",
      window: 86_400,
      to: received,
      badges: true,
    });
    expect(list.deploys.map((d) => d.badge)).toEqual(["regression"]);
  });

  it("keeps a computed impact until events arrive for its hours or its inputs change (cache.ts)", async () => {
    const cached = await projectWith("cached", regressionMessages);
    const first = await impact(cached);
    const again = await impact(cached);
    expect(again.meta.computedAt).toBe(first.meta.computedAt);
    expect({ ...again, meta: null }).toEqual({ ...first, meta: null });
    const android = (r: typeof first) => r.changes.find((c) => c.event === "add" && c.segment?.value === "Android");
    expect(android(first)?.observed).toBe(10);
    // An event three days after the deploy is in none of the windows' hours: still kept.
    const add = (timestamp: string) =>
      ingest(
        database.db,
        cached.project.id,
        [{ type: "track", event: "add", userId: "late", timestamp, context: { os: { name: "Android" } } }],
        received,
      );
    await add("2026-07-02T12:30:00Z");
    expect((await impact(cached)).meta.computedAt).toBe(first.meta.computedAt);
    // A late event two hours after the deploy: computed again, and counted.
    await add("2026-06-29T14:30:00Z");
    const late = await impact(cached);
    expect(late.meta.computedAt).not.toBe(first.meta.computedAt);
    expect(android(late)?.observed).toBe(11);
    // Other key events, other parameters: computed again; the same ones again: kept.
    const keyed = { ...cached.project, settings: { ...cached.project.settings, keyEvents: ["view", "add"] } };
    const params = queryParamsSchema.parse({ kind: "deploy_impact", deploy: cached.deploy });
    if (params.kind !== "deploy_impact") throw new Error("kind");
    const withKeys = await getDeployImpact(database.db, keyed, params);
    expect(withKeys.meta.computedAt).not.toBe(late.meta.computedAt);
    expect(withKeys.tested.conversions).toBe(1);
    expect((await getDeployImpact(database.db, keyed, params)).meta.computedAt).toBe(withKeys.meta.computedAt);
    expect((await impact(cached, { window: "12h" })).window.seconds).toBe(43_200);
    // The deploys list reads and fills the same results.
    const list = await getDeploys(database.db, cached.project, {
      kind: "deploys",
      window: 86_400,
      to: received,
      badges: true,
    });
    expect(list.deploys.map((d) => d.badge)).toEqual([late.badge]);
  });

  it("keeps closed deploys' impacts ahead of the page, a few a run, and leaves open windows to their views", async () => {
    const ahead = await projectWith("ahead", regressionMessages);
    // A week after the fixture's data: its deploys are the last 90 days'; one two hours old has an open window.
    const now = Date.parse(received) + 7 * 86_400_000;
    const open = new Date(now - 2 * 3_600_000).toISOString();
    const { deploy: recent } = await recordDeploy(database.db, ahead.project.id, {
      service: "web",
      version: "3.0.1",
      timestamp: open,
    });
    let computed = 0;
    for (let run = 0; run < 10; run++) {
      const n = await keepDeployImpacts(database.db, { limit: 1, now });
      if (n === 0) break;
      expect(n).toBe(1);
      computed += n;
    }
    expect(computed).toBeGreaterThanOrEqual(1);
    const keptRows = await rows<{ deploy: number }>(
      database.db,
      sql`select deploy_id::int as deploy from deploy_impacts where project_id = ${ahead.project.id}`,
    );
    expect(keptRows.map((r) => r.deploy)).toEqual([ahead.deploy]);
    expect(recent.id).not.toBe(ahead.deploy);
    expect(await keepDeployImpacts(database.db, { now })).toBe(0);
    // The page's request is answered from what was kept.
    const kept = await impact(ahead);
    expect(await keepDeployImpacts(database.db, { now })).toBe(0);
    expect((await impact(ahead)).meta.computedAt).toBe(kept.meta.computedAt);
    expect(kept.badge).toBe("regression");
  });

  it("answers 404 for an unknown deploy and 400 naming the field for bad parameters", async () => {
    await expect(impact({ ...regression, deploy: 999_999 })).rejects.toMatchObject({
      status: 404,
      code: "deploy_not_found",
    });
    for (const [body, field] of [
      [{ window: "0h" }, "window"],
      [{ window: "8d" }, "window"],
      [{ dimensions: ["shoe_size"] }, "dimensions.0"],
      [{ deploy: 1e20 }, "deploy"],
      [{ deploy: "12a" }, "deploy"],
    ] as const) {
      const parsed = queryParamsSchema.safeParse({ kind: "deploy_impact", deploy: 1, ...body });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path.join(".")).toBe(field);
    }
  });
});
