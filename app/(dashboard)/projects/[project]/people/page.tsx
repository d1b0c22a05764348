import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { PeopleView } from "@/components/people/people-view";
import { loadPeopleSearchParams, peopleQuery } from "@/components/people/search-params";
import { restKeys } from "@/lib/analytics/keys";
import { getPersons } from "@/lib/persons/get-persons";
import { personListParamsSchema } from "@/lib/persons/params";
import { createServerQueryClient } from "@/lib/query-client";
import { loadProjectPage } from "@/lib/server/project-page";

export const metadata: Metadata = { title: "People" };

type Props = {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function PeoplePage({ params, searchParams }: Props) {
  const { db, project, pii } = await loadProjectPage((await params).project);
  const search = await searchParams;
  const query = peopleQuery(loadPeopleSearchParams(search));
  // Back from a person's deletion (components/people/delete-person-button.tsx).
  const deleted = typeof search.deleted === "string" && /^\d+$/.test(search.deleted) ? Number(search.deleted) : null;
  const parsed = personListParamsSchema.safeParse(query);
  const client = createServerQueryClient();
  // A URL the API refuses is shown by the browser's own request, with the API's message.
  if (parsed.success) {
    await client.prefetchInfiniteQuery({
      queryKey: restKeys.get(project.slug, "persons", query),
      queryFn: () => getPersons(db, project, parsed.data, pii),
      initialPageParam: null,
    });
  }
  return (
    <HydrationBoundary state={dehydrate(client)}>
      {deleted !== null && (
        <p
          role="status"
          className="mb-3 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
        >
          The person is deleted, with their {deleted.toLocaleString("en")} events (recorded in the audit log).
        </p>
      )}
      <PeopleView project={project.slug} timeZone={project.timeZone} now={new Date().toISOString()} />
    </HydrationBoundary>
  );
}
