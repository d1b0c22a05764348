import "server-only";
import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import { isoUtc, type ResultMeta } from "@/lib/analytics/common";
import { getResultMeta } from "@/lib/analytics/meta";
import { bucketOf, bucketsQuery } from "@/lib/analytics/periods";
import { readOnly } from "@/lib/analytics/read-only";
import { type Deploy, listDeploys } from "@/lib/deploys/deploys";
import type { Project } from "@/lib/projects/projects";
import { membersOf, requireAccount } from "./get-account";
import type { AccountActivityParams } from "./params";

export type AccountActivity = {
  interval: AccountActivityParams["interval"];
  points: { t: string; events: number; activeMembers: number }[];
  deploys: Deploy[];
  meta: ResultMeta;
};

/**
 * GET …/accounts/{groupId}/activity: per bucket (the project's zone, lib/analytics/periods.ts),
 * the current members' events and how many of them were active. One range scan of
 * events_person_time_idx per member.
 */
export function getAccountActivity(
  db: Db,
  project: Project,
  groupId: string,
  params: AccountActivityParams,
): Promise<AccountActivity> {
  return readOnly(db, async (tx) => {
    const account = await requireAccount(tx, project, groupId);
    const periods = { interval: params.interval, from: params.from, to: params.to, timeZone: project.timeZone };
    const points = await rows<AccountActivity["points"][number]>(
      tx,
      sql`with buckets as (${bucketsQuery(periods)}), agg as (
            select ${bucketOf(sql`e.timestamp`, periods)} as bucket, count(*) as events, count(distinct e.person_id) as members
            from (${membersOf(project.id, account.id)}) m
            join events e on e.project_id = ${project.id} and e.person_id = m.person_id
              and e.timestamp >= ${params.from}::timestamptz and e.timestamp < ${params.to}::timestamptz
            group by 1)
          select ${isoUtc(sql`b.bucket`)} as t, coalesce(a.events, 0)::float8 as events,
            coalesce(a.members, 0)::float8 as "activeMembers"
          from buckets b left join agg a on a.bucket = b.bucket order by b.bucket`,
    );
    return {
      interval: params.interval,
      points,
      deploys: await listDeploys(tx, project.id, params.from, params.to),
      meta: await getResultMeta(tx, project, params.from, params.to),
    };
  });
}
