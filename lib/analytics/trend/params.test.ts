import { describe, expect, it } from "vitest";
import { queryParamsSchema } from "../run-query";

const valid = {
  kind: "trend",
  series: [{ event: "$any" }],
  from: "2026-11-01T00:00:00Z",
  to: "2026-11-08T00:00:00+01:00",
};

describe("trend params", () => {
  it("fills defaults and normalizes instants to UTC", () => {
    expect(queryParamsSchema.parse(valid)).toEqual({
      kind: "trend",
      series: [{ event: "$any", measure: "count" }],
      interval: "day",
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-11-07T23:00:00.000Z",
    });
  });

  it.each([
    [{ ...valid, kind: "nope" }, "kind"],
    [{ ...valid, series: [] }, "series"],
    [{ ...valid, series: [{ event: "" }] }, "series.0.event"],
    [{ ...valid, series: [{ event: "x", measure: "sum" }] }, "series.0.measure"],
    [{ ...valid, from: "2026-11-01" }, "from"],
    [{ ...valid, from: "2026-13-45T99:99:00Z" }, "from"],
    [{ ...valid, from: "2026-02-30T00:00:00Z" }, "from"],
    [{ ...valid, to: "0000-01-01T00:00:00Z" }, "to"],
    [{ ...valid, to: "9999-12-31T23:59:59Z" }, "to"],
    [{ ...valid, to: "2026-10-01T00:00:00Z" }, "to"],
    [{ ...valid, interval: "hour", from: "2020-01-01T00:00:00Z" }, "interval"],
    [{ ...valid, series: [{ event: "x", measure: "avg" }] }, "series.0.measure"],
    [{ ...valid, formula: "B / A" }, "formula"],
    [{ ...valid, formula: "A +" }, "formula"],
    [{ ...valid, formula: "A % 2" }, "formula"],
    [{ ...valid, breakdown: { property: "os", limit: 0 } }, "breakdown.limit"],
    [{ ...valid, kind: "trend_persons", seriesIndex: 1, bucket: valid.from }, "seriesIndex"],
    [{ ...valid, kind: "trend_persons", seriesIndex: 0, bucket: valid.from, cursor: "nope" }, "cursor"],
    [{ kind: "top_events", from: "2000-01-01T00:00:00Z", to: "2199-12-31T00:00:00Z" }, "to"],
  ])("refuses %j at %s", (input, field) => {
    const result = queryParamsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join(".")).toBe(field);
  });
});
