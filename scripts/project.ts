// npm run project -- create <slug> [--time-zone Europe/Paris] [--write-key K] [--secret-key K]
// npm run project -- key <slug> write | secret [--scopes query:read,deploys:write,admin]   (prints it, once)
// npm run project -- key <slug> list | revoke <prefix>
// npm run project -- settings <slug> [--pii-drop a,b] [--pii-hash c] [--redact on|off] [--url-secrets on|off]
//   [--ip truncate|discard] [--rate-limit N|default] [--key-events a,b,c]    (prints the project's settings)
// npm run project -- merge <slug> <from-id> <into-id>   (an admin's merge of two persons, logged)
// npm run project -- admin | reset-password | user | member | invite …   (people who sign in: ./project-users.ts)
import { parseArgs } from "node:util";
import { connectionOptionsFromEnv, openDatabase } from "@/db/connect";
import { runMigrations } from "@/db/migrate";
import { type ApiKeyScope, apiKeyScopes } from "@/db/schema/api-keys";
import { createApiKey, listApiKeys, revokeApiKeys } from "@/lib/auth/api-keys";
import { mergePersonsByAdmin } from "@/lib/persons/merge-persons";
import { ensureProject } from "@/lib/projects/bootstrap";
import { getProjectBySlug } from "@/lib/projects/projects";
import { changeIngestSettings, updateProjectSettings } from "@/lib/projects/projects-settings";
import { isValidTimeZone } from "@/lib/time/zone";
import { fail } from "./cli";
import { USER_COMMANDS, USER_USAGE, userCommand } from "./project-users";

const USAGE = `usage: npm run project -- <command>
  create <slug> [--time-zone Z] [--write-key K] [--secret-key K]
  key <slug> write | secret [--scopes ${apiKeyScopes.join(",")}] | list | revoke <prefix>
  settings <slug> [--pii-drop a,b] [--pii-hash c] [--redact on|off] [--url-secrets on|off] [--ip truncate|discard] [--rate-limit N|default] [--key-events a,b,c]
  merge <slug> <from-id> <into-id>
${USER_USAGE}`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "time-zone": { type: "string" },
    "write-key": { type: "string" },
    "secret-key": { type: "string" },
    scopes: { type: "string" },
    "pii-drop": { type: "string" },
    "pii-hash": { type: "string" },
    redact: { type: "string" },
    "url-secrets": { type: "string" },
    ip: { type: "string" },
    "rate-limit": { type: "string" },
    "key-events": { type: "string" },
    password: { type: "string" },
    role: { type: "string" },
    pii: { type: "boolean" },
    url: { type: "string" },
  },
});
if ((USER_COMMANDS as readonly string[]).includes(positionals[0] ?? "")) {
  const database = await openDatabase(connectionOptionsFromEnv()).catch((e: Error) => fail(e.message));
  try {
    await runMigrations(database);
    await userCommand(database.db, positionals, values);
  } finally {
    await database.close();
  }
  process.exit(0);
}
const [command, slug, ...rest] = positionals;
if (!slug || !["create", "key", "settings", "merge"].includes(command ?? "")) fail(USAGE);
const timeZone = values["time-zone"];
if (timeZone && !isValidTimeZone(timeZone))
  fail(`unknown time zone "${timeZone}" (use an IANA name like Europe/Paris)`);

const database = await openDatabase(connectionOptionsFromEnv()).catch((e: Error) => fail(e.message));
try {
  await runMigrations(database);
  const db = database.db;
  if (command === "create") {
    const project = await ensureProject(db, {
      slug,
      timeZone,
      writeKey: values["write-key"],
      secretKey: values["secret-key"],
    }).catch((e: Error) => fail(e.message));
    console.log(`project "${project.slug}" (time zone ${project.timeZone}) is ready`);
  } else {
    const project = await getProjectBySlug(db, slug);
    if (!project) fail(`no project "${slug}"`);
    if (command === "settings") {
      let settings = project.settings;
      try {
        settings = changeIngestSettings(settings, {
          piiDrop: values["pii-drop"],
          piiHash: values["pii-hash"],
          redact: values.redact,
          urlSecrets: values["url-secrets"],
          ip: values.ip,
          rateLimit: values["rate-limit"],
          keyEvents: values["key-events"],
        });
      } catch (error) {
        fail((error as Error).message);
      }
      await updateProjectSettings(db, project.id, settings);
      const { demo: _demo, ...shown } = settings;
      // A running server reads them with the write key, within 30 s (lib/ingest/write-key.ts).
      console.log(
        `settings of "${slug}" (a running server applies them within 30 s):\n${JSON.stringify(shown, null, 2)}`,
      );
    } else if (command === "merge") {
      const [from, into] = rest;
      if (!from || !into) fail(USAGE);
      const record = await mergePersonsByAdmin(db, project.id, { from, into, by: "cli" }).catch((e: Error) =>
        fail(e.message),
      );
      console.log(
        `merged person ${record.from.personId} (${record.from.distinctIds.join(", ")}) into ${record.into.personId}: ` +
          `${record.eventsMoved} events moved (logged in person_merge_log)`,
      );
    } else {
      await keyCommand(project.id, rest);
    }
  }
} finally {
  await database.close();
}

async function keyCommand(projectId: number, [action, prefix]: string[]) {
  const db = database.db;
  if (action === "write" || action === "secret") {
    const scopes = action === "secret" ? parseScopes(values.scopes) : undefined;
    const { token } = await createApiKey(db, { projectId, kind: action, name: `${action} key (cli)`, scopes });
    const scoped = scopes ? ` with scopes ${scopes.join(", ")}` : "";
    console.log(`${action} key for "${slug}"${scoped} (shown once, store it now):\n${token}`);
  } else if (action === "list") {
    const keys = await listApiKeys(db, projectId);
    if (keys.length === 0) console.log(`"${slug}" has no keys`);
    for (const k of keys) {
      const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "live";
      const used = k.lastUsedAt ? `last used ${k.lastUsedAt.toISOString()}` : "never used";
      console.log(
        `${k.prefix}…  ${k.kind.padEnd(6)}  ${(k.scopes.join(",") || "ingestion").padEnd(30)}  ${state}, ${used}`,
      );
    }
  } else if (action === "revoke") {
    if (!prefix) fail("say which key: npm run project -- key <slug> revoke <prefix> (as `key <slug> list` shows it)");
    const n = await revokeApiKeys(db, projectId, prefix).catch((e: Error) => fail(e.message));
    if (n === 0) fail(`no live key of "${slug}" starts with ${prefix.slice(0, 9)}`);
    console.log(`revoked ${n} key${n > 1 ? "s" : ""} (running servers refuse ${n > 1 ? "them" : "it"} within 30 s)`);
  } else {
    fail(USAGE);
  }
}

/** `--scopes a,b` → the scopes, each checked; absent: `query:read` only (the least a secret key does). */
function parseScopes(value: string | undefined): ApiKeyScope[] {
  if (value === undefined) return ["query:read"];
  const scopes = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = scopes.filter((s) => !(apiKeyScopes as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0) {
    fail(`--scopes takes ${apiKeyScopes.join(", ")} (comma-separated), not "${unknown.join(",") || value}"`);
  }
  return scopes as ApiKeyScope[];
}
