import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { AccountView } from "@/components/accounts/account-view";
import { getAccount, getAccountEvents } from "@/lib/accounts/get-account";
import { restKeys } from "@/lib/analytics/keys";
import { timelineParamsSchema } from "@/lib/persons/params";
import { FULL_PII_ACCESS } from "@/lib/persons/pii";
import { createServerQueryClient } from "@/lib/query-client";
import { decodeSegment, loadProjectPage } from "@/lib/server/project-page";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage({ params }: { params: Promise<{ project: string; groupId: string }> }) {
  const { project: slug, groupId: segment } = await params;
  const { db, project } = await loadProjectPage(slug);
  const groupId = decodeSegment(segment);
  const path = `accounts/${encodeURIComponent(groupId)}`;
  const client = createServerQueryClient();
  // The activity chart is fetched by the browser: the profile and timeline come with the page.
  await Promise.all([
    client.prefetchQuery({
      queryKey: restKeys.get(project.slug, path),
      queryFn: () => getAccount(db, project, groupId, FULL_PII_ACCESS),
    }),
    client.prefetchInfiniteQuery({
      queryKey: restKeys.get(project.slug, `${path}/events`, { limit: "50" }),
      queryFn: () =>
        getAccountEvents(db, project, groupId, timelineParamsSchema.parse({ limit: "50" }), FULL_PII_ACCESS),
      initialPageParam: null,
    }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <AccountView project={project.slug} groupId={groupId} timeZone={project.timeZone} />
    </HydrationBoundary>
  );
}
