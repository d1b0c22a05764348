import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { AccountsView } from "@/components/accounts/accounts-view";
import { accountsQuery, loadAccountsSearchParams } from "@/components/accounts/search-params";
import { getAccounts } from "@/lib/accounts/get-accounts";
import { accountListParamsSchema } from "@/lib/accounts/params";
import { restKeys } from "@/lib/analytics/keys";
import { createServerQueryClient } from "@/lib/query-client";
import { loadProjectPage } from "@/lib/server/project-page";

export const metadata: Metadata = { title: "Accounts" };

type Props = {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function AccountsPage({ params, searchParams }: Props) {
  const { db, project, pii } = await loadProjectPage((await params).project);
  const query = accountsQuery(loadAccountsSearchParams(await searchParams));
  const parsed = accountListParamsSchema.safeParse(query);
  const client = createServerQueryClient();
  if (parsed.success) {
    await client.prefetchInfiniteQuery({
      queryKey: restKeys.get(project.slug, "accounts", query),
      queryFn: () => getAccounts(db, project, parsed.data, pii),
      initialPageParam: null,
    });
  }
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <AccountsView project={project.slug} now={new Date().toISOString()} />
    </HydrationBoundary>
  );
}
