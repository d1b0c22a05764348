import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { dataQualityAnchor, dataQualityQuery } from "@/components/data-quality/data-quality-queries";
import { DataQualityView } from "@/components/data-quality/data-quality-view";
import { loadDataQualitySearchParams } from "@/components/data-quality/search-params";
import { getDataQuality } from "@/lib/analytics/data-quality/get-data-quality";
import { analyticsKeys } from "@/lib/analytics/keys";
import { showPii } from "@/lib/persons/pii";
import { createServerQueryClient } from "@/lib/query-client";
import { loadProjectPage } from "@/lib/server/project-page";

export const metadata: Metadata = { title: "Data quality" };

type Props = {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function DataQualityPage({ params, searchParams }: Props) {
  const { db, project, pii } = await loadProjectPage((await params).project);
  const anchor = dataQualityAnchor(new Date());
  const query = dataQualityQuery(loadDataQualitySearchParams(await searchParams), anchor);
  const client = createServerQueryClient();
  await client.prefetchQuery({
    queryKey: analyticsKeys.query(project.slug, query),
    queryFn: async () => showPii(await getDataQuality(db, project, query), pii),
  });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <DataQualityView project={project.slug} anchor={anchor} />
    </HydrationBoundary>
  );
}
