import "server-only";
import { type Db, rows } from "@/db/connect";
import type { Project } from "@/lib/projects/projects";
import type { ResultMeta } from "../common";
import { getResultMeta } from "../meta";
import type { TopEventsParams } from "./params";
import { buildTopEventsQuery } from "./query";

export type TopEvent = { event: string; count: number; persons: number };
export type TopEventsResult = { events: TopEvent[]; meta: ResultMeta };

export async function getTopEvents(db: Db, project: Project, params: TopEventsParams): Promise<TopEventsResult> {
  const events = await rows<TopEvent>(db, buildTopEventsQuery(project.id, params.from, params.to, params.limit));
  return { events, meta: await getResultMeta(db, project, params.from, params.to) };
}
