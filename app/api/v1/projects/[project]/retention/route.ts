import { describePrincipal } from "@/lib/http/authenticate";
import { clientAddress } from "@/lib/http/client-address";
import { withProject } from "@/lib/http/with-project";
import { runRetention } from "@/lib/lifecycle/run-retention";

/**
 * POST …/retention: enforce this project's data retention now (it also runs every hour, for every
 * project; a month shared with another project's rows waits for that run). Answers this
 * project's part: cutoff, partitions dropped, events deleted, and `done` false when the run's
 * budget ran out first (the next run goes on). Without a retention setting: `{retentionDays: null}`.
 */
export const POST = withProject("admin", async ({ db, project, principal, request }) => {
  const { actor, label } = describePrincipal(principal);
  const projects = await runRetention(
    db,
    { actor, actorLabel: label, ipAddress: clientAddress(request.headers) },
    project.id,
  );
  const mine = projects.find((p) => p.projectId === project.id);
  return Response.json(mine ?? { retentionDays: null });
});
