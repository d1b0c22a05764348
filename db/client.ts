import "server-only";
import { connectionOptionsFromEnv, type Database, openDatabase } from "./connect";

// One database per server process; kept on globalThis so dev hot reloads do not open a second
// PGlite on the same folder.
const holder = globalThis as unknown as { loupeDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  holder.loupeDatabase ??= openDatabase(connectionOptionsFromEnv());
  return holder.loupeDatabase;
}

export async function getDb() {
  return (await getDatabase()).db;
}
