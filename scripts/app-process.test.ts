import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { APP_NODE_OPTIONS } from "./app-process";

describe("the app's Node flags", () => {
  it("are the same for `npm start` and for the benchmarks and end-to-end tests", () => {
    const { scripts } = JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    expect(scripts.start).toContain(`NODE_OPTIONS="${APP_NODE_OPTIONS} $NODE_OPTIONS"`);
  });
});
