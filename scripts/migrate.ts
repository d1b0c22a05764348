// npm run db:migrate: apply pending migrations to DATABASE_URL, or to the embedded database.
import { connectionOptionsFromEnv, openDatabase } from "@/db/connect";
import { migrationStatus, runMigrations } from "@/db/migrate";
import { fail } from "./cli";

const database = await openDatabase(connectionOptionsFromEnv()).catch((e: Error) => fail(e.message));
try {
  await runMigrations(database);
  const status = await migrationStatus(database);
  console.log(`${database.driver} (${database.location}): migrations current, latest ${status.latest}`);
} catch (error) {
  fail(`migration failed: ${(error as Error).message}`);
} finally {
  await database.close();
}
