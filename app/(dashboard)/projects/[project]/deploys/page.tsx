import type { Metadata } from "next";
import { DeploysView } from "@/components/deploys/deploys-view";
import { loadProjectPage } from "@/lib/server/project-page";

export const metadata: Metadata = { title: "Deploys" };

/** The deploys list: each badge is a deploy impact computed in the browser's request, not blocking the page. */
export default async function DeploysPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await loadProjectPage((await params).project);
  return <DeploysView project={project.slug} timeZone={project.timeZone} />;
}
