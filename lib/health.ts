import "server-only";
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import { migrationStatus } from "@/db/migrate";

export type Health = {
  status: "ok" | "degraded" | "down";
  database: {
    reachable: boolean;
    driver: string | null;
    migrations: { current: boolean; latest: string | null } | null;
  };
};

export async function getHealth(): Promise<Health> {
  try {
    const database = await getDatabase();
    await database.db.execute(sql`select 1`);
    const migrations = await migrationStatus(database);
    return {
      status: migrations.current ? "ok" : "degraded",
      database: {
        reachable: true,
        driver: database.driver,
        migrations: { current: migrations.current, latest: migrations.latest },
      },
    };
  } catch {
    return { status: "down", database: { reachable: false, driver: null, migrations: null } };
  }
}
