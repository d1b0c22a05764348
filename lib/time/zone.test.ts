import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration";
import { isWholeHourZone, zoneOffsetMinutes } from "./zone";

describe("zoneOffsetMinutes", () => {
  it("knows DST", () => {
    expect(zoneOffsetMinutes("Europe/Paris", new Date("2026-07-01T12:00:00Z"))).toBe(120);
    expect(zoneOffsetMinutes("Europe/Paris", new Date("2026-01-01T12:00:00Z"))).toBe(60);
    expect(zoneOffsetMinutes("America/New_York", new Date("2026-01-01T03:00:00Z"))).toBe(-300);
    expect(zoneOffsetMinutes("UTC", new Date("2026-01-01T00:00:00Z"))).toBe(0);
  });
});

describe("isWholeHourZone", () => {
  const from = new Date("2026-01-01T00:00:00Z");
  const to = new Date("2026-12-31T00:00:00Z");
  it("accepts whole-hour zones across DST", () => {
    expect(isWholeHourZone("Europe/Berlin", from, to)).toBe(true);
    expect(isWholeHourZone("UTC", from, to)).toBe(true);
  });
  it("rejects half- and quarter-hour zones", () => {
    expect(isWholeHourZone("Asia/Kolkata", from, to)).toBe(false);
    expect(isWholeHourZone("Asia/Kathmandu", from, to)).toBe(false);
  });
});

describe("parseDuration", () => {
  it("parses the API's duration strings", () => {
    expect(parseDuration("90s")).toBe(90);
    expect(parseDuration("30m")).toBe(1_800);
    expect(parseDuration("12h")).toBe(43_200);
    expect(parseDuration("14d")).toBe(1_209_600);
  });
  it("refuses anything else", () => {
    for (const bad of ["", "14", "d", "1.5h", "-3d", "14 d", "1y"]) expect(parseDuration(bad)).toBeNull();
  });
});
