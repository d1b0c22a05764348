import { z } from "zod";
import type { Db } from "@/db/connect";
import { isConnectionError } from "@/db/errors";
import { ApiError } from "@/lib/http/errors";
import { withDatabaseWait } from "./database-wait";
import { idsOf } from "./identity";
import { distinctIdKey, linkKey, type StoredRows, storedRowsOf } from "./stored-rows";
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
 * LOUPE_INGEST_WRITERS (default 1: with pipelined transactions one writer per process stored the
 * most, docs/benchmarks.md) and LOUPE_INGEST_GROUP_EVENTS (default 5,000). A bad value stops the
 * server with its name.
 */
export function groupCommitOptionsFromEnv(env: Record<string, string | undefined> = process.env): GroupCommitOptions {
  const read = (name: string, fallback: number) => {
    const parsed = positiveInteger.safeParse(env[name] ?? fallback);
    if (!parsed.success) throw new Error(`${name} must be a positive integer, not "${env[name]}".`);
    return parsed.data;
  };
  return {
    writers: read("LOUPE_INGEST_WRITERS", 1),
    maxEvents: read("LOUPE_INGEST_GROUP_EVENTS", 5_000),
    waitBudgetMs: 5_000,
  };
}

type Waiting = {
  projectId: number;
  events: NormalizedEvent[];
  /** Every distinct id the events use or name: computed when a second writer needs them. */
  ids?: Set<string>;
  /** Those an identity operation names or whose person properties the events set. */
  held?: Set<string>;
  arrivedAt: number;
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
};

/**
 * Group commit (docs/architecture.md#writing-a-batch). The ingestion requests a process serves at
 * once hand their events to this queue; a writer (LOUPE_INGEST_WRITERS of them) takes the requests
 * waiting for one project (oldest first, up to maxEvents) and stores them in one transaction, then
 * answers each request for its own events. Under load, one transaction stores many requests, so
 * the fixed cost of a transaction is paid once per group; with one request at a time, it is
 * written at once. With several writers, requests sharing a distinct id are never written at once
 * (takeGroup). Nothing is acknowledged before its transaction commits.
 */
export class GroupCommitQueue {
  private readonly waiting: Waiting[] = [];
  /** The groups being written. */
  private readonly writing = new Set<{ projectId: number; requests: Waiting[] }>();
  readonly stats = { groups: 0, requests: 0, events: 0 };

  constructor(
    private readonly db: Db,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Groups being written now (at most `writers`). */
  get writingGroups(): number {
    return this.writing.size;
  }

  /** Events waiting for a writer or being written, of every project (ingestion health). */
  get depth(): number {
    let n = 0;
    for (const request of this.waiting) n += request.events.length;
    for (const group of this.writing) for (const request of group.requests) n += request.events.length;
    return n;
  }

  write(projectId: number, events: NormalizedEvent[]): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ projectId, events, arrivedAt: Date.now(), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.writing.size < this.options.writers) {
      const group = this.takeGroup();
      if (!group) return;
      const writing = { projectId: (group[0] as Waiting).projectId, requests: group };
      this.writing.add(writing);
      void this.store(group).finally(() => {
        this.writing.delete(writing);
        this.pump();
      });
    }
  }

  /**
   * The oldest request that shares no distinct id with a group being written, then those after it
   * for the same project that fit and share none either, in order. A request that does share one
   * waits for that group: written at the same time, both would insert the same new ids, and the
   * later one would wait for the first to commit and then plan its identities again
   * (identity.ts). Nor does a request pass an older waiting one it shares an id with: requests
   * touching one id are written in the order they arrived.
   */
  private takeGroup(): Waiting[] | null {
    const passed: Waiting[] = []; // left waiting: later requests may not overtake them on an id
    const group: Waiting[] = [];
    let size = 0;
    for (let i = 0; i < this.waiting.length; ) {
      const request = this.waiting[i] as Waiting;
      const project = group[0]?.projectId ?? request.projectId;
      if (group.length > 0 && request.projectId === project && size + request.events.length > this.options.maxEvents) {
        break;
      }
      if (
        request.projectId !== project ||
        [...this.writing].some((written) => this.sharesId(request, written.requests)) ||
        this.sharesId(request, passed)
      ) {
        passed.push(request);
        i++;
        continue;
      }
      group.push(request);
      size += request.events.length;
      this.waiting.splice(i, 1);
    }
    return group.length > 0 ? group : null;
  }

  private async store(group: Waiting[]): Promise<void> {
    const oldest = group[0] as Waiting; // takeGroup keeps the order of arrival
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

  /**
   * Whether the request must wait for one of `others`: they share a distinct id this process has
   * not seen stored (both would insert it: ./identity.ts would plan again), or one that either
   * holds (heldIds: merges and traits are applied in arrival order). Requests sharing only known ids for plain events are written at once by two
   * writers: their row locks (person stats, catalog freshness) make the later wait at its write
   * statement only, after its claims and reads ran alongside (docs/architecture.md#writing-a-batch).
   */
  private sharesId(request: Waiting, others: Waiting[]): boolean {
    const stored = storedRowsOf(this.db);
    for (const other of others) {
      if (other.projectId !== request.projectId) continue;
      request.ids ??= new Set(idsOf(request.events));
      other.ids ??= new Set(idsOf(other.events));
      request.held ??= heldIds(request.events, request.projectId, stored);
      other.held ??= heldIds(other.events, other.projectId, stored);
      for (const id of request.ids) {
        if (!other.ids.has(id)) continue;
        if (request.held.has(id) || other.held.has(id) || !stored.has(distinctIdKey(request.projectId, id))) {
          return true;
        }
      }
    }
    return false;
  }
}

/**
 * The ids whose writes must keep arrival order: those an identity operation names — except a link
 * this process has seen settled (both ids one person already: every later message of an
 * identified visitor carries it, to no effect) — and those whose person properties are set.
 */
function heldIds(events: NormalizedEvent[], projectId: number, stored: StoredRows): Set<string> {
  const held = new Set<string>();
  for (const event of events) {
    const op = event.identity;
    const settled = op?.kind === "link" && stored.has(linkKey(projectId, op.anonymousId, op.userId));
    if (op && !settled) for (const id of idsOf([event])) held.add(id);
    if (event.personSet || event.personSetOnce) held.add(event.distinctId);
  }
  return held;
}
