import { describe, expect, it } from "vitest";
import { startApp } from "../../scripts/app-process";
import { countBy, sendUntilAcknowledged, storedEvents } from "./delivery";
import { track, unique } from "./helpers";

// A second app process on the suite's database, killed and started again: needs a database it
// does not hold alone (vitest.e2e.config.ts runs this file on PostgreSQL only).
const databaseUrl = process.env.E2E_DATABASE_URL as string;

describe("the app killed (SIGKILL) in the middle of ingestion", () => {
  it("loses no acknowledged event and stores none twice: the senders' retries land once", async () => {
    const event = unique("kill");
    let app = await startApp({ DATABASE_URL: databaseUrl }, "capture");
    let origin = app.url;
    const statuses: number[] = [];
    const SENDERS = 4;
    const BATCHES = 30;
    const SIZE = 100;
    let sent = 0;
    let killed: Promise<void> | null = null;
    try {
      // Four senders, as an SDK fleet: each batch retried until acknowledged, to whichever app is up.
      const senders = Array.from({ length: SENDERS }, async (_, s) => {
        let acknowledged = 0;
        for (let b = 0; b < BATCHES; b++) {
          const first = (s * BATCHES + b) * SIZE;
          const batch = Array.from({ length: SIZE }, (_, i) => track(event, first + i));
          if (await sendUntilAcknowledged(batch, statuses, () => origin)) acknowledged += SIZE;
          sent += SIZE;
          // A quarter in, with requests in flight: the process group gets SIGKILL, no shutdown at all.
          if (s === 0 && b === Math.floor(BATCHES / 4) && !killed) {
            const victim = app;
            killed = (async () => {
              process.kill(-(victim.process.pid as number), "SIGKILL");
              await new Promise((resolve) => victim.process.once("exit", resolve));
              // Until the new one is up, nothing listens at the old port: the senders' requests fail.
              app = await startApp({ DATABASE_URL: databaseUrl }, "capture");
              origin = app.url;
            })();
          }
        }
        return acknowledged;
      });
      const acknowledged = (await Promise.all(senders)).reduce((a, b) => a + b, 0);
      await killed;
      expect(sent).toBe(SENDERS * BATCHES * SIZE);
      expect(acknowledged).toBe(sent);
      // Every message once: those acknowledged before the kill, those in flight (stored or not
      // when it came, retried either way), and those after.
      expect(await storedEvents(databaseUrl, event)).toEqual({ n: sent, distinct_ids: sent });
      // The kill was felt: requests without an answer, then retried to the new process.
      expect(statuses.filter((status) => status === 0).length).toBeGreaterThan(0);
      console.log(`statuses around the kill: ${JSON.stringify(countBy(statuses))}`);
    } finally {
      await app.stopAndWait();
    }
  });
});
