import { sql } from "drizzle-orm";
import { onCitus } from "@/db/citus";
import { type Db, rows } from "@/db/connect";
import { personLocks } from "@/lib/persons/person-locks";
import { resolvePersonId } from "@/lib/persons/resolve-person";
import { lockRollups, subtractHourlyCounts, utcHour } from "./rollups";
import { countRows } from "./statements";

export type PersonDeletion = {
  personId: number;
  /** The person's distinct ids (as stored: hashed where the PII rules hash them). */
  distinctIds: string[];
  /** Rows removed, per table. */
  removed: {
    persons: number;
    events: number;
    distinctIds: number;
    accountMemberships: number;
    personDays: number;
    personStats: number;
    /** person_merges rows of persons merged into this one (their old ids redirected here). */
    personMerges: number;
    /** person_merge_log entries of merges into or out of this person (they list distinct ids). */
    mergeLog: number;
  };
  /** (event, UTC hour) keys of event_counts_hourly folded down by the person's events. */
  rollupHoursAdjusted: number;
  /** Distinct ids added to suppressed_ids (0 without `suppress`, or when all were already there). */
  suppressed: number;
};

/** Resolutions tried when the person is merged into another between resolving and locking it. */
const ATTEMPTS = 3;

/**
 * Deletes a person and everything recorded of them (docs/data-lifecycle.md), in one transaction:
 * their events, with exactly those events taken off the hourly counts; their distinct ids,
 * account memberships, person_days, person_stats, the merge records naming them. Nothing of other
 * persons changes (accounts stay: they are not the person's). Their message ids stay claimed, so
 * an SDK's retry of a deleted event is a duplicate, not a new copy. `id` is anything that names
 * a person (lib/persons/resolve-person.ts: a distinct id, an email of a hashed id, a person id);
 * null when it names none. With `suppress`, the person's distinct ids go to suppressed_ids and
 * ingestion drops every later event naming one of them (lib/ingest/suppressed.ts).
 *
 * The person's row is locked FOR UPDATE first, as a merge does: it waits for every batch still
 * writing to them (those hold KEY SHARE, lib/ingest/identity.ts), so none of their events is
 * missed, and a batch arriving later finds the ids gone (or suppressed). Cost: the person's rows
 * through events_person_time_idx, the per-person keys and person_merges_to_idx.
 */
export async function deletePerson(
  db: Db,
  project: { id: number },
  id: string,
  options: { suppress?: boolean } = {},
): Promise<PersonDeletion | null> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const personId = await resolvePersonId(db, project.id, id);
    if (personId === null) return null;
    const citus = await onCitus(db);
    const deleted = await db.transaction((tx) =>
      deleteLocked(tx, project.id, personId, options.suppress === true, citus),
    );
    if (deleted) return deleted;
  }
  return null;
}

async function deleteLocked(tx: Db, projectId: number, personId: number, suppress: boolean, citus: boolean) {
  // On Citus ingestion holds advisory person locks, not row locks (lib/persons/person-locks.ts).
  if (citus) await tx.execute(personLocks([personId], "exclusive"));
  const [locked] = await rows(
    tx,
    sql`select id from persons where project_id = ${projectId} and id = ${personId} for update`,
  );
  if (!locked) return null; // merged away meanwhile: resolve the id again
  await lockRollups(tx);
  const distinctIds = (
    await rows<{ distinct_id: string }>(
      tx,
      sql`select distinct_id from person_distinct_ids where project_id = ${projectId} and person_id = ${personId}
          order by distinct_id`,
    )
  ).map((row) => row.distinct_id);
  const merged = await rows<{ id: string }>(
    tx,
    sql`select from_person_id::text as id from person_merges where project_id = ${projectId} and to_person_id = ${personId}`,
  );
  const everId = [personId, ...merged.map((row) => Number(row.id))];
  const suppressed = suppress
    ? await countRows(
        tx,
        sql`insert into suppressed_ids (project_id, distinct_id)
            select ${projectId}, unnest(${sql.param(distinctIds)}::text[]) on conflict do nothing`,
      )
    : 0;
  const [events] = await rows<{ events: number; hours: number }>(
    tx,
    sql`with gone as (
          delete from events where project_id = ${projectId} and person_id = ${personId}
          returning event_id, timestamp),
        ${subtractHourlyCounts(
          projectId,
          sql`select event_id, ${utcHour(sql`timestamp`)} as hour, count(*) as n from gone group by 1, 2`,
        )}
        select (select count(*) from gone)::int as events, (select count(*) from removed_hours)::int as hours`,
  );
  const ofPerson = (table: "person_distinct_ids" | "account_members" | "person_days" | "person_stats") =>
    countRows(
      tx,
      sql`delete from ${sql.identifier(table)} where project_id = ${projectId} and person_id = ${personId}`,
    );
  const removed = {
    events: events?.events ?? 0,
    distinctIds: await ofPerson("person_distinct_ids"),
    accountMemberships: await ofPerson("account_members"),
    personDays: await ofPerson("person_days"),
    personStats: await ofPerson("person_stats"),
    personMerges: await countRows(
      tx,
      sql`delete from person_merges where project_id = ${projectId} and to_person_id = ${personId}`,
    ),
    mergeLog: await countRows(
      tx,
      sql`delete from person_merge_log where project_id = ${projectId}
          and (from_person_id = any(${sql.param(everId)}::bigint[]) or to_person_id = any(${sql.param(everId)}::bigint[]))`,
    ),
    persons: await countRows(tx, sql`delete from persons where project_id = ${projectId} and id = ${personId}`),
  };
  return { personId, distinctIds, removed, rollupHoursAdjusted: events?.hours ?? 0, suppressed };
}
