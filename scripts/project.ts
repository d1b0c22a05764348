// npm run project -- create <slug> [--time-zone Europe/Paris] [--write-key K] [--secret-key K]
// npm run project -- key <slug> write|secret      (prints a new key, once)
import { parseArgs } from "node:util";
import { connectionOptionsFromEnv, openDatabase } from "@/db/connect";
import { runMigrations } from "@/db/migrate";
import { createApiKey } from "@/lib/auth/api-keys";
import { ensureProject } from "@/lib/projects/bootstrap";
import { getProjectBySlug } from "@/lib/projects/projects";
import { isValidTimeZone } from "@/lib/time/zone";
import { fail } from "./cli";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "time-zone": { type: "string" },
    "write-key": { type: "string" },
    "secret-key": { type: "string" },
  },
});
const [command, slug, kind] = positionals;
if (!slug || (command !== "create" && command !== "key")) {
  fail(
    "usage: npm run project -- create <slug> [--time-zone Z] [--write-key K] [--secret-key K] | key <slug> write|secret",
  );
}
const timeZone = values["time-zone"];
if (timeZone && !isValidTimeZone(timeZone))
  fail(`unknown time zone "${timeZone}" (use an IANA name like Europe/Paris)`);

const database = await openDatabase(connectionOptionsFromEnv()).catch((e: Error) => fail(e.message));
try {
  await runMigrations(database);
  if (command === "create") {
    const project = await ensureProject(database.db, {
      slug,
      timeZone,
      writeKey: values["write-key"],
      secretKey: values["secret-key"],
    }).catch((e: Error) => fail(e.message));
    console.log(`project "${project.slug}" (time zone ${project.timeZone}) is ready`);
  } else {
    if (kind !== "write" && kind !== "secret") fail("key kind must be write or secret");
    const project = await getProjectBySlug(database.db, slug);
    if (!project) fail(`no project "${slug}"`);
    const { token } = await createApiKey(database.db, { projectId: project.id, kind, name: `${kind} key (cli)` });
    console.log(`${kind} key for "${slug}" (shown once, store it now):\n${token}`);
  }
} finally {
  await database.close();
}
