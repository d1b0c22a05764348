import type { Db } from "@/db/connect";

/** Keys kept per generation; two generations are remembered. */
const GENERATION_KEYS = 250_000;
/** And a generation is dropped after this long, whatever its size (docs/architecture.md#writing-a-batch). */
const GENERATION_MS = 10 * 60_000;

/**
 * Rows this process has seen committed that a batch would only insert again to no effect: a
 * person's membership of an account, a person's active quarter hour (person_days); and the
 * distinct ids it has seen mapped, which the group commit queue may write from two writers at
 * once (./group-commit.ts#takeGroup). Both are
 * inserted with ON CONFLICT DO NOTHING and never change; under steady traffic most of a batch's
 * are there already, and each costs an index probe in the batch's transaction. A row known here
 * is not sent. Knowing is only ever an optimisation of this process: a row another process
 * stored is sent and meets its conflict as before; a row a merge, deletion or retention removed
 * belongs to a person or day that receives no event again (a merged or deleted person's ids map
 * elsewhere; an event older than the retention is refused), and generations end after 10 minutes
 * all the same.
 */
export class StoredRows {
  private current = new Set<string>();
  private previous = new Set<string>();
  private startedAt = Date.now();

  has(key: string): boolean {
    return this.current.has(key) || this.previous.has(key);
  }

  /** A batch's view: the keys it skips as known, and those it sends, to remember once committed. */
  batch(): RowBatch {
    const sent: string[] = [];
    return {
      known: (key) => {
        if (this.has(key)) return true;
        sent.push(key);
        return false;
      },
      stage: (key) => {
        sent.push(key);
      },
      committed: () => {
        for (const key of sent) this.add(key);
      },
    };
  }

  private add(key: string): void {
    if (this.current.size >= GENERATION_KEYS || Date.now() - this.startedAt > GENERATION_MS) {
      this.previous = Date.now() - this.startedAt > 2 * GENERATION_MS ? new Set() : this.current;
      this.current = new Set();
      this.startedAt = Date.now();
    }
    this.current.add(key);
  }
}

export type RowBatch = {
  /** Whether the row is known stored; if not, it is the batch's to send (and remember at commit). */
  known: (key: string) => boolean;
  /** A row the batch stores or finds stored (a distinct id it maps), to remember at commit. */
  stage: (key: string) => void;
  /** After COMMIT: the rows sent are stored. */
  committed: () => void;
};

/** Nothing known: every row is sent (tests that compare the statements, one-off writers). */
export const sendEveryRow: RowBatch = { known: () => false, stage: () => {}, committed: () => {} };

/** The key of a distinct id known mapped to a person (./group-commit.ts reads it). */
export const distinctIdKey = (projectId: number, distinctId: string) => `i:${projectId}:${distinctId}`;

/**
 * The key of an anonymous id known to be the user id's person already: a link between them (what
 * analytics.js sends with every message after identify) changes nothing.
 */
export const linkKey = (projectId: number, anonymousId: string, userId: string) =>
  `l:${projectId}:${anonymousId}\u0000${userId}`;

const perDatabase = new WeakMap<Db, StoredRows>();

/** This process's memory of one database's rows (a test's fresh database starts with none). */
export function storedRowsOf(db: Db): StoredRows {
  let rows = perDatabase.get(db);
  if (!rows) {
    rows = new StoredRows();
    perDatabase.set(db, rows);
  }
  return rows;
}
