import { and, asc, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/connect";
import { deploys } from "@/db/schema/deploys";

export type DeployInput = {
  service: string;
  version: string;
  environment?: string;
  commit?: string | null;
  description?: string | null;
  url?: string | null;
  timestamp?: string;
};

export type Deploy = {
  id: number;
  timestamp: string;
  service: string;
  version: string;
  environment: string;
  commit: string | null;
  description: string | null;
  url: string | null;
};

const columns = {
  id: deploys.id,
  timestamp: sql<string>`to_char(${deploys.timestamp} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  service: deploys.service,
  version: deploys.version,
  environment: deploys.environment,
  commit: deploys.commit,
  description: deploys.description,
  url: deploys.url,
};

/** Records a deploy; the same service, environment and version again returns the first one. */
export async function recordDeploy(
  db: Db,
  projectId: number,
  input: DeployInput,
): Promise<{ deploy: Deploy; created: boolean }> {
  const environment = input.environment ?? "production";
  const [inserted] = await db
    .insert(deploys)
    .values({
      projectId,
      service: input.service,
      version: input.version,
      environment,
      commit: input.commit ?? null,
      description: input.description ?? null,
      url: input.url ?? null,
      timestamp: input.timestamp ? new Date(input.timestamp) : new Date(),
    })
    .onConflictDoNothing()
    // Only the id: Citus allows no stable function (to_char) in RETURNING.
    .returning({ id: deploys.id });
  const created = inserted !== undefined;
  const [existing] = await db
    .select(columns)
    .from(deploys)
    .where(
      sql`${deploys.projectId} = ${projectId} and ${deploys.service} = ${input.service}
          and ${deploys.environment} = ${environment} and ${deploys.version} = ${input.version}`,
    );
  if (!existing) throw new Error("deploy vanished after conflict");
  return { deploy: existing, created };
}

/** Deploys in [from, to), oldest first: the markers of a time axis. */
export async function listDeploys(db: Db, projectId: number, from: string, to: string): Promise<Deploy[]> {
  return db
    .select(columns)
    .from(deploys)
    .where(
      and(
        sql`${deploys.projectId} = ${projectId}`,
        gte(deploys.timestamp, new Date(from)),
        lt(deploys.timestamp, new Date(to)),
      ),
    )
    .orderBy(asc(deploys.timestamp));
}

/** One deploy of a project, or null. */
export async function getDeploy(db: Db, projectId: number, id: number): Promise<Deploy | null> {
  const [found] = await db
    .select(columns)
    .from(deploys)
    .where(sql`${deploys.projectId} = ${projectId} and ${deploys.id} = ${id}`);
  return found ?? null;
}
