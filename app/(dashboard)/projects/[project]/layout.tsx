import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { loadProjectList, loadProjectPage } from "@/lib/server/project-page";

export default async function ProjectLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ project: string }>;
}) {
  const { project, user, access } = await loadProjectPage((await params).project);
  const projects = await loadProjectList();
  return (
    <AppShell
      project={project}
      projects={projects}
      viewer={{ email: user.email, role: access.role, canSeePii: access.canSeePii }}
    >
      {children}
    </AppShell>
  );
}
