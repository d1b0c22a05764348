import { recordAudit } from "@/lib/audit/audit-log";
import { auditBy, auditPiiView } from "@/lib/http/audit-context";
import { ApiError } from "@/lib/http/errors";
import { withProject } from "@/lib/http/with-project";
import { deletePerson } from "@/lib/lifecycle/delete-person";
import { getPerson } from "@/lib/persons/get-person";

type Params = { project: string; id: string };

/** GET /api/v1/projects/{project}/persons/{id}: a person by any of their ids (docs/api.md#persons). */
export const GET = withProject<Params>("query:read", async (context) => {
  const { db, project, params, pii } = context;
  const person = await getPerson(db, project, params.id, pii);
  await auditPiiView(context, `person:${person.id}`);
  return Response.json(person);
});

/**
 * DELETE /api/v1/projects/{project}/persons/{id}[?suppress=true]: an admin deletes a person and
 * everything recorded of them (docs/data-lifecycle.md); with `suppress`, later events of their
 * ids are dropped at ingestion. Audited with the rows removed per table.
 */
export const DELETE = withProject<Params>("admin", async (context) => {
  const { db, project, params, request } = context;
  const suppress = new URL(request.url).searchParams.get("suppress");
  if (suppress !== null && suppress !== "true" && suppress !== "false") {
    throw new ApiError(400, "invalid_params", "suppress: true or false", [
      { field: "suppress", reason: "true or false" },
    ]);
  }
  const deleted = await deletePerson(db, project, params.id, { suppress: suppress === "true" });
  if (!deleted) throw new ApiError(404, "person_not_found", `No person "${params.id}" in this project.`);
  await recordAudit(
    db,
    auditBy(context)({
      action: "person_deleted",
      target: `person:${deleted.personId}`,
      details: {
        removed: deleted.removed,
        rollupHoursAdjusted: deleted.rollupHoursAdjusted,
        suppressed: deleted.suppressed,
      },
    }),
  );
  return Response.json(deleted);
});
