import { describe, expect, it } from "vitest";
import { parseInstant } from "./timestamps";

describe("parseInstant", () => {
  it("reads zone-less date-times as UTC (simple_shop.csv style)", () => {
    expect(parseInstant("2019-11-01 17:59:13.273932")).toBe(Date.parse("2019-11-01T17:59:13.273Z"));
    expect(parseInstant("2019-11-01T17:59:13")).toBe(Date.parse("2019-11-01T17:59:13Z"));
  });
  it("honours explicit zones", () => {
    expect(parseInstant("2026-03-29T03:30:00+02:00")).toBe(Date.parse("2026-03-29T01:30:00Z"));
    expect(parseInstant("2026-03-29T01:30:00Z")).toBe(Date.parse("2026-03-29T01:30:00Z"));
  });
  it("refuses what is not ISO 8601", () => {
    for (const bad of ["yesterday", "11/01/2019", "", "2019-13-45T99:99:99Z", 12345])
      expect(parseInstant(bad)).toBeNull();
  });
});
