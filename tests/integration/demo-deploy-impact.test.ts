import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDeploys } from "@/lib/analytics/deploy-impact/get-deploys";
import { seedDemo } from "@/lib/demo/seed-demo";
import { getProjectBySlug, type Project } from "@/lib/projects/projects";
import { createTestDatabase, driverName } from "../support/database";

/**
 * The demo's two planted regressions (docs/demo-data.md) at its default size: each comes out on
 * top of its deploy's changes, with the right segment, and every other deploy is clean.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let project: Project;
const end = new Date("2026-12-01T12:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { slug: "demo", events: 200_000, seed: 42, end });
  project = (await getProjectBySlug(database.db, "demo")) as Project;
}, 300_000);
afterAll(() => database.drop());

describe(`deploy impact on the demo data (${driverName})`, () => {
  it("badges the two planted regressions and nothing else", async () => {
    const { deploys } = await getDeploys(database.db, project, {
      kind: "deploys",
      window: 86_400,
      to: end.toISOString(),
      badges: true,
    });
    const badge = (label: string) => deploys.find((d) => `${d.service}@${d.version}` === label);
    expect(badge("android@5.2.0")).toMatchObject({ badge: "regression" });
    expect(badge("android@5.2.0")?.headline).toMatch(/^add_to_cart −\d+ % on os=Android, app_version=5\.2\.0/);
    expect(badge("api@1.32.0")).toMatchObject({ badge: "regression" });
    expect(badge("api@1.32.0")?.headline).toMatch(/^payment_failed \+\d+ %/);
    const others = deploys.filter((d) => !["android@5.2.0", "api@1.32.0"].includes(`${d.service}@${d.version}`));
    // The first four deploys have fewer than 3 weeks of data before them.
    expect(new Set(others.map((d) => d.badge))).toEqual(new Set(["clean", "insufficient"]));
    expect(
      others
        .filter((d) => d.badge === "insufficient")
        .map((d) => `${d.service}@${d.version}`)
        .sort(),
    ).toEqual(["android@5.0.0", "api@1.30.0", "ios@5.0.0", "web@2.10.0"]);
  }, 120_000);
});
