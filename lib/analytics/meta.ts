import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import type { Project } from "@/lib/projects/projects";
import { isoUtc, type ResultMeta } from "./common";

/** How every analysis counts identities, for its "how computed" panel (docs/architecture.md#identity). */
export const IDENTITY_NOTE =
  "Persons after identity resolution: anonymous events of someone who identified later count as theirs.";

/** Data freshness from the catalog (maintained at ingestion), never from a scan of events. */
export async function getLastReceivedAt(db: Db, projectId: number): Promise<string | null> {
  const [row] = await rows<{ at: string | null }>(
    db,
    sql`select ${isoUtc(sql`max(last_received_at)`)} as at from event_definitions where project_id = ${projectId}`,
  );
  return row?.at ?? null;
}

export async function getResultMeta(db: Db, project: Project, from: string, to: string): Promise<ResultMeta> {
  return {
    timeZone: project.timeZone,
    from,
    to,
    lastReceivedAt: await getLastReceivedAt(db, project.id),
    computedAt: new Date().toISOString(),
  };
}

/** Event name → id for the names a query mentions; unknown names are simply absent. */
export async function getEventIds(db: Db, projectId: number, names: string[]): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  const found = await rows<{ id: number; name: string }>(
    db,
    sql`select id, name from event_definitions
        where project_id = ${projectId} and name = any(${sql.param(names)}::text[])`,
  );
  return new Map(found.map((row) => [row.name, row.id]));
}
