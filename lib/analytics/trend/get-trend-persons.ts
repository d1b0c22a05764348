import "server-only";
import { type Db, rows } from "@/db/connect";
import { ApiError } from "@/lib/http/errors";
import type { PiiAccess } from "@/lib/persons/pii";
import type { Project } from "@/lib/projects/projects";
import { breakdownValueCondition } from "../breakdown";
import type { Matcher } from "../matchers";
import { type CountedPersons, countedPersonsPage } from "../persons";
import { readOnly } from "../read-only";
import { periodsOf, prepareTrend } from "./get-trend";
import type { TrendPersonsParams } from "./params";
import { buildBucketsQuery, buildTrendPersonsQuery } from "./query";

export type TrendPersons = {
  /** The point's bucket, [from, to) within the trend's range, to open timelines there. */
  bucket: { from: string; to: string };
} & CountedPersons;

/**
 * POST …/query {kind: "trend_persons"}: the persons behind one point, keyset-paginated by person
 * id. Walking every page gives the point's `persons`, and their `events` add up to its `count`.
 * A bucket that is not one of the trend's is a 400 on `bucket`.
 */
export function getTrendPersons(
  db: Db,
  project: Project,
  params: TrendPersonsParams,
  access: PiiAccess,
): Promise<TrendPersons> {
  return readOnly(db, async (tx) => {
    const prepared = await prepareTrend(tx, project, params);
    const buckets = (
      await rows<{ t: string }>(tx, buildBucketsQuery(periodsOf(project, params, params.from, params.to)))
    ).map((row) => row.t);
    const at = buckets.findIndex((t) => Date.parse(t) === Date.parse(params.bucket));
    if (at < 0) {
      throw new ApiError(400, "invalid_params", "bucket: is not the start of one of the trend's buckets", [
        { field: "bucket", reason: "is not the start of one of the trend's buckets" },
      ]);
    }
    const start = new Date(Math.max(Date.parse(buckets[at] as string), Date.parse(params.from))).toISOString();
    const end = buckets[at + 1] ? new Date(Date.parse(buckets[at + 1] as string)).toISOString() : params.to;
    const { breakdown } = prepared;
    const page = await rows<{ p: string; events: number }>(
      tx,
      buildTrendPersonsQuery({
        projectId: project.id,
        matcher: prepared.matchers[params.seriesIndex] as Matcher,
        start,
        end,
        breakdown:
          breakdown && params.breakdownValue !== undefined
            ? { ...breakdown, condition: breakdownValueCondition(breakdown.value, params.breakdownValue) }
            : null,
        after: params.cursor ? params.cursor[0] : null,
        limit: params.limit,
      }),
    );
    const persons = await countedPersonsPage(tx, project.id, page, params.limit, access);
    return { bucket: { from: start, to: end }, ...persons };
  });
}
