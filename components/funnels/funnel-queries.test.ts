import { describe, expect, it } from "vitest";
import { decodeExclusion, decodeStep, encodeExclusion, encodeStep, funnelQuery } from "./funnel-queries";

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

  it("sends optional steps and exclusions only with an order that has them, and complete exclusions only", () => {
    const state = {
      step: ["a", encodeStep({ events: [{ event: "b", where: [] }], optional: true }), "c", "d"],
      excl: [
        encodeExclusion({ event: "x", between: [1, 3] }),
        encodeExclusion({ event: "", between: [1, 3] }),
        encodeExclusion({ event: "y", between: [1, 2] }),
        encodeExclusion({ event: "z", between: [3, 9] }),
        "{not json",
      ],
      range: "7d" as const,
      window: "14d",
      breakdown: null,
      unit: "persons" as const,
      interval: "day" as const,
    };
    const anchor = "2026-03-08T00:00:00.000Z";
    const ordered = funnelQuery({ ...state, order: "ordered" }, anchor);
    expect(ordered?.steps[1]).toEqual({ event: "b", optional: true });
    // Step 2 is optional: an exclusion cannot end there; none ends past the last step.
    expect(ordered?.exclusions).toEqual([{ event: "x", between: [1, 3] }]);
    const strict = funnelQuery({ ...state, order: "strict" }, anchor);
    expect(strict?.steps[1]).toEqual({ event: "b" });
    expect(strict?.exclusions).toEqual([
      { event: "x", between: [1, 3] },
      { event: "y", between: [1, 2] },
    ]);
    const any = funnelQuery({ ...state, order: "any" }, anchor);
    expect(any?.exclusions).toBeUndefined();
    expect(decodeExclusion('{"event":"x","between":["1",2]}')).toBeNull();
  });
});
