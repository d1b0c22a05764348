const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 } as const;
const DURATION = /^(\d{1,6})([smhdw])$/;

/** "90s" | "30m" | "12h" | "14d" | "2w" → seconds, or null when malformed. */
export function parseDuration(value: string): number | null {
  const match = DURATION.exec(value);
  if (!match) return null;
  return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
}
