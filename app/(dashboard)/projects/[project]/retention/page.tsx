import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { overviewAnchor } from "@/components/overview/overview-queries";
import { retentionQuery } from "@/components/retention/retention-queries";
import { RetentionView } from "@/components/retention/retention-view";
import { loadRetentionSearchParams } from "@/components/retention/search-params";
import { analyticsKeys } from "@/lib/analytics/keys";
import { getRetention } from "@/lib/analytics/retention/get-retention";
import { retentionParamsSchema } from "@/lib/analytics/retention/params";
import { showPii } from "@/lib/persons/pii";
import { createServerQueryClient } from "@/lib/query-client";
import { loadProjectPage } from "@/lib/server/project-page";

export const metadata: Metadata = { title: "Retention" };

type Props = {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function RetentionPage({ params, searchParams }: Props) {
  const { db, project, pii } = await loadProjectPage((await params).project);
  const anchor = overviewAnchor(new Date());
  const query = retentionQuery(loadRetentionSearchParams(await searchParams), anchor);
  const parsed = retentionParamsSchema.safeParse(query);
  const client = createServerQueryClient();
  // A URL the API refuses is shown by the browser's own request, with the API's message.
  if (parsed.success) {
    await client.prefetchQuery({
      queryKey: analyticsKeys.query(project.slug, query),
      queryFn: async () => showPii(await getRetention(db, project, parsed.data), pii),
    });
  }
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <RetentionView project={project.slug} anchor={anchor} />
    </HydrationBoundary>
  );
}
