import "server-only";
import { type Db, rows } from "@/db/connect";
import type { Project } from "@/lib/projects/projects";
import type { ResultMeta } from "../common";
import { checkEmbeddedBudget } from "../embedded-budget";
import { getResultMeta } from "../meta";
import { readOnly } from "../read-only";
import type { TopEventsParams } from "./params";
import { buildTopEventCountsQuery, buildTopEventsQuery } from "./query";

/** `persons` is null when the request asked for counts only (`persons: false`). */
export type TopEvent = { event: string; count: number; persons: number | null };
export type TopEventsResult = { events: TopEvent[]; meta: ResultMeta };

export function getTopEvents(db: Db, project: Project, params: TopEventsParams): Promise<TopEventsResult> {
  return readOnly(db, async (tx) => {
    if (params.persons)
      await checkEmbeddedBudget(tx, project.id, [{ eventId: null, from: params.from, to: params.to }]);
    return {
      events: await rows<TopEvent>(
        tx,
        (params.persons ? buildTopEventsQuery : buildTopEventCountsQuery)(
          project.id,
          params.from,
          params.to,
          params.limit,
        ),
      ),
      meta: await getResultMeta(tx, project, params.from, params.to),
    };
  });
}
