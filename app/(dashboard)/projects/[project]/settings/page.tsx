import type { Metadata } from "next";
import { AuditCard } from "@/components/settings/audit-card";
import { GeneralCard } from "@/components/settings/general-card";
import { KeysCard } from "@/components/settings/keys-card";
import { MembersCard } from "@/components/settings/members-card";
import { RetentionCard } from "@/components/settings/retention-card";
import { loadProjectPage } from "@/lib/server/project-page";

export const metadata: Metadata = { title: "Settings" };

/** The project's administration (admins only: others get the 404 an unknown page gives). */
export default async function SettingsPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await loadProjectPage((await params).project, "admin");
  return (
    <div className="flex max-w-5xl flex-col gap-5">
      <h1 className="text-lg font-semibold text-slate-900">Settings</h1>
      <GeneralCard project={project.slug} />
      <RetentionCard project={project.slug} />
      <MembersCard project={project.slug} />
      <KeysCard project={project.slug} />
      <AuditCard project={project.slug} />
    </div>
  );
}
