import { createLoader, parseAsInteger, parseAsString, parseAsStringLiteral } from "nuqs/server";

export const impactWindows = ["6h", "24h", "3d", "7d"] as const;

/** A deploy page's URL state: the window judged, the change opened (its rank), whose persons are listed. */
export const deploySearchParams = {
  window: parseAsStringLiteral(impactWindows).withDefault("24h"),
  change: parseAsInteger,
  who: parseAsStringLiteral(["did", "did_not"] as const),
  /** A segment of the change opened: `dimension~value` (the breakdown row clicked). */
  segment: parseAsString,
};

export const loadDeploySearchParams = createLoader(deploySearchParams);
