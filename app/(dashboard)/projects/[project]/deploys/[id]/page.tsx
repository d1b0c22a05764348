import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DeployView } from "@/components/deploys/deploy-view";
import { loadProjectPage } from "@/lib/server/project-page";

export const metadata: Metadata = { title: "Deploy" };

/** One deploy's impact: computed by the browser's request (the API answers an unknown deploy with a 404). */
export default async function DeployPage({ params }: { params: Promise<{ project: string; id: string }> }) {
  const { project: slug, id } = await params;
  const { project } = await loadProjectPage(slug);
  if (!/^\d{1,18}$/.test(id)) notFound();
  return <DeployView project={project.slug} deployId={Number(id)} />;
}
