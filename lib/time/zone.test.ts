import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration";
import { isWholeHourZone, localHourStart, zoneOffsetMinutes } from "./zone";

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

describe("localHourStart", () => {
  const start = (zone: string, at: string) => localHourStart(zone, new Date(at)).toISOString();
  it("keeps both 01:00 hours of a fall-back night apart", () => {
    expect(start("America/New_York", "2026-11-01T05:30:00Z")).toBe("2026-11-01T05:00:00.000Z"); // 01:30 EDT
    expect(start("America/New_York", "2026-11-01T06:30:00Z")).toBe("2026-11-01T06:00:00.000Z"); // 01:30 EST
  });
  it("starts half-hour zones' hours at :30 UTC", () => {
    expect(start("Asia/Kolkata", "2026-03-29T01:10:00Z")).toBe("2026-03-29T00:30:00.000Z");
    expect(start("Asia/Kolkata", "2026-03-29T00:30:00Z")).toBe("2026-03-29T00:30:00.000Z");
    expect(start("UTC", "2026-03-29T00:59:59Z")).toBe("2026-03-29T00:00:00.000Z");
  });
});
