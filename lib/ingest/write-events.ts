import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import { updatePersonProperties, upsertAccounts } from "./accounts";
import { ensureEventIds, touchFreshness } from "./catalog";
import { createPersonsForNewIds, resolvePersons } from "./identity";
import { ensurePartitions } from "./partitions";
import { appendHourlyCounts } from "./rollups";
import type { NormalizedEvent, WriteResult } from "./types";

const MAX_ATTEMPTS = 10;
// Deadlock, serialization failure: the transaction did nothing; running it again is safe.
const RETRYABLE_CODES = new Set(["40P01", "40001"]);

/**
 * Stores a batch of normalized events exactly once, in one transaction: message ids are claimed
 * first (a retried or concurrent duplicate is skipped), then identities, accounts, events, the
 * hourly counts and the catalog's freshness. Returns only after COMMIT: callers may acknowledge what it reports.
 */
export async function writeEvents(db: Db, projectId: number, batch: NormalizedEvent[]): Promise<WriteResult> {
  const seen = new Set<string>();
  const unique = batch.filter((event) => !seen.has(event.messageId) && seen.add(event.messageId));
  const inBatchDuplicates = batch.length - unique.length;
  if (unique.length === 0) return { accepted: 0, duplicates: inBatchDuplicates };
  await ensurePartitions(
    db,
    unique.map((event) => event.timestamp),
  );
  for (let attempt = 1; ; attempt++) {
    try {
      // Inside the retry: a deadlock in this short transaction is retried like one in the batch's.
      await createPersonsForNewIds(db, projectId, unique);
      const accepted = await db.transaction((tx) => writeInTransaction(tx, projectId, unique));
      return { accepted, duplicates: batch.length - accepted };
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, 5 * 2 ** attempt) + Math.random() * 20));
    }
  }
}

async function writeInTransaction(tx: Db, projectId: number, batch: NormalizedEvent[]) {
  const claimed = await rows<{ message_id: string }>(
    tx,
    sql`insert into ingest_message_ids (project_id, message_id)
        select ${projectId}, unnest(${sql.param(batch.map((e) => e.messageId))}::text[])
        on conflict do nothing returning message_id`,
  );
  const fresh = new Set(claimed.map((row) => row.message_id));
  const events = batch.filter((event) => fresh.has(event.messageId));
  if (events.length === 0) return 0;

  const personOf = await resolvePersons(tx, projectId, events);
  const eventIdOf = await ensureEventIds(tx, projectId, events);
  const accountOf = await upsertAccounts(tx, projectId, events, personOf);
  await updatePersonProperties(tx, events, personOf);

  const stored = events.map((e) => ({
    ts: e.timestamp,
    ra: e.receivedAt,
    pe: personOf.get(e.distinctId),
    ac: e.groupId ? (accountOf.get(e.groupId) ?? null) : null,
    ev: eventIdOf.get(e.event),
    sk: e.clockSkewMs,
    fl: e.flags,
    di: e.distinctId,
    mi: e.messageId,
    se: e.sessionId,
    os: e.os,
    br: e.browser,
    dt: e.deviceType,
    av: e.appVersion,
    co: e.country,
    lo: e.locale,
    pa: e.path,
    pr: e.properties,
  }));
  // One JSON parameter for the whole batch: a single round trip on both drivers.
  await tx.execute(sql`insert into events (timestamp, received_at, person_id, account_id, project_id,
      event_id, clock_skew_ms, flags, distinct_id, message_id, session_id, os, browser, device_type,
      app_version, country, locale, path, properties)
    select ts, ra, pe, ac, ${projectId}, ev, sk, fl, di, mi, se, os, br, dt, av, co, lo, pa, pr
    from jsonb_to_recordset(${JSON.stringify(stored)}::jsonb) as x(ts timestamptz, ra timestamptz,
      pe bigint, ac bigint, ev int, sk int, fl smallint, di text, mi text, se text, os text, br text,
      dt text, av text, co text, lo text, pa text, pr jsonb)`);

  await appendHourlyCounts(
    tx,
    projectId,
    events.map((e) => ({ eventId: eventIdOf.get(e.event) as number, timestamp: e.timestamp })),
  );
  const received = new Map<number, string>();
  for (const e of events) {
    const id = eventIdOf.get(e.event) as number;
    const latest = received.get(id);
    if (!latest || e.receivedAt > latest) received.set(id, e.receivedAt);
  }
  await touchFreshness(tx, received);
  return events.length;
}

function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; retryable?: boolean; cause?: { code?: string } };
  return e.retryable === true || RETRYABLE_CODES.has(e.code ?? e.cause?.code ?? "");
}
