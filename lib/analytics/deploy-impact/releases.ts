import { COUNT_DEFAULTS, judgeRate, type Proportion } from "../anomalies/stats";
import { type Counts, median } from "./counts";
import { type Candidate, changeOf, type Noise } from "./judge";
import { PAIR_DIMENSION, splitPair } from "./params";

/**
 * A release's new version (an os × app_version value with no baseline of its own) judged against
 * the version it replaces: the highest lower one of the same os that lost traffic in the window. Its share of
 * its own traffic is tested (rate test) against theirs in the baseline weeks, so "Android 5.2.0
 * adds to cart at a tenth of the rate 5.1.0 did" is found the day it ships.
 */
export function judgeReleases(counts: Counts, eventId: number, name: string, noise: Noise): Candidate[] {
  const pairs = [...counts.valuesOf(eventId, PAIR_DIMENSION), ...counts.trafficValuesOf(PAIR_DIMENSION)];
  const found: Candidate[] = [];
  for (const value of new Set(pairs)) {
    if (value === null) continue;
    const traffic = counts.windowsOf(null, PAIR_DIMENSION, value);
    // New since this deploy's baseline: no traffic at all in any baseline week.
    if (counts.baselineOf(traffic).some((n) => n !== null && n > 0)) continue;
    const { os, version } = splitPair(value);
    // The version it replaces: the highest lower one of the same os that lost traffic (5.2.0
    // replaces 5.1.0; web 2.13.0 on Android phones replaces 2.12.0, not the app's 5.1.0).
    const donor = counts
      .trafficValuesOf(PAIR_DIMENSION)
      .filter((other): other is string => {
        if (other === null || other === value || splitPair(other).os !== os) return false;
        if (compareVersions(splitPair(other).version, version) >= 0) return false;
        const t = counts.windowsOf(null, PAIR_DIMENSION, other);
        const usual = median(counts.baselineOf(t).filter((n): n is number => n !== null));
        return usual > 0 && (t[0] ?? 0) < usual;
      })
      .sort((a, b) => compareVersions(splitPair(b).version, splitPair(a).version))[0];
    if (!donor || !(traffic[0] ?? 0)) continue;
    const donorEvents = counts.windowsOf(eventId, PAIR_DIMENSION, donor);
    const donorTraffic = counts.windowsOf(null, PAIR_DIMENSION, donor);
    const baseline = counts
      .baselineOf(donorTraffic)
      .map((trials, i): Proportion | null => (trials === null ? null : { successes: donorEvents[i + 1] ?? 0, trials }));
    const observed = counts.windowsOf(eventId, PAIR_DIMENSION, value)[0] ?? 0;
    const judged = judgeRate({ successes: observed, trials: traffic[0] ?? 0 }, baseline, { dispersion: noise.rate });
    if (judged.pValue === null || judged.expected === null) continue;
    const expected = judged.expected * (traffic[0] ?? 0);
    // One event falling raises the others' shares of the same traffic: a release's change must
    // also be a count effect of the minimum size (20 %) to be one.
    if (expected > 0 && Math.abs(observed / expected - 1) < COUNT_DEFAULTS.minRelative) continue;
    found.push({
      eventId,
      judged,
      change: {
        ...changeOf(judged, { expected, observed, pValue: judged.pValue }),
        event: name,
        segment: { dimension: PAIR_DIMENSION, value },
        replaces: [donor],
      },
    });
  }
  return found;
}

/** Dotted versions compared part by part as numbers where they are numbers ("5.10.0" > "5.9.1"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i] ?? "", pb[i] ?? ""];
    const [nx, ny] = [Number(x), Number(y)];
    const order = Number.isFinite(nx) && Number.isFinite(ny) && x !== "" && y !== "" ? nx - ny : x.localeCompare(y);
    if (order !== 0) return order;
  }
  return 0;
}
