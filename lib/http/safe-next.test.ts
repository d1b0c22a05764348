import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext", () => {
  it("keeps a path of this site, with its query and fragment", () => {
    expect(safeNext("/projects/demo/trends?range=7d#x")).toBe("/projects/demo/trends?range=7d#x");
    expect(safeNext("/")).toBe("/");
  });

  it("never sends anywhere else", () => {
    for (const next of [
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      null,
      undefined,
    ]) {
      expect(safeNext(next), JSON.stringify(next)).toBe("/");
    }
  });
});
