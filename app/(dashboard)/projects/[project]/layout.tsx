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
  const { project } = await loadProjectPage((await params).project);
  const projects = await loadProjectList();
  return (
    <AppShell project={project} projects={projects}>
      {children}
    </AppShell>
  );
}
