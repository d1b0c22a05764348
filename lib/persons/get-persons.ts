import "server-only";
import { type Db, rows } from "@/db/connect";
import { keysetPage } from "@/lib/analytics/cursor";
import { getEventIds } from "@/lib/analytics/meta";
import { type PersonSummary, personSummaries } from "@/lib/analytics/persons";
import { readOnly } from "@/lib/analytics/read-only";
import { keyedHash } from "@/lib/ingest/privacy/apply";
import type { Project } from "@/lib/projects/projects";
import { getHashKey } from "@/lib/projects/secrets";
import type { PersonListParams } from "./params";
import { buildPersonsQuery } from "./persons-query";
import { type PiiAccess, refusePiiProbes } from "./pii";

export type PersonList = { persons: PersonSummary[]; nextCursor: string | null };

/** GET …/persons: one page of the people list (persons-query.ts says what matches and in which order). */
export async function getPersons(
  db: Db,
  project: Project,
  params: PersonListParams,
  access: PiiAccess,
): Promise<PersonList> {
  refusePiiProbes(params.where, access, params.search);
  const hashKey = params.search ? await getHashKey(db, project.id) : null;
  return readOnly(db, async (tx) => {
    const didEventId = params.did ? ((await getEventIds(tx, project.id, [params.did])).get(params.did) ?? -1) : null;
    const page = await rows<{ id: string; key: string | number }>(
      tx,
      buildPersonsQuery({
        projectId: project.id,
        params,
        hashedSearch: hashKey && params.search ? keyedHash(hashKey, params.search) : null,
        // Without access, a search matches ids only: an email prefix would reveal the emails.
        searchEmails: access.canSeePii,
        didEventId,
      }),
    );
    const { shown, nextCursor } = keysetPage(page, params.limit, (last) => [last.key, Number(last.id)]);
    return {
      persons: await personSummaries(
        tx,
        project.id,
        shown.map((row) => Number(row.id)),
        access,
      ),
      nextCursor,
    };
  });
}
