import { z } from "zod";
import type { Db, Driver } from "@/db/connect";
import { ApiError } from "@/lib/http/errors";
import { isConnectionError, withDatabaseWait } from "./database-wait";
import type { NormalizedEvent, WriteResult } from "./types";
import { writeEventGroups } from "./write-events";

export type GroupCommitOptions = {
  /** Transactions writing at once (each takes one connection). */
  writers: number;
  /** Events at most in one transaction; a request is never split. */
  maxEvents: number;
  /** How long a request may wait for an unreachable database, from its arrival (then 503). */
  waitBudgetMs: number;
};

const positiveInteger = z.coerce.number().int().positive();

/**
 * LOUPE_INGEST_WRITERS (default 2 on PostgreSQL; 1 on PGlite, which has one connection) and
 * LOUPE_INGEST_GROUP_EVENTS (default 5,000). A bad value stops the server with its name.
 */
export function groupCommitOptionsFromEnv(
  driver: Driver,
  env: Record<string, string | undefined> = process.env,
): GroupCommitOptions {
  const read = (name: string, fallback: number) => {
    const parsed = positiveInteger.safeParse(env[name] ?? fallback);
    if (!parsed.success) throw new Error(`${name} must be a positive integer, not "${env[name]}".`);
    return parsed.data;
  };
  return {
    writers: read("LOUPE_INGEST_WRITERS", driver === "pglite" ? 1 : 2),
    maxEvents: read("LOUPE_INGEST_GROUP_EVENTS", 5_000),
    waitBudgetMs: 5_000,
  };
}

type Waiting = {
  projectId: number;
  events: NormalizedEvent[];
  arrivedAt: number;
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
};

/**
 * Group commit (docs/architecture.md#group-commit). The ingestion requests a process serves at
 * once hand their events to this queue; each of a few writers takes every request waiting for one
 * project (oldest first, up to maxEvents) and stores them in one transaction, then answers each
 * request for its own events. Under load, one transaction stores many requests, so batches no
 * longer wait on each other's locks and the fixed cost of a transaction is paid once per group;
 * with one request at a time, it is written at once, as before. Nothing is acknowledged before
 * its transaction commits.
 */
export class GroupCommitQueue {
  private readonly waiting: Waiting[] = [];
  private active = 0;
  readonly stats = { groups: 0, requests: 0, events: 0 };

  constructor(
    private readonly db: Db,
    private readonly options: GroupCommitOptions,
  ) {}

  write(projectId: number, events: NormalizedEvent[]): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ projectId, events, arrivedAt: Date.now(), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.active < this.options.writers && this.waiting.length > 0) {
      const group = this.takeGroup();
      this.active++;
      void this.store(group).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  /** The oldest request, and those after it for the same project, in order, while they fit. */
  private takeGroup(): Waiting[] {
    const first = this.waiting.shift() as Waiting;
    const group = [first];
    let size = first.events.length;
    for (let i = 0; i < this.waiting.length; ) {
      const next = this.waiting[i] as Waiting;
      if (next.projectId !== first.projectId) {
        i++;
        continue;
      }
      if (size + next.events.length > this.options.maxEvents) break;
      group.push(next);
      size += next.events.length;
      this.waiting.splice(i, 1);
    }
    return group;
  }

  private async store(group: Waiting[]): Promise<void> {
    const oldest = group[0] as Waiting; // takeGroup starts with the oldest request
    const projectId = oldest.projectId;
    this.stats.groups++;
    this.stats.requests += group.length;
    for (const request of group) this.stats.events += request.events.length;
    // The oldest request's budget bounds the group's wait for the database.
    const withinBudget = <T>(work: () => Promise<T>) =>
      withDatabaseWait(work, Math.max(250, oldest.arrivedAt + this.options.waitBudgetMs - Date.now()));
    try {
      const results = await withinBudget(() =>
        writeEventGroups(
          this.db,
          projectId,
          group.map((r) => r.events),
        ),
      );
      for (const [i, request] of group.entries()) request.resolve(results[i] as WriteResult);
    } catch (error) {
      if (group.length === 1 || error instanceof ApiError || isConnectionError(error)) {
        for (const request of group) request.reject(error);
        return;
      }
      // Something in one request's events failed the transaction: store each request on its
      // own, so only that one fails.
      for (const request of group) {
        await withinBudget(() => writeEventGroups(this.db, projectId, [request.events])).then(
          ([result]) => request.resolve(result as WriteResult),
          request.reject,
        );
      }
    }
  }
}
