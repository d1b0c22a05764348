import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { AccountView } from "@/components/accounts/account-view";
import { getAccount, getAccountEvents } from "@/lib/accounts/get-account";
import { restKeys } from "@/lib/analytics/keys";
import { timelineParamsSchema } from "@/lib/persons/params";
import { createServerQueryClient } from "@/lib/query-client";
import { auditPagePiiView, decodeSegment, loadProjectPage } from "@/lib/server/project-page";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage({ params }: { params: Promise<{ project: string; groupId: string }> }) {
  const { project: slug, groupId: segment } = await params;
  const page = await loadProjectPage(slug);
  const { db, project, pii } = page;
  const groupId = decodeSegment(segment);
  const path = `accounts/${encodeURIComponent(groupId)}`;
  const client = createServerQueryClient();
  // The activity chart is fetched by the browser: the profile and timeline come with the page.
  await Promise.all([
    client.prefetchQuery({
      queryKey: restKeys.get(project.slug, path),
      queryFn: async () => {
        const account = await getAccount(db, project, groupId, pii);
        await auditPagePiiView(page, `account:${groupId}`);
        return account;
      },
    }),
    client.prefetchInfiniteQuery({
      queryKey: restKeys.get(project.slug, `${path}/events`, { limit: "50" }),
      queryFn: () => getAccountEvents(db, project, groupId, timelineParamsSchema.parse({ limit: "50" }), pii),
      initialPageParam: null,
    }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <AccountView project={project.slug} groupId={groupId} timeZone={project.timeZone} />
    </HydrationBoundary>
  );
}
