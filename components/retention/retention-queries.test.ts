import { describe, expect, it } from "vitest";
import { cohortRange, decodeCell, encodeCell, retentionQuery } from "./retention-queries";

describe("retention URL state", () => {
  const state = {
    start: "signup",
    ret: "$any",
    period: "week" as const,
    periods: 8,
    cohorts: 8,
    mode: "first_time" as const,
    bounded: true,
    breakdown: null,
    unit: "persons" as const,
  };

  it("asks for the cohorts ending with the current period", () => {
    expect(cohortRange("week", 8, "2026-12-02T03:00:00.000Z")).toEqual({
      from: "2026-10-07T03:00:00.000Z",
      to: "2026-12-02T03:00:00.000Z",
    });
    expect(cohortRange("month", 3, "2026-12-02T03:00:00.000Z").from).toBe("2026-09-02T03:00:00.000Z");
    expect(retentionQuery({ ...state, breakdown: "os", cohorts: 500 }, "2026-12-02T03:00:00.000Z")).toEqual({
      kind: "retention",
      startEvent: "signup",
      returnEvent: "$any",
      period: "week",
      periods: 8,
      from: "2025-12-03T03:00:00.000Z",
      to: "2026-12-02T03:00:00.000Z",
      mode: "first_time",
      bounded: true,
      unit: "persons",
      breakdown: { property: "os", limit: 10 },
    });
  });

  it("writes the open cell into the URL and reads it back", () => {
    const cell = { cohort: "2026-11-02T00:00:00Z", periodIndex: 3, status: "lost" as const };
    expect(decodeCell(encodeCell(cell))).toEqual({ ...cell, value: undefined });
    expect(decodeCell(encodeCell({ ...cell, value: null }))).toEqual({ ...cell, value: null });
    expect(decodeCell(encodeCell({ ...cell, value: "a~b" }))).toEqual({ ...cell, value: "a~b" });
    expect(decodeCell("nonsense")).toBeNull();
  });
});
