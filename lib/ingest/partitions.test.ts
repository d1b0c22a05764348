import { describe, expect, it } from "vitest";
import { partitionFor } from "./partitions";

describe("partitionFor", () => {
  it("names the UTC month and bounds it, across a year end", () => {
    expect(partitionFor("2026-12-31T23:59:59.999Z")).toEqual({
      name: "events_y2026m12",
      from: "2026-12-01T00:00:00.000Z",
      to: "2027-01-01T00:00:00.000Z",
    });
  });

  it("keeps years below 100 as they are (Date.UTC would read them as 19xx)", () => {
    expect(partitionFor("0050-03-15T00:00:00Z")).toEqual({
      name: "events_y0050m03",
      from: "0050-03-01T00:00:00.000Z",
      to: "0050-04-01T00:00:00.000Z",
    });
  });
});
