import { redirect } from "next/navigation";
import { EmptyState } from "@/components/ui/states";
import { loadProjectList } from "@/lib/server/project-page";

export const dynamic = "force-dynamic";

/** "/" opens the first project; with none yet, says how to create one. */
export default async function Home() {
  const projects = await loadProjectList();
  const first = projects.find((p) => p.slug === "demo") ?? projects[0];
  if (first) redirect(`/projects/${first.slug}`);
  return (
    <main className="mx-auto max-w-lg px-6 py-20">
      <EmptyState title="No project yet">
        Start the server with <code>LOUPE_BOOTSTRAP_PROJECT=my-app</code>, or run{" "}
        <code>npm run seed -- --project demo</code> for demo data.
      </EmptyState>
    </main>
  );
}
