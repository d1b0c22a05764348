import "server-only";
import { type Db, rows } from "@/db/connect";
import type { Project } from "@/lib/projects/projects";
import { keysetPage } from "../cursor";
import { getLastReceivedAt } from "../meta";
import { readOnly } from "../read-only";
import type { CatalogParams } from "./params";
import { buildCatalogQuery } from "./query";

export type CatalogEntry = {
  event: string;
  volume: number;
  /** Start of the first and last UTC hour with an event of this name (null before any). */
  firstSeen: string | null;
  lastSeen: string | null;
  lastReceivedAt: string;
  description: string | null;
  owner: string | null;
  status: "active" | "verified" | "hidden";
};
export type CatalogResult = {
  events: CatalogEntry[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
  meta: { timeZone: string; lastReceivedAt: string | null; computedAt: string };
};

export function getEventCatalog(db: Db, project: Project, params: CatalogParams): Promise<CatalogResult> {
  return readOnly(db, async (tx) => {
    const page = await rows<CatalogEntry>(tx, buildCatalogQuery(project.id, params));
    const { shown, nextCursor } = keysetPage(page, params.limit, (last) => [last.volume, last.event]);
    return {
      events: shown,
      nextCursor,
      meta: {
        timeZone: project.timeZone,
        lastReceivedAt: await getLastReceivedAt(tx, project.id),
        computedAt: new Date().toISOString(),
      },
    };
  });
}
