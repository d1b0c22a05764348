// Root cause of a change, as in Adtributor (Bhagwan et al., NSDI 2014): per dimension, the smallest set of
// values (most surprising first) that explains most of the deviation; a two-dimension combination when no
// single dimension does; "global" when every dimension moved alike. Method and thresholds: docs/anomalies.md.

export type SegmentCell = { dimension: string; value: string | null; expected: number; observed: number };
export type ExplainedValue = { value: string | null; expected: number; observed: number; share: number };
export type ExplainedDimension = {
  dimension: string;
  surprise: number;
  explanatoryPower: number;
  values: ExplainedValue[];
};
export type Explanation = {
  global: boolean;
  dimensions: ExplainedDimension[];
  combination: { dimensions: [string, string]; values: ExplainedValue[] } | null;
  summary: string | null;
};
/** `local`: the change is already confined to one segment, so one spread alike within it is not "global". */
export type ExplainOptions = {
  minExplanatoryPower?: number;
  minValueShare?: number;
  maxValues?: number;
  local?: boolean;
};

export const EXPLAIN_DEFAULTS: Required<ExplainOptions> = {
  minExplanatoryPower: 2 / 3,
  minValueShare: 0.1,
  maxValues: 3,
  local: false,
};
/** Separates the two dimensions of a pair ("os×app_version") and their values ("Android×5.2.0"). */
export const PAIR_SEPARATOR = "×";

type Scored = ExplainedValue & { surprise: number; expectedShare: number };

/**
 * Explains total.observed − total.expected by the cells of each dimension (every value of a dimension,
 * "other" and null included, so that they add up to the total), then, when no dimension does, by `pairs`.
 */
export function explainChange(
  total: { expected: number; observed: number },
  cells: readonly SegmentCell[],
  pairs: readonly SegmentCell[] = [],
  options?: ExplainOptions,
): Explanation {
  const settings = { ...EXPLAIN_DEFAULTS, ...definedOnly(options) };
  const deviation = total.observed - total.expected;
  const none: Explanation = { global: false, dimensions: [], combination: null, summary: null };
  if (!Number.isFinite(deviation) || deviation === 0) return none;

  const singles = [...byDimension(cells)].map(([dimension, values]) => ({
    dimension,
    values: score(values, deviation),
  }));
  const dimensions = explaining(singles, settings);
  if (dimensions[0]) return { ...none, dimensions, summary: summarize(deviation, [dimensions[0]]) };

  const best = explaining(
    [...byDimension(pairs)]
      .filter(([dimension]) => dimension.split(PAIR_SEPARATOR).length === 2)
      .map(([dimension, values]) => ({ dimension, values: score(values, deviation) })),
    settings,
  )[0];
  if (best) {
    const [first = "", second = ""] = best.dimension.split(PAIR_SEPARATOR);
    const combination = { dimensions: [first, second] as [string, string], values: best.values };
    return { ...none, combination, summary: summarize(deviation, [best]) };
  }
  // Nothing pins it. Global when no set of values of any dimension explains even minValueShare more of the
  // deviation than its share of the expected volume: a uniform change accounts for all but that.
  const uneven = Math.max(...singles.map(({ values }) => unevenShare(values)));
  return { ...none, global: !settings.local && singles.length > 0 && uneven < settings.minValueShare };
}

function byDimension(cells: readonly SegmentCell[]): Map<string, SegmentCell[]> {
  const groups = new Map<string, SegmentCell[]>();
  for (const cell of cells) {
    const group = groups.get(cell.dimension);
    if (group) group.push(cell);
    else groups.set(cell.dimension, [cell]);
  }
  return groups;
}

/** Each value's share of the deviation and its surprise: its Jensen–Shannon term (bits) between shares. */
function score(cells: readonly SegmentCell[], deviation: number): Scored[] {
  let expectedSum = 0;
  let observedSum = 0;
  for (const cell of cells) {
    expectedSum += cell.expected;
    observedSum += cell.observed;
  }
  return cells.map(({ value, expected, observed }) => {
    const p = expectedSum > 0 ? expected / expectedSum : 0;
    const q = observedSum > 0 ? observed / observedSum : 0;
    const m = (p + q) / 2;
    const surprise = 0.5 * ((p > 0 ? p * Math.log2(p / m) : 0) + (q > 0 ? q * Math.log2(q / m) : 0));
    return { value, expected, observed, share: (observed - expected) / deviation, surprise, expectedShare: p };
  });
}

/**
 * Adtributor's candidate set per dimension: values by decreasing surprise, each explaining at least
 * minValueShare, until they explain minExplanatoryPower, within maxValues. The set must also explain more
 * than its values' share of the expected volume (by minValueShare): "all of the big values" is no cause.
 */
function explaining(
  dimensions: readonly { dimension: string; values: Scored[] }[],
  { minExplanatoryPower, minValueShare, maxValues }: Required<ExplainOptions>,
): ExplainedDimension[] {
  const explained: ExplainedDimension[] = [];
  for (const { dimension, values } of dimensions) {
    const ranked = [...values].sort((a, b) => b.surprise - a.surprise || Math.abs(b.share) - Math.abs(a.share));
    const set: Scored[] = [];
    let power = 0;
    let weight = 0;
    for (const value of ranked) {
      if (power >= minExplanatoryPower || set.length >= maxValues) break;
      if (value.share < minValueShare) continue;
      set.push(value);
      power += value.share;
      weight += value.expectedShare;
    }
    if (power < minExplanatoryPower || power - weight < minValueShare) continue;
    const surprise = set.reduce((sum, value) => sum + value.surprise, 0);
    const shown = set.map(({ value, expected, observed, share }) => ({ value, expected, observed, share }));
    explained.push({ dimension, surprise, explanatoryPower: power, values: shown });
  }
  return explained.sort((a, b) => b.surprise - a.surprise);
}

/**
 * The share of the deviation a uniform change (every value × the same ratio) leaves unexplained: the most
 * any set of values explains beyond its share of the expected volume (the values above their part).
 */
function unevenShare(values: readonly Scored[]): number {
  let dimensionShare = 0;
  for (const value of values) dimensionShare += value.share;
  let uneven = 0;
  for (const value of values) uneven += Math.max(0, value.share - value.expectedShare * dimensionShare);
  return uneven;
}

/** "91 % of the drop is os=Android, app_version=5.2.0"; a set whose deviation exceeds the total's reads 100 %. */
function summarize(deviation: number, [top]: ExplainedDimension[]): string | null {
  if (!top) return null;
  const names = top.dimension.split(PAIR_SEPARATOR);
  const labels = top.values.map(({ value }) => {
    const parts = value === null ? [null] : value.split(PAIR_SEPARATOR);
    if (parts.length !== names.length) return `${top.dimension}=${value ?? "(none)"}`;
    return names.map((name, i) => `${name}=${parts[i] ?? "(none)"}`).join(", ");
  });
  const percent = Math.round(100 * Math.min(1, top.explanatoryPower));
  return `${percent} % of the ${deviation < 0 ? "drop" : "rise"} is ${labels.join(" and ")}`;
}

function definedOnly(options: ExplainOptions | undefined): ExplainOptions {
  return Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== undefined));
}
