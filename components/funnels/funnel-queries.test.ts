import { describe, expect, it } from "vitest";
import { decodeStep, encodeStep, funnelQuery } from "./funnel-queries";

describe("funnel URL state", () => {
  it("writes plain steps as names and others as JSON, and reads them back", () => {
    const plain = { events: [{ event: "signup", where: [] }], optional: false };
    expect(encodeStep(plain)).toBe("signup");
    const rich = {
      events: [
        { event: "product1", where: [{ property: "price", op: "gt" as const, value: 10 }] },
        { event: "product2", where: [] },
      ],
      optional: true,
    };
    expect(decodeStep(encodeStep(rich))).toEqual(rich);
    expect(decodeStep("{not json")).toEqual({ events: [{ event: "{not json", where: [] }], optional: false });
  });

  it("builds the API request from the URL, or nothing before two steps", () => {
    const base = {
      excl: [],
      range: "7d" as const,
      window: "14d",
      order: "ordered" as const,
      breakdown: null,
      unit: "persons" as const,
      interval: "day" as const,
    };
    expect(funnelQuery({ ...base, step: ["a"] }, "2026-03-08T00:00:00.000Z")).toBeNull();
    const query = funnelQuery(
      {
        ...base,
        step: [
          "a",
          encodeStep({
            events: [
              { event: "b", where: [] },
              { event: "c", where: [] },
            ],
            optional: false,
          }),
        ],
        breakdown: "os",
      },
      "2026-03-08T00:00:00.000Z",
    );
    expect(query).toEqual({
      kind: "funnel",
      steps: [{ event: "a" }, { anyOf: [{ event: "b" }, { event: "c" }] }],
      from: "2026-03-01T00:00:00.000Z",
      to: "2026-03-08T00:00:00.000Z",
      window: "14d",
      order: "ordered",
      unit: "persons",
      interval: "day",
      breakdown: { property: "os", limit: 10 },
    });
  });
});
