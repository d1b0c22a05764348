/** Rows deleted per statement: each batch is its own short transaction. */
export const BATCH_ROWS = 10_000;

/** How many rows a call may still delete (enforceRetention's maxDeleteRows), spent batch by batch. */
export class DeleteBudget {
  constructor(private left: number) {}

  get spent(): boolean {
    return this.left <= 0;
  }

  /**
   * Runs `batch(limit)` (deletes at most `limit` rows, answers how many) until a batch deletes
   * fewer than asked: nothing is left (done), or until the budget is spent (not known to be done).
   */
  async drain(batch: (limit: number) => Promise<number>): Promise<{ deleted: number; done: boolean }> {
    let deleted = 0;
    for (;;) {
      const limit = Math.min(BATCH_ROWS, this.left);
      if (limit <= 0) return { deleted, done: false };
      const n = await batch(limit);
      this.left -= n;
      deleted += n;
      if (n < limit) return { deleted, done: true };
    }
  }
}
