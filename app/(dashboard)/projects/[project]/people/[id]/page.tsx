import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { loadPersonSearchParams, timelineQuery } from "@/components/people/person-search-params";
import { PersonView } from "@/components/people/person-view";
import { restKeys } from "@/lib/analytics/keys";
import { getPerson, getPersonEvents } from "@/lib/persons/get-person";
import { timelineParamsSchema } from "@/lib/persons/params";
import { createServerQueryClient } from "@/lib/query-client";
import { auditPagePiiView, decodeSegment, loadProjectPage } from "@/lib/server/project-page";

export const metadata: Metadata = { title: "Person" };

type Props = {
  params: Promise<{ project: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function PersonPage({ params, searchParams }: Props) {
  const { project: slug, id } = await params;
  const page = await loadProjectPage(slug);
  const { db, project, pii } = page;
  const personId = decodeSegment(id);
  const path = `persons/${encodeURIComponent(personId)}`;
  const query = timelineQuery(loadPersonSearchParams(await searchParams));
  const client = createServerQueryClient();
  const timeline = timelineParamsSchema.safeParse(query);
  // An unknown person or a bad URL is shown by the browser's own request, with the API's answer.
  await Promise.all([
    client.prefetchQuery({
      queryKey: restKeys.get(project.slug, path),
      queryFn: async () => {
        const person = await getPerson(db, project, personId, pii);
        await auditPagePiiView(page, `person:${person.id}`);
        return person;
      },
    }),
    timeline.success &&
      client.prefetchInfiniteQuery({
        queryKey: restKeys.get(project.slug, `${path}/events`, query),
        queryFn: () => getPersonEvents(db, project, personId, timeline.data, pii),
        initialPageParam: null,
      }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <PersonView
        project={project.slug}
        id={personId}
        timeZone={project.timeZone}
        canDelete={page.access.role === "admin"}
      />
    </HydrationBoundary>
  );
}
