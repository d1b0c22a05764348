import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { PeopleView } from "@/components/people/people-view";
import { loadPeopleSearchParams, peopleQuery } from "@/components/people/search-params";
import { restKeys } from "@/lib/analytics/keys";
import { getPersons } from "@/lib/persons/get-persons";
import { personListParamsSchema } from "@/lib/persons/params";
import { FULL_PII_ACCESS } from "@/lib/persons/pii";
import { createServerQueryClient } from "@/lib/query-client";
import { loadProjectPage } from "@/lib/server/project-page";

export const metadata: Metadata = { title: "People" };

type Props = {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function PeoplePage({ params, searchParams }: Props) {
  const { db, project } = await loadProjectPage((await params).project);
  const query = peopleQuery(loadPeopleSearchParams(await searchParams));
  const parsed = personListParamsSchema.safeParse(query);
  const client = createServerQueryClient();
  // A URL the API refuses is shown by the browser's own request, with the API's message.
  if (parsed.success) {
    await client.prefetchInfiniteQuery({
      queryKey: restKeys.get(project.slug, "persons", query),
      queryFn: () => getPersons(db, project, parsed.data, FULL_PII_ACCESS),
      initialPageParam: null,
    });
  }
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <PeopleView project={project.slug} timeZone={project.timeZone} now={new Date().toISOString()} />
    </HydrationBoundary>
  );
}
