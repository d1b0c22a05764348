import "server-only";
import { sql } from "drizzle-orm";
import { onCitus } from "@/db/citus";
import { getDatabase } from "@/db/client";
import { type Db, rows } from "@/db/connect";
import { migrationStatus } from "@/db/migrate";

export type Health = {
  status: "ok" | "degraded" | "down";
  database: {
    reachable: boolean;
    driver: string | null;
    migrations: { current: boolean; latest: string | null } | null;
    /** On Citus: each worker node, and whether the coordinator reaches it (a stopped one: degraded). */
    workers?: { node: string; reachable: boolean }[];
  };
};

export async function getHealth(): Promise<Health> {
  try {
    const database = await getDatabase();
    await database.db.execute(sql`select 1`);
    const migrations = await migrationStatus(database);
    const workers = (await onCitus(database.db)) ? await workersReached(database.db) : undefined;
    const allReached = workers?.every((w) => w.reachable) ?? true;
    return {
      status: migrations.current && allReached ? "ok" : "degraded",
      database: {
        reachable: true,
        driver: database.driver,
        migrations: { current: migrations.current, latest: migrations.latest },
        ...(workers ? { workers } : {}),
      },
    };
  } catch {
    return { status: "down", database: { reachable: false, driver: null, migrations: null } };
  }
}

/** The Citus workers and whether each answers, asked with a short connection timeout. */
async function workersReached(db: Db): Promise<{ node: string; reachable: boolean }[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local citus.node_connection_timeout = 2000`);
    return rows<{ node: string; reachable: boolean }>(
      tx,
      sql`select nodename || ':' || nodeport as node, success as reachable
          from run_command_on_workers('select 1') order by nodename, nodeport`,
    );
  });
}
