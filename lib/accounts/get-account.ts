import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import { isoUtc } from "@/lib/analytics/common";
import { type PersonSummary, personSummaries } from "@/lib/analytics/persons";
import { readOnly } from "@/lib/analytics/read-only";
import { ApiError } from "@/lib/http/errors";
import type { TimelineParams } from "@/lib/persons/params";
import { type PiiAccess, showPii } from "@/lib/persons/pii";
import { readTimeline, type Timeline } from "@/lib/persons/timeline";
import type { Project } from "@/lib/projects/projects";

const DAY = 86_400_000;
const MEMBERS_SHOWN = 200;
const KEY_EVENTS = 5;

export type AccountProfile = {
  groupId: string;
  traits: Record<string, unknown>;
  memberCount: number;
  /** The most recently active members first, at most 200, with their events of the last 30 days. */
  members: (PersonSummary & { events30d: number })[];
  firstActivity: string | null;
  lastActivity: string | null;
  health: {
    /** Members with an event in the last 28 days, and in the 28 days before. */
    activeMembers: { last4Weeks: number; previous4Weeks: number };
    /** The key events (settings.keyEvents, else the project's most frequent non-$ events of the last 30 days): members who did each in the last 30 days. */
    keyEvents: { event: string; members: number; share: number }[];
    daysSinceLastActivity: number | null;
  };
  computedAt: string;
};

/** The account of a groupId, or 404. */
export async function requireAccount(
  db: Db,
  project: Project,
  groupId: string,
): Promise<{ id: number; traits: Record<string, unknown> }> {
  const [account] = await rows<{ id: string; traits: Record<string, unknown> }>(
    db,
    sql`select id::text, traits from accounts where project_id = ${project.id} and group_id = ${groupId}`,
  );
  if (!account) throw new ApiError(404, "account_not_found", `No account "${groupId}" in this project.`);
  return { id: Number(account.id), traits: account.traits };
}

/** The current members of an account, as a query giving `person_id` (membership at query time). */
export function membersOf(projectId: number, accountId: number): SQL {
  return sql`select person_id from account_members where project_id = ${projectId} and account_id = ${accountId}`;
}

/** GET …/accounts/{groupId}: traits, members, first and last activity, health signals. */
export async function getAccount(
  db: Db,
  project: Project,
  groupId: string,
  access: PiiAccess,
): Promise<AccountProfile> {
  const now = Date.now();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  return readOnly(db, async (tx) => {
    const account = await requireAccount(tx, project, groupId);
    const members = membersOf(project.id, account.id);
    const activeIn = (from: string, to: string, eventId?: number) =>
      sql`exists (select 1 from events e where e.project_id = ${project.id} and e.person_id = m.person_id
        and e.timestamp >= ${from}::timestamptz and e.timestamp < ${to}::timestamptz
        ${eventId === undefined ? sql`` : sql`and e.event_id = ${eventId}`})`;
    const [facts] = await rows<{
      n: number;
      first: string | null;
      last: string | null;
      recent: number;
      before: number;
    }>(
      tx,
      sql`select count(*)::int as n, ${isoUtc(sql`min(s.first_seen)`)} as first, ${isoUtc(sql`max(s.last_seen)`)} as last,
            (count(*) filter (where ${activeIn(at(28), at(0))}))::int as recent,
            (count(*) filter (where ${activeIn(at(56), at(28))}))::int as before
          from (${members}) m left join person_stats s on s.project_id = ${project.id} and s.person_id = m.person_id`,
    );
    const shown = await rows<{ person_id: string; events30d: number }>(
      tx,
      sql`select m.person_id::text, (select count(*) from events e where e.project_id = ${project.id}
            and e.person_id = m.person_id and e.timestamp >= ${at(30)}::timestamptz)::int as "events30d"
          from (${members}) m left join person_stats s on s.project_id = ${project.id} and s.person_id = m.person_id
          order by s.last_seen desc nulls last, m.person_id limit ${MEMBERS_SHOWN}`,
    );
    const summaries = await personSummaries(
      tx,
      project.id,
      shown.map((r) => Number(r.person_id)),
      access,
    );
    const events30d = new Map(shown.map((r) => [r.person_id, r.events30d]));
    const keyEvents = [];
    for (const event of await keyEventsOf(tx, project, at(30))) {
      const [row] = await rows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from (${members}) m where ${activeIn(at(30), at(0), event.id)}`,
      );
      const done = row?.n ?? 0;
      keyEvents.push({ event: event.name, members: done, share: facts?.n ? done / facts.n : 0 });
    }
    return {
      groupId,
      traits: showPii(account.traits, access),
      memberCount: facts?.n ?? 0,
      members: summaries.map((person) => ({ ...person, events30d: events30d.get(person.id) ?? 0 })),
      firstActivity: facts?.first ?? null,
      lastActivity: facts?.last ?? null,
      health: {
        activeMembers: { last4Weeks: facts?.recent ?? 0, previous4Weeks: facts?.before ?? 0 },
        keyEvents,
        daysSinceLastActivity: facts?.last ? Math.floor((now - Date.parse(facts.last)) / DAY) : null,
      },
      computedAt: new Date(now).toISOString(),
    };
  });
}

/** The project's key events: as set, else its most frequent events of the last 30 days not named `$…`. */
async function keyEventsOf(db: Db, project: Project, since: string): Promise<{ id: number; name: string }[]> {
  const set = project.settings.keyEvents;
  if (set?.length) {
    return rows(
      db,
      sql`select id, name from event_definitions where project_id = ${project.id}
      and name = any(${sql.param(set)}::text[]) order by array_position(${sql.param(set)}::text[], name)`,
    );
  }
  return rows(
    db,
    sql`select d.id, d.name from event_counts_hourly r join event_definitions d on d.id = r.event_id
        where r.project_id = ${project.id} and r.hour >= ${since}::timestamptz and d.name not like '$%'
        group by d.id, d.name order by sum(r.count) desc, d.name limit ${KEY_EVENTS}`,
  );
}

/** GET …/accounts/{groupId}/events: the members' events merged in time, each with who did it. */
export async function getAccountEvents(
  db: Db,
  project: Project,
  groupId: string,
  params: TimelineParams,
  access: PiiAccess,
): Promise<Timeline & { persons: PersonSummary[] }> {
  return readOnly(db, async (tx) => {
    const account = await requireAccount(tx, project, groupId);
    const timeline = await readTimeline(tx, project.id, membersOf(project.id, account.id), params, access);
    const who = [...new Set(timeline.events.map((e) => Number(e.personId)))];
    return { ...timeline, persons: await personSummaries(tx, project.id, who, access) };
  });
}
