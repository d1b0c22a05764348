/** The product's chart colours: indigo first (a single series), then one per breakdown value. */
export const INDIGO = "#6366f1";
export const SERIES_COLORS = [
  INDIGO,
  "#10b981",
  "#f59e0b",
  "#ef4444",
  "#06b6d4",
  "#8b5cf6",
  "#84cc16",
  "#ec4899",
  "#14b8a6",
  "#f97316",
  "#94a3b8",
];
