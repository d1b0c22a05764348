import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { funnelQuery } from "@/components/funnels/funnel-queries";
import { FunnelView } from "@/components/funnels/funnel-view";
import { loadFunnelSearchParams } from "@/components/funnels/search-params";
import { overviewAnchor } from "@/components/overview/overview-queries";
import { getFunnel } from "@/lib/analytics/funnel/get-funnel";
import { funnelParamsSchema } from "@/lib/analytics/funnel/params";
import { analyticsKeys } from "@/lib/analytics/keys";
import { showPii } from "@/lib/persons/pii";
import { createServerQueryClient } from "@/lib/query-client";
import { loadProjectPage } from "@/lib/server/project-page";

export const metadata: Metadata = { title: "Funnels" };

type Props = {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function FunnelsPage({ params, searchParams }: Props) {
  const { db, project, pii } = await loadProjectPage((await params).project);
  const anchor = overviewAnchor(new Date());
  const query = funnelQuery(loadFunnelSearchParams(await searchParams), anchor);
  const parsed = query && funnelParamsSchema.safeParse(query);
  const client = createServerQueryClient();
  // A URL the API refuses is shown by the browser's own request, with the API's message.
  if (query && parsed?.success) {
    await client.prefetchQuery({
      queryKey: analyticsKeys.query(project.slug, query),
      queryFn: async () => showPii(await getFunnel(db, project, parsed.data), pii),
    });
  }
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <FunnelView project={project.slug} anchor={anchor} />
    </HydrationBoundary>
  );
}
