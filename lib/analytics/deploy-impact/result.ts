import type { Deploy } from "@/lib/deploys/deploys";
import type { ResultMeta } from "../common";
import type { ImpactChange, Traffic } from "./analyze";
import { PAIR_DIMENSION, splitPair } from "./params";

/**
 * A deploy's badge, from its changes: `regression` when a change in behaviour (not one that
 * follows traffic) is both strong (p < 10⁻³, after the Holm correction) and large (|change| ≥ 25 %),
 * `suspect` for any other
 * change in behaviour, `clean` for none; `pending` while less than an hour of the window has
 * data, `insufficient` without 3 weeks of history.
 */
export type ImpactBadge = "clean" | "suspect" | "regression" | "pending" | "insufficient";

export type DeployImpactChange = ImpactChange & {
  /** One line, e.g. "add_to_cart −38 % on os=Android after android@5.2.0; 91 % of the drop is os=Android, app_version=5.2.0". */
  headline: string;
};

export type DeployImpactResult = {
  deploy: Deploy;
  /** The window after the deploy that was judged: shorter than asked while data is still arriving. */
  window: { from: string; to: string; seconds: number; requestedSeconds: number };
  badge: ImpactBadge;
  /** Deploys within the window after this one: their effects mix with this one's. */
  followedBy: Deploy[];
  /** Every event together in the window against its baseline: a drop here is data missing or a global dip. */
  traffic: Traffic;
  changes: DeployImpactChange[];
  tested: { totals: number; segments: number; conversions: number; baselineWeeks: number };
  /** meta.computedAt: when these numbers were computed (earlier than now when kept: cache.ts). */
  meta: ResultMeta;
};

const STRONG_P = 1e-3;
const LARGE_CHANGE = 0.25;

export function badgeOf(changes: ImpactChange[]): ImpactBadge {
  const real = changes.filter((c) => !c.global);
  if (real.some((c) => c.pValue < STRONG_P && Math.abs(c.change ?? 1) >= LARGE_CHANGE)) return "regression";
  return real.length > 0 ? "suspect" : "clean";
}

const pct = (change: number | null) =>
  change === null ? "new" : `${change > 0 ? "+" : "−"}${Math.abs(Math.round(change * 100))} %`;

/** A segment in words: `os=Android`, and a pair as both its parts (`os=Android, app_version=5.2.0`). */
export function segmentLabel(segment: { dimension: string; value: string | null }): string {
  if (segment.dimension === PAIR_DIMENSION) {
    const { os, version } = splitPair(segment.value);
    return `os=${os}, app_version=${version}`;
  }
  return `${segment.dimension}=${segment.value ?? "(none)"}`;
}

export function headlineOf(change: ImpactChange, deployLabel: string): string {
  const replaced = change.replaces?.length
    ? ` (against ${change.replaces.map((v) => splitPair(v).version).join(", ")}, which it replaces)`
    : "";
  const where = change.segment ? ` on ${segmentLabel(change.segment)}${replaced}` : "";
  const what = change.metric === "conversion" ? `conversion ${change.event}` : change.event;
  const base = `${what} ${pct(change.change)}${where} after ${deployLabel}`;
  if (change.global) return `${base}; it moves with every event alike (traffic, not behaviour)`;
  const because = change.explanation?.summary;
  if (!because) return base;
  // Within a segment the explanation names the value inside it: say both.
  const inside =
    change.segment && !because.includes(`${change.segment.dimension}=`)
      ? because.replace(/ is /, ` is ${change.segment.dimension}=${change.segment.value}, `)
      : because;
  return `${base}; ${inside}`;
}
