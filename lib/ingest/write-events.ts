import { type SQL, sql } from "drizzle-orm";
import { type Db, insertRows, valuesLists } from "@/db/connect";
import { type Pipeline, pipelined } from "@/db/pipeline";
import { membershipsInsert, personPropertiesUpdate, upsertAccounts } from "./accounts";
import { ensureEventIds, freshnessUpdate, readEventIds } from "./catalog";
import { readKnownIds, resolvePersons } from "./identity";
import { ensurePartitions, forgetPartitions, isMissingPartition } from "./partitions";
import { personDaysInsert } from "./person-days";
import { personStatsUpsert } from "./person-stats";
import { hourlyCountsInsert } from "./rollups";
import { distinctIdKey, linkKey, type RowBatch, storedRowsOf } from "./stored-rows";
import { readSuppressedIds, suppressedEvents } from "./suppressed";
import type { NormalizedEvent, WriteResult } from "./types";

const MAX_ATTEMPTS = 10;
// Deadlock, serialization failure: the transaction did nothing; running it again is safe.
const RETRYABLE_CODES = new Set(["40P01", "40001"]);

/**
 * Stores a batch of normalized events exactly once, in one transaction: message ids are claimed
 * first (a retried or concurrent duplicate is skipped), then identities, accounts, events, the
 * hourly counts and the catalog's freshness. Returns only after COMMIT: callers may acknowledge
 * what it reports.
 */
export async function writeEvents(db: Db, projectId: number, batch: NormalizedEvent[]): Promise<WriteResult> {
  return (await writeEventGroups(db, projectId, [batch]))[0] as WriteResult;
}

/**
 * Stores several requests' events in one transaction (group commit, ./group-commit.ts), in order,
 * and answers each part for its own events: a message id met earlier, in this group or before,
 * is a duplicate of the part that meets it later.
 */
export async function writeEventGroups(db: Db, projectId: number, parts: NormalizedEvent[][]): Promise<WriteResult[]> {
  const seen = new Set<string>();
  const unique = parts.flat().filter((event) => !seen.has(event.messageId) && seen.add(event.messageId));
  const { stored, refused, suppressed } = unique.length > 0 ? await storeOnce(db, projectId, unique) : nothingStored;
  return parts.map((part) => {
    const accepted = part.filter((event) => stored.has(event)).length;
    const mergeRefused = part.filter((event) => refused.has(event)).map((event) => event.index);
    const dropped = part.filter((event) => suppressed.has(event)).map((event) => event.index);
    const result = { accepted, duplicates: part.length - accepted - dropped.length, mergeRefused };
    return dropped.length > 0 ? { ...result, suppressed: dropped } : result;
  });
}

type Stored = { stored: Set<NormalizedEvent>; refused: Set<NormalizedEvent>; suppressed: Set<NormalizedEvent> };
const nothingStored: Stored = { stored: new Set(), refused: new Set(), suppressed: new Set() };

/**
 * Events with distinct message ids → those this call stored (the others were stored before), and
 * those of them whose merge was refused.
 */
async function storeOnce(db: Db, projectId: number, unique: NormalizedEvent[]): Promise<Stored> {
  await ensurePartitions(
    db,
    unique.map((event) => event.timestamp),
  );
  for (let attempt = 1; ; attempt++) {
    try {
      const { events, refused, suppressed, rows } = await pipelined(db, (p) =>
        writeInTransaction(p, projectId, unique, storedRowsOf(db).batch()),
      );
      rows.committed();
      return { stored: new Set(events), refused, suppressed };
    } catch (error) {
      if (attempt < MAX_ATTEMPTS && isMissingPartition(error)) {
        // Data retention dropped a partition this process believed in (lib/lifecycle/retention.ts).
        forgetPartitions(db);
        await ensurePartitions(
          db,
          unique.map((event) => event.timestamp),
        );
        continue;
      }
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, 5 * 2 ** attempt) + Math.random() * 20));
    }
  }
}

/**
 * The batch's statements in three flights (docs/architecture.md#writing-a-batch): the message-id
 * claim with the reads of the batch's ids and names; the accounts and the identity writes; the
 * events and the rest, with COMMIT behind them (pipelined() sends it when this returns).
 */
async function writeInTransaction(p: Pipeline, projectId: number, batch: NormalizedEvent[], rows: RowBatch) {
  // The ids claimed come back only when some were not (retries and duplicates are the rare case):
  // one row to read instead of one per event.
  // On Citus as VALUES, which goes to the shards directly (db/connect.ts#valuesLists).
  const messageIds = p.citus
    ? sql.join(
        valuesLists(
          batch.map((e) => [projectId, e.messageId]),
          ["int", "text"],
        ),
        sql` union all `, // one list up to 32,767 events: more than a group holds
      )
    : sql`select ${projectId}, unnest(${sql.param(batch.map((e) => e.messageId))}::text[])`;
  const claim = p.rows<{ n: number; ids: string[] | null }>(
    sql`with claimed as (
          insert into ingest_message_ids (project_id, message_id) ${messageIds}
          on conflict do nothing returning message_id)
        select count(*)::int as n, case when count(*) < ${batch.length} then array_agg(message_id) end as ids
        from claimed`,
  );
  // Read for the whole batch before the claim is answered: a duplicate's ids and names are read
  // too, which changes nothing.
  const known = readKnownIds(p, projectId, batch);
  // After readKnownIds, never before it (./suppressed.ts).
  // (On Citus readKnownIds takes its locks in steps: this read waits for the last of them.)
  const blocked = p.citus
    ? known.then(() => readSuppressedIds(p, projectId, batch))
    : readSuppressedIds(p, projectId, batch);
  const names = readEventIds(p, projectId, batch);
  // On Citus person days go as VALUES, the day worked out from the project's zone (./person-days.ts).
  const zone = p.citus ? p.rows<{ z: string }>(sql`select time_zone as z from projects where id = ${projectId}`) : null;
  const [claimed] = await claim;
  const claimedIds = new Set(claimed?.ids ?? []); // empty when all or none were claimed
  const fresh = claimed?.n === batch.length ? batch : batch.filter((event) => claimedIds.has(event.messageId));
  // A suppressed id's events are acknowledged and dropped: their message ids stay claimed, so a
  // retry of one is a duplicate.
  const suppressed = suppressedEvents(fresh, await blocked);
  const events = suppressed.size === 0 ? fresh : fresh.filter((event) => !suppressed.has(event));
  if (events.length === 0) return { events, refused: new Set<NormalizedEvent>(), suppressed, rows };

  const accounts = upsertAccounts(p, projectId, events);
  const { personOf, refused } = await resolvePersons(p, projectId, events, known);
  for (const id of personOf.keys()) rows.stage(distinctIdKey(projectId, id));
  for (const { identity: op } of events) {
    if (op?.kind === "link" && personOf.get(op.anonymousId) === personOf.get(op.userId)) {
      rows.stage(linkKey(projectId, op.anonymousId, op.userId));
    }
  }
  const accountOf = await accounts();
  const eventIdOf = await ensureEventIds(p, projectId, events, names);

  const named = events.map((e) => ({
    eventId: eventIdOf.get(e.event) as number,
    timestamp: e.timestamp,
    receivedAt: e.receivedAt,
  }));
  // The events first: by COPY, sent here, or an INSERT (null when sent) among the other writes.
  const eventsInsert = writeEventRows(p, projectId, events, personOf, eventIdOf, accountOf);
  // The rest in one statement: these writes do not read each other's rows.
  const stats = personStatsUpsert(projectId, events, personOf, p.citus);
  const writes = [
    eventsInsert,
    membershipsInsert(projectId, events, personOf, accountOf, p.citus, rows),
    personPropertiesUpdate(events, personOf),
    stats.upsert,
    personDaysInsert(projectId, events, personOf, zone ? ((await zone)[0]?.z ?? "UTC") : null, rows),
    hourlyCountsInsert(projectId, named, p.citus),
    // Last, so the hot catalog rows are locked for the shortest time.
    freshnessUpdate(named),
  ];
  // On Citus each its own statement (still pipelined): Citus plans every data-modifying CTE as a
  // subplan of its own anyway, and the CTE form measured 25 % slower (docs/benchmarks.md).
  if (p.citus) {
    for (const write of writes.flat()) if (write) p.rows(write);
  } else p.rows(together(writes));
  for (const tie of stats.ties) p.rows(tie);
  return { events, refused, suppressed, rows };
}

/** Data-modifying statements as one: `with s0 as (…), s1 as (…) select 1`. */
function together(statements: (SQL | SQL[] | null)[]): SQL {
  const parts = statements.flat().filter((s): s is SQL => s !== null);
  return sql`with ${sql.join(
    parts.map((part, i) => sql`${sql.raw(`s${i}`)} as (${part})`),
    sql`, `,
  )} select 1`;
}

/** The columns of events a batch writes, with their types, in the order of eventRows' values. */
const EVENT_COLUMNS = [
  ["timestamp", "timestamptz"],
  ["received_at", "timestamptz"],
  ["person_id", "bigint"],
  ["account_id", "bigint"],
  ["project_id", "int"],
  ["event_id", "int"],
  ["clock_skew_ms", "int"],
  ["flags", "smallint"],
  ["distinct_id", "text"],
  ["message_id", "text"],
  ["session_id", "text"],
  ["os", "text"],
  ["browser", "text"],
  ["device_type", "text"],
  ["app_version", "text"],
  ["country", "text"],
  ["locale", "text"],
  ["path", "text"],
  ["properties", "jsonb"],
] as const;

/**
 * The batch's events: COPY where the pipeline has it (PostgreSQL: a third of the server's time of
 * the INSERT from a JSON recordset, docs/benchmarks.md), sent at once and null returned; otherwise
 * the INSERT, for the caller to send with the batch's other writes.
 */
function writeEventRows(
  p: Pipeline,
  projectId: number,
  events: NormalizedEvent[],
  personOf: Map<string, number>,
  eventIdOf: Map<string, number>,
  accountOf: Map<string, number>,
): SQL | null {
  const properties = p.copy
    ? (e: NormalizedEvent) => JSON.stringify(e.properties)
    : (e: NormalizedEvent) => e.properties;
  const rows = events.map((e) => [
    e.timestamp,
    e.receivedAt,
    personOf.get(e.distinctId),
    e.groupId ? (accountOf.get(e.groupId) ?? null) : null,
    projectId,
    eventIdOf.get(e.event),
    e.clockSkewMs,
    e.flags,
    e.distinctId,
    e.messageId,
    e.sessionId,
    e.os,
    e.browser,
    e.deviceType,
    e.appVersion,
    e.country,
    e.locale,
    e.path,
    properties(e),
  ]);
  if (p.copy) {
    p.copy(
      "events",
      EVENT_COLUMNS.map(([name]) => name),
      rows,
    );
    return null;
  }
  // One JSON parameter for the whole batch (on Citus too: through the coordinator).
  return insertRows("events", EVENT_COLUMNS, rows, sql``, false)[0] as SQL;
}

function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; retryable?: boolean; cause?: { code?: string } };
  return e.retryable === true || RETRYABLE_CODES.has(e.code ?? e.cause?.code ?? "");
}
