import "server-only";
import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";
import type { PiiAccess } from "@/lib/persons/pii";
import type { Project } from "@/lib/projects/projects";
import { getEventIds } from "../meta";
import { type CountedPersons, countedPersonsPage } from "../persons";
import { readOnly } from "../read-only";
import { judgedWindow } from "./get-deploy-impact";
import type { DeployImpactPersonsParams } from "./params";
import { buildImpactPersonsQuery, segmentCondition } from "./query";

export type DeployImpactPersons = {
  /** The judged window after the deploy, to open timelines there. */
  window: { from: string; to: string };
} & CountedPersons;

/**
 * POST …/query {kind: "deploy_impact_persons"}: who is behind a change — persons active in the
 * judged window (in the change's segment), who did the event there (`did`: a rise's persons)
 * or did not (`did_not`: whom a drop missed), keyset-paginated by person id.
 */
export function getDeployImpactPersons(
  db: Db,
  project: Project,
  params: DeployImpactPersonsParams,
  access: PiiAccess,
): Promise<DeployImpactPersons> {
  return readOnly(db, async (tx) => {
    const { deploy, start, seconds } = await judgedWindow(tx, project, params);
    const window = { from: deploy.timestamp, to: new Date(start + seconds * 1000).toISOString() };
    const eventId = (await getEventIds(tx, project.id, [params.event])).get(params.event) ?? -1;
    const page = await rows<{ p: string; events: number }>(
      tx,
      buildImpactPersonsQuery({
        projectId: project.id,
        eventId,
        ...window,
        segment: params.segment
          ? segmentCondition(project.id, params.segment.dimension, params.segment.value)
          : sql`true`,
        did: params.status === "did",
        after: params.cursor ? params.cursor[0] : null,
        limit: params.limit,
      }),
    );
    return { window, ...(await countedPersonsPage(tx, project.id, page, params.limit, access)) };
  });
}
