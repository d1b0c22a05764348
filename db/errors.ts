/**
 * The errors that mean "the database (or, on Citus, a worker it needs) cannot be reached right
 * now", as opposed to an error in the statement: ingestion waits them out (lib/ingest/database-wait.ts),
 * the API answers them 503 with Retry-After (lib/http/errors.ts).
 */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "57P01", // admin shutdown
  "57P02", // crash shutdown
  "57P03", // cannot connect now (starting up)
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

export function isConnectionError(error: unknown): boolean {
  for (let e = error as { code?: string; message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code && CONNECTION_CODES.has(e.code)) return true;
    if (/Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(e.message ?? ""))
      return true;
  }
  return false;
}
