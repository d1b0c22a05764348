import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { overviewAnchor, overviewQueries } from "@/components/overview/overview-queries";
import { OverviewView } from "@/components/overview/overview-view";
import { loadOverviewSearchParams } from "@/components/overview/search-params";
import { analyticsKeys } from "@/lib/analytics/keys";
import { getTopEvents } from "@/lib/analytics/top-events/get-top-events";
import { getTrend } from "@/lib/analytics/trend/get-trend";
import { showPii } from "@/lib/persons/pii";
import { createServerQueryClient } from "@/lib/query-client";
import { loadProjectPage } from "@/lib/server/project-page";

export const metadata: Metadata = { title: "Overview" };

type Props = {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function OverviewPage({ params, searchParams }: Props) {
  const { db, project, pii } = await loadProjectPage((await params).project);
  const anchor = overviewAnchor(new Date());
  const queries = overviewQueries(loadOverviewSearchParams(await searchParams), anchor);
  const client = createServerQueryClient();
  await Promise.all([
    client.prefetchQuery({
      queryKey: analyticsKeys.query(project.slug, queries.trend),
      queryFn: async () => showPii(await getTrend(db, project, queries.trend), pii),
    }),
    client.prefetchQuery({
      queryKey: analyticsKeys.query(project.slug, queries.topEvents),
      queryFn: async () => showPii(await getTopEvents(db, project, queries.topEvents), pii),
    }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <OverviewView project={project.slug} anchor={anchor} />
    </HydrationBoundary>
  );
}
