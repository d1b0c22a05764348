import { sql } from "drizzle-orm";
import { type Db, driverOf, rows } from "@/db/connect";
import { ApiError } from "@/lib/http/errors";

/**
 * On the embedded database (PGlite: in-process, on the server's only thread, where a statement
 * timeout cannot interrupt a query), the raw events one request may ask to read. Measured on the
 * 200k-event demo (2 cores): about 3 µs an event, so a request at the budget holds the server for
 * well under a second. Counts from the hourly rollups cost nothing here. README: "Embedded
 * database". On PostgreSQL the statement timeout bounds every query instead.
 */
export const EMBEDDED_EVENT_BUDGET = 250_000;
/** LOUPE_EMBEDDED_EVENT_BUDGET overrides it (a faster machine, or a test). */
const budget = () => Number(process.env.LOUPE_EMBEDDED_EVENT_BUDGET ?? EMBEDDED_EVENT_BUDGET);

/** A read of raw events an analysis will make: one event (null: any) over [from, to). */
export type EventScan = { eventId: number | null; from: string; to: string };

/**
 * 400 `too_much_work` when, on PGlite, the scans would read more events than the budget. The
 * events are counted from the hourly rollups (whole hours around each range: a slight overcount).
 */
export async function checkEmbeddedBudget(db: Db, projectId: number, scans: EventScan[]): Promise<void> {
  if (scans.length === 0 || driverOf(db) !== "pglite") return;
  let total = 0;
  for (const scan of scans) {
    const [row] = await rows<{ n: number }>(
      db,
      sql`select coalesce(sum(count), 0)::float8 as n from event_counts_hourly
          where project_id = ${projectId} and hour >= date_trunc('hour', ${scan.from}::timestamptz)
            and hour < ${scan.to}::timestamptz ${scan.eventId === null ? sql`` : sql`and event_id = ${scan.eventId}`}`,
    );
    total += row?.n ?? 0;
  }
  const limit = budget();
  if (total > limit) {
    throw new ApiError(
      400,
      "too_much_work",
      `This asks the embedded database to read about ${Math.round(total).toLocaleString("en")} events; it reads at most ${limit.toLocaleString("en")} per request. Ask for a shorter range (fewer cohorts, periods or series), or run Loupe on PostgreSQL (README).`,
      { events: Math.round(total), budget: limit },
    );
  }
}
