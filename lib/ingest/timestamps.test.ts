import { describe, expect, it } from "vitest";
import { isoString, parseInstant } from "./timestamps";

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

describe("isoString", () => {
  it("formats exactly as Date#toISOString, across hours, days, years and out-of-range values", () => {
    const cases = [0, 1, 999, 59_999, 3_599_999, 3_600_000, Date.parse("2026-11-22T23:59:59.999Z"), -1, -86_400_001];
    cases.push(253_402_300_799_999, 253_402_300_800_000, 1_795_364_559_123.5);
    let x = 1;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 48_271) % 2_147_483_647; // deterministic pseudo-random spread over 1970–2100
      cases.push(Math.floor((x / 2_147_483_647) * 4_102_444_800_000));
    }
    // Both remembered hours in use, then a third one taking the older's place.
    const hours = [Date.parse("2026-11-22T10:00:00Z"), Date.parse("2019-03-01T23:00:00Z"), 7_200_000];
    for (let i = 0; i < 300; i++) cases.push((hours[i % (i < 150 ? 2 : 3)] as number) + ((i * 7_919) % 3_600_000));
    for (const ms of cases) expect(isoString(ms)).toBe(new Date(ms).toISOString());
  });
});
