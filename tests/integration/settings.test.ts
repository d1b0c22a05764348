import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject, getProjectBySlug } from "@/lib/projects/projects";
import { applySettingsPatch, settingsPatchSchema } from "@/lib/projects/settings-patch";
import { createTestDatabase, driverName } from "../support/database";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
  await createProject(database.db, { slug: "keyed" });
});
afterAll(() => database.drop());

const project = async () => {
  const found = await getProjectBySlug(database.db, "keyed");
  if (!found) throw new Error("no project");
  return found;
};

describe(`settings: key events (${driverName})`, () => {
  it("sets them in order without repeats, says so once, and clears them with [] or null", async () => {
    const set = settingsPatchSchema.parse({ keyEvents: [" signup ", "first_report", "signup"] });
    expect(await applySettingsPatch(database.db, await project(), set)).toEqual(["keyEvents"]);
    expect((await project()).settings.keyEvents).toEqual(["signup", "first_report"]);
    // The same list again changes nothing.
    expect(await applySettingsPatch(database.db, await project(), set)).toEqual([]);
    expect(await applySettingsPatch(database.db, await project(), { keyEvents: [] })).toEqual(["keyEvents"]);
    expect((await project()).settings.keyEvents).toBeUndefined();
    expect(await applySettingsPatch(database.db, await project(), { keyEvents: null })).toEqual([]);
  });

  it("refuses an empty name or more than the maximum, naming the field", () => {
    const refused = (keyEvents: unknown) =>
      settingsPatchSchema.safeParse({ keyEvents }).error?.issues.map((issue) => issue.path[0]);
    expect(refused(["ok", " "])).toEqual(["keyEvents"]);
    expect(refused(Array.from({ length: 11 }, (_, i) => `e${i}`))).toEqual(["keyEvents"]);
    expect(refused(["ok"])).toBeUndefined();
  });
});
