import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { overviewAnchor } from "@/components/overview/overview-queries";
import { loadTrendSearchParams } from "@/components/trends/search-params";
import { trendQuery } from "@/components/trends/trend-queries";
import { TrendView } from "@/components/trends/trend-view";
import { analyticsKeys } from "@/lib/analytics/keys";
import { getTrend } from "@/lib/analytics/trend/get-trend";
import { trendParamsSchema } from "@/lib/analytics/trend/params";
import { showPii } from "@/lib/persons/pii";
import { createServerQueryClient } from "@/lib/query-client";
import { loadProjectPage } from "@/lib/server/project-page";

export const metadata: Metadata = { title: "Trends" };

type Props = {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function TrendsPage({ params, searchParams }: Props) {
  const { db, project, pii } = await loadProjectPage((await params).project);
  const anchor = overviewAnchor(new Date());
  const query = trendQuery(loadTrendSearchParams(await searchParams), anchor);
  const parsed = trendParamsSchema.safeParse(query);
  const client = createServerQueryClient();
  // A URL the API refuses is shown by the browser's own request, with the API's message.
  if (parsed.success) {
    await client.prefetchQuery({
      queryKey: analyticsKeys.query(project.slug, query),
      queryFn: async () => showPii(await getTrend(db, project, parsed.data), pii),
    });
  }
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <TrendView project={project.slug} anchor={anchor} />
    </HydrationBoundary>
  );
}
