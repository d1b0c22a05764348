import { ApiError } from "@/lib/http/errors";

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

/**
 * Runs `work`, retrying while the database is unreachable, for at most `budgetMs` (DESIGN §4:
 * a bounded wait, then 503 with Retry-After). Safe for writes: a batch's message ids are claimed
 * in its own transaction, so a retry after an unknown commit outcome stores nothing twice.
 */
export async function withDatabaseWait<T>(work: () => Promise<T>, budgetMs = 5_000): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      if (Date.now() + 250 > deadline) {
        throw new ApiError(503, "database_unavailable", "The database is unavailable; retry later.", null, {
          "Retry-After": "5",
        });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 100 * 2 ** attempt)));
    }
  }
}
