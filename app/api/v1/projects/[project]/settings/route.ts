import { recordAudit } from "@/lib/audit/audit-log";
import { auditBy } from "@/lib/http/audit-context";
import { readJson } from "@/lib/http/body";
import { ApiError, invalidParams } from "@/lib/http/errors";
import { withProject } from "@/lib/http/with-project";
import { getProjectById } from "@/lib/projects/projects";
import {
  applySettingsPatch,
  publicSettings,
  SettingsConflict,
  settingsPatchSchema,
} from "@/lib/projects/settings-patch";

/** GET …/settings: the project's name, time zone and settings (every role reads them). */
export const GET = withProject("query:read", async ({ project }) => Response.json(publicSettings(project)));

/** PATCH …/settings: admins change them (lib/projects/settings-patch.ts); audited. */
export const PATCH = withProject("admin", async (context) => {
  const { request, db, project } = context;
  const parsed = settingsPatchSchema.safeParse(await readJson(request));
  if (!parsed.success) throw invalidParams(parsed.error);
  const changed = await applySettingsPatch(db, project, parsed.data).catch((error) => {
    if (error instanceof SettingsConflict) throw new ApiError(409, "settings_conflict", error.message);
    throw error;
  });
  if (changed.length > 0) {
    await recordAudit(db, auditBy(context)({ action: "settings_changed", details: { changed, to: parsed.data } }));
  }
  const updated = await getProjectById(db, project.id);
  return Response.json({ ...publicSettings(updated ?? project), changed });
});
