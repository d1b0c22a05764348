import { describe, expect, it } from "vitest";
import { formatRate } from "./format";

describe("formatRate", () => {
  it("keeps one decimal under 10 a second, none above, and says when a rate is below what it shows", () => {
    expect(formatRate(0)).toBe("0/s");
    expect(formatRate(0.04)).toBe("< 0.1/s");
    expect(formatRate(3.46)).toBe("3.5/s");
    expect(formatRate(7)).toBe("7/s");
    expect(formatRate(12_400.4)).toBe("12,400/s");
  });
});
