// npm run project -- create <slug> [--time-zone Europe/Paris] [--write-key K] [--secret-key K]
// npm run project -- key <slug> write|secret      (prints a new key, once)
// npm run project -- settings <slug> [--pii-drop a,b] [--pii-hash c] [--redact on|off]
//   [--ip truncate|discard] [--rate-limit N|default]    (prints the project's settings)
import { parseArgs } from "node:util";
import { connectionOptionsFromEnv, openDatabase } from "@/db/connect";
import { runMigrations } from "@/db/migrate";
import { createApiKey } from "@/lib/auth/api-keys";
import { ensureProject } from "@/lib/projects/bootstrap";
import { getProjectBySlug } from "@/lib/projects/projects";
import { changeIngestSettings, updateProjectSettings } from "@/lib/projects/projects-settings";
import { isValidTimeZone } from "@/lib/time/zone";
import { fail } from "./cli";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "time-zone": { type: "string" },
    "write-key": { type: "string" },
    "secret-key": { type: "string" },
    "pii-drop": { type: "string" },
    "pii-hash": { type: "string" },
    redact: { type: "string" },
    ip: { type: "string" },
    "rate-limit": { type: "string" },
  },
});
const [command, slug, kind] = positionals;
if (!slug || (command !== "create" && command !== "key" && command !== "settings")) {
  fail(
    "usage: npm run project -- create <slug> [--time-zone Z] [--write-key K] [--secret-key K] | key <slug> write|secret" +
      " | settings <slug> [--pii-drop a,b] [--pii-hash c] [--redact on|off] [--ip truncate|discard] [--rate-limit N|default]",
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
  } else if (command === "settings") {
    const project = await getProjectBySlug(database.db, slug);
    if (!project) fail(`no project "${slug}"`);
    let settings = project.settings;
    try {
      settings = changeIngestSettings(settings, {
        piiDrop: values["pii-drop"],
        piiHash: values["pii-hash"],
        redact: values.redact,
        ip: values.ip,
        rateLimit: values["rate-limit"],
      });
    } catch (error) {
      fail((error as Error).message);
    }
    await updateProjectSettings(database.db, project.id, settings);
    const { demo: _demo, ...shown } = settings;
    // A running server reads them with the write key, within 30 s (lib/ingest/write-key.ts).
    console.log(
      `settings of "${slug}" (a running server applies them within 30 s):\n${JSON.stringify(shown, null, 2)}`,
    );
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
