import { describe, expect, it } from "vitest";
import { queryParamsSchema } from "@/lib/analytics/run-query";
import { decodePoint, decodeSeries, encodePoint, encodeSeries, trendQuery } from "./trend-queries";

const anchor = "2026-11-30T00:00:00.000Z";
const state = { s: [], formula: null, range: "30d" as const, interval: null, compare: false, breakdown: null };

describe("trend URL state", () => {
  it("keeps a plain series as its name and anything more as JSON, both ways", () => {
    expect(encodeSeries({ event: "signup", measure: "count", where: [] })).toBe("signup");
    const rich = {
      event: "buy",
      measure: "persons" as const,
      where: [{ property: "os", op: "eq" as const, value: "iOS" }],
    };
    expect(decodeSeries(encodeSeries(rich))).toEqual(rich);
    expect(decodeSeries("{broken")).toEqual({ event: "$any", measure: "count", where: [] });
  });

  it("builds a request the API accepts, any event by default", () => {
    const query = trendQuery(state, anchor);
    expect(query).toMatchObject({ series: [{ event: "$any", measure: "count" }], interval: "day", to: anchor });
    expect(queryParamsSchema.safeParse(query).success).toBe(true);
    const full = trendQuery(
      {
        ...state,
        s: ["view", encodeSeries({ event: "buy", measure: "count", where: [{ property: "", op: "eq", value: "" }] })],
        formula: " B / A ",
        compare: true,
        breakdown: "os",
      },
      anchor,
    );
    expect(full).toMatchObject({ formula: "B / A", compare: true, breakdown: { property: "os", limit: 10 } });
    expect(full.series[1]).toEqual({ event: "buy", measure: "count" });
    expect(queryParamsSchema.safeParse(full).success).toBe(true);
  });

  it("encodes the open point with its breakdown group", () => {
    for (const point of [
      { seriesIndex: 1, bucket: "2026-11-02T00:00:00Z" },
      { seriesIndex: 0, bucket: "2026-11-02T00:00:00Z", value: null },
      { seriesIndex: 0, bucket: "2026-11-02T00:00:00Z", value: "a~b" },
    ]) {
      expect(decodePoint(encodePoint(point))).toEqual(point);
    }
    expect(decodePoint("nope")).toBeNull();
  });
});
