import { isConnectionError } from "@/db/errors";
import { ApiError } from "@/lib/http/errors";

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
