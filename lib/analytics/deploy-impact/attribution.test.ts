import { describe, expect, it } from "vitest";
import { explainChange, type SegmentCell } from "./attribution";

// Hand-worked fixtures. share = (o_v − e_v) / (O − E); p, q = the value's share of expected, observed;
// surprise = ½·[p·log2(2p/(p+q)) + q·log2(2q/(p+q))].
//
// 1. Android drops while iOS and web grow; the total barely moves (E 4000 → O 3900, Δ −100).
//    os: Android 1000 → 300 (share −700/−100 = 7), iOS 1500 → 1800 (−3), web 1500 → 1800 (−3).
//    Android: p = .25, q = 300/3900 = .076923, m = .163462:
//      ½·[.25·log2(1.529412) + .076923·log2(.470588)] = ½·[.153244 − .083651] = .034797
//    iOS/web: ½·[.375·log2(.896552) + .461538·log2(1.103448)] = .003235 each.
//    Most surprising first: Android, share 7 ≥ 2/3 at once; it explains 7 − .25 more than its weight.
//    country: US 2000 → 1950, FR 2000 → 1950: shares unchanged (surprise 0); the set {US, FR} has power 1
//    but weight 1: no cause. Summary: the power 7 reads 100 %.
// 2. A rise on country FR and DE (E 4000 → O 4700, Δ +700): US 3000 → 3030 (share .042857),
//    FR 500 → 900 (.571429), DE 500 → 770 (.385714). Surprise FR .005076, US .002871, DE .001889:
//    FR (.571 < 2/3), US skipped (.043 < .1), DE → power .957143, weight .25. Surprise .006964.
// 3. Pinned on os × app_version (E 4000 → O 3000, Δ −1000): Android×5.2.0 1000 → 90 (share .91),
//    Android×5.1.0 1000 → 1300 (−.3), iOS×5.2.0 1000 → 1300 (−.3), iOS×5.1.0 1000 → 310 (.69).
//    os: Android 2000 → 1390 (.61), iOS 2000 → 1610 (.39): power 1 only with both values, weight 1: no
//    cause; app_version the same (5.2.0 → 1390, 5.1.0 → 1610). Pairs: Android×5.2.0 is the most
//    surprising (p .25, q .03: ½·[.25·log2(1.785714) + .03·log2(.214286)] = .071227), share .91 alone.
// 4. A holiday: every segment about −30 % (E 4000 → O 2800, Δ −1200). os: Android 2000 → 1410, iOS 1200
//    → 830, web 800 → 560; country: US 2500 → 1740, FR 1000 → 710, DE 500 → 350. Every set reaching 2/3 has
//    power = weight (.8 and .875). A uniform −30 % leaves unexplained: os (−370 − .3·(−1200)) / −1200 = .0083,
//    country (−290 − .25·(−1200)) / −1200 = .0083 (the values above their part), far below .1: global.
// 5. plan: (none) 200 → 0, pro 800 → 500 (Δ −500): (none) share .4 (weight .2), pro .6 (weight .8). Power
//    2/3 needs both (power 1 = weight 1): no cause; (none) is .2 above its part, so not global either.
//    plan: (none) 300 → 0, pro 700 → 700 (Δ −300): (none) has share 1 alone (weight .3).
const cells = (dimension: string, rows: [string | null, number, number][]): SegmentCell[] =>
  rows.map(([value, expected, observed]) => ({ dimension, value, expected, observed }));

describe("explainChange", () => {
  it("pins a drop hidden by growth elsewhere on os=Android", () => {
    const explanation = explainChange({ expected: 4000, observed: 3900 }, [
      ...cells("os", [
        ["Android", 1000, 300],
        ["iOS", 1500, 1800],
        ["web", 1500, 1800],
      ]),
      ...cells("country", [
        ["US", 2000, 1950],
        ["FR", 2000, 1950],
      ]),
    ]);
    expect(explanation.global).toBe(false);
    expect(explanation.combination).toBeNull();
    expect(explanation.dimensions).toHaveLength(1);
    const [os] = explanation.dimensions;
    expect(os?.dimension).toBe("os");
    expect(os?.surprise).toBeCloseTo(0.034797, 6);
    expect(os?.explanatoryPower).toBeCloseTo(7, 12);
    expect(os?.values).toEqual([{ value: "Android", expected: 1000, observed: 300, share: 7 }]);
    expect(explanation.summary).toBe("100 % of the drop is os=Android");
  });

  it("names two values of one dimension for a rise", () => {
    const explanation = explainChange(
      { expected: 4000, observed: 4700 },
      cells("country", [
        ["US", 3000, 3030],
        ["FR", 500, 900],
        ["DE", 500, 770],
      ]),
    );
    const [country] = explanation.dimensions;
    expect(country?.values.map((v) => v.value)).toEqual(["FR", "DE"]);
    expect(country?.explanatoryPower).toBeCloseTo(670 / 700, 12);
    expect(country?.surprise).toBeCloseTo(0.006964, 6);
    expect(explanation.summary).toBe("96 % of the rise is country=FR and country=DE");
  });

  it("falls back to a two-dimension combination when no single dimension explains the drop", () => {
    const pairs = cells("os×app_version", [
      ["Android×5.2.0", 1000, 90],
      ["Android×5.1.0", 1000, 1300],
      ["iOS×5.2.0", 1000, 1300],
      ["iOS×5.1.0", 1000, 310],
    ]);
    const singles = [
      ...cells("os", [
        ["Android", 2000, 1390],
        ["iOS", 2000, 1610],
      ]),
      ...cells("app_version", [
        ["5.2.0", 2000, 1390],
        ["5.1.0", 2000, 1610],
      ]),
    ];
    const explanation = explainChange({ expected: 4000, observed: 3000 }, singles, pairs);
    expect(explanation.dimensions).toEqual([]);
    expect(explanation.global).toBe(false);
    expect(explanation.combination?.dimensions).toEqual(["os", "app_version"]);
    expect(explanation.combination?.values).toEqual([
      { value: "Android×5.2.0", expected: 1000, observed: 90, share: expect.closeTo(0.91, 12) },
    ]);
    expect(explanation.summary).toBe("91 % of the drop is os=Android, app_version=5.2.0");
  });

  it("calls a change spread alike over every segment global", () => {
    const explanation = explainChange({ expected: 4000, observed: 2800 }, [
      ...cells("os", [
        ["Android", 2000, 1410],
        ["iOS", 1200, 830],
        ["web", 800, 560],
      ]),
      ...cells("country", [
        ["US", 2500, 1740],
        ["FR", 1000, 710],
        ["DE", 500, 350],
      ]),
    ]);
    expect(explanation).toEqual({ global: true, dimensions: [], combination: null, summary: null });
    // Within one segment (local), alike is not global: it is simply not pinned further.
    expect(
      explainChange({ expected: 2000, observed: 1410 }, cells("app_version", [["5.1.0", 2000, 1410]]), [], {
        local: true,
      }).global,
    ).toBe(false);
  });

  it("leaves uneven but unpinned changes unexplained, and labels missing values", () => {
    expect(explainChange({ expected: 10, observed: 10 }, cells("os", [["iOS", 10, 10]]))).toEqual({
      global: false,
      dimensions: [],
      combination: null,
      summary: null,
    });
    const explanation = explainChange(
      { expected: 1000, observed: 500 },
      cells("plan", [
        [null, 200, 0],
        ["pro", 800, 500],
      ]),
    );
    expect(explanation).toMatchObject({ global: false, dimensions: [], summary: null });
    const pinned = explainChange(
      { expected: 1000, observed: 700 },
      cells("plan", [
        [null, 300, 0],
        ["pro", 700, 700],
      ]),
    );
    expect(pinned.summary).toBe("100 % of the drop is plan=(none)");
  });
});
