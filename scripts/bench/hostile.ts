import { gzipSync } from "node:zlib";
import { round } from "./stats";

/**
 * The worst requests a public write key can send, each timed on the running app with the slowest
 * /api/health answer while it ran (probed every 50 ms): nothing sent with a write key may hold the
 * event loop for more than tens of milliseconds (DESIGN §8). Recorded next to the throughput.
 */
export async function benchHostile(baseUrl: string, writeKey: string) {
  const auth = `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`;
  const cases: Record<string, string> = {
    "30 × 32.6 KB without an @ (redaction)": JSON.stringify({
      batch: Array.from({ length: 30 }, (_, i) => ({
        type: "track",
        event: "hostile_text",
        userId: `h${i}`,
        properties: { s: "a".repeat(32_600) },
      })),
    }),
    "2,500 tracks + 40,000-key batch context with a NUL": JSON.stringify({
      batch: Array.from({ length: 2_500 }, (_, i) => ({ type: "track", event: "tiny", userId: `u${i % 50}` })),
      context: Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, i === 0 ? "\u0000" : 1])),
    }),
    "200,000-deep batch context": `{"batch":[{"type":"track","event":"e","userId":"u"}],"context":{"a":${"[".repeat(200_000)}0${"]".repeat(200_000)}}}`,
    "2,501 events (over the batch cap)": JSON.stringify({
      batch: Array.from({ length: 2_501 }, (_, i) => ({ type: "track", event: "e", userId: `u${i}` })),
    }),
  };
  const results: Record<string, { status: number; answerMs: number; worstHealthMs: number }> = {};
  for (const [name, body] of Object.entries(cases)) {
    let status = 0;
    const started = performance.now();
    const { worstHealthMs } = await healthDuring(baseUrl, async () => {
      const response = await fetch(`${baseUrl}/v1/batch`, {
        method: "POST",
        headers: { authorization: auth, "content-type": "application/json", "content-encoding": "gzip" },
        body: gzipSync(body),
      });
      await response.arrayBuffer();
      status = response.status;
    });
    results[name] = { status, answerMs: round(performance.now() - started), worstHealthMs: round(worstHealthMs) };
  }
  return results;
}

/** Runs `work` while probing /api/health every 50 ms; its result and the slowest health answer, in ms. */
export async function healthDuring<T>(
  baseUrl: string,
  work: () => Promise<T>,
): Promise<{ result: T; worstHealthMs: number }> {
  let done = false;
  let worst = 0;
  const probe = (async () => {
    while (!done) {
      const started = performance.now();
      await fetch(`${baseUrl}/api/health`);
      worst = Math.max(worst, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const result = await work().finally(() => {
    done = true;
  });
  await probe;
  return { result, worstHealthMs: worst };
}
