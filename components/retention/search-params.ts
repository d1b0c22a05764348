import { createLoader, parseAsBoolean, parseAsInteger, parseAsString, parseAsStringLiteral } from "nuqs/server";

export const retentionPeriods = ["day", "week", "month"] as const;
export const retentionModes = ["first_time", "recurring"] as const;

/**
 * The retention page's URL state, all of it shareable: the start and return events (a name or
 * `$any`), the period and how many are measured, how many cohorts (ending with the current
 * period), first-time or recurring, on or on-or-after, breakdown, unit, and the open cell.
 */
export const retentionSearchParams = {
  start: parseAsString.withDefault("$any"),
  ret: parseAsString.withDefault("$any"),
  period: parseAsStringLiteral(retentionPeriods).withDefault("week"),
  periods: parseAsInteger.withDefault(6),
  cohorts: parseAsInteger.withDefault(6),
  mode: parseAsStringLiteral(retentionModes).withDefault("first_time"),
  bounded: parseAsBoolean.withDefault(true),
  breakdown: parseAsString,
  unit: parseAsStringLiteral(["persons", "accounts"] as const).withDefault("persons"),
  /** The persons panel: `<cohort start>~<period>~retained|lost`, optionally `~<breakdown value>`. */
  cell: parseAsString,
};

export const loadRetentionSearchParams = createLoader(retentionSearchParams);
