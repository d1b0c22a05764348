import cliProgress from "cli-progress";

/** "200000" | "200k" | "10M" → 10_000_000. */
export function parseCount(value: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(value.trim());
  if (!match) throw new Error(`not a count: "${value}" (try 200000, 200k or 10M)`);
  const scale = { "": 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[match[2] as "" | "k"] ?? 1;
  return Math.round(Number(match[1]) * scale);
}

export function progressBar(label: string) {
  return new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
      noTTYOutput: true,
      notTTYSchedule: 5_000,
    },
    cliProgress.Presets.shades_classic,
  );
}

/** Prints a one-line error (no stack) and exits non-zero: for expected failures of CLI input. */
export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}
