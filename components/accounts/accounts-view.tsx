"use client";

import Link from "next/link";
import { useQueryStates } from "nuqs";
import { useCallback } from "react";
import { useRestPages } from "@/components/analytics/use-rest";
import { Card } from "@/components/ui/card";
import { formatAgo, formatInteger } from "@/components/ui/format";
import { LoadMore } from "@/components/ui/load-more";
import { SearchBox } from "@/components/ui/search-box";
import { Segmented } from "@/components/ui/segmented";
import { EmptyState, ErrorState, LoadingBlock } from "@/components/ui/states";
import type { AccountList } from "@/lib/accounts/get-accounts";
import { accountsQuery, accountsSearchParams } from "./search-params";

const sortOptions = [
  { value: "last_seen", label: "Last seen" },
  { value: "events", label: "Activity" },
  { value: "members", label: "Members" },
  { value: "plan", label: "Plan" },
] as const;

/** The accounts list: search by groupId or name, four orders, pages as you scroll. */
export function AccountsView({ project, now }: { project: string; now: string }) {
  const [state, setState] = useQueryStates(accountsSearchParams);
  const onSearch = useCallback((search: string | null) => void setState({ search }), [setState]);
  const pages = useRestPages<AccountList>(project, "accounts", accountsQuery(state));
  const accounts = pages.data?.pages.flatMap((page) => page.accounts) ?? [];
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">Accounts</h1>
        <div className="flex flex-wrap items-center gap-2">
          <SearchBox
            label="Search accounts"
            placeholder="Search by group id or name…"
            value={state.search}
            onSearch={onSearch}
          />
          <Segmented label="Sort" value={state.sort} options={sortOptions} onChange={(sort) => setState({ sort })} />
        </div>
      </div>
      <Card>
        {pages.isPending ? (
          <LoadingBlock height={240} label="Loading accounts" />
        ) : pages.isError ? (
          <ErrorState message={pages.error.message} onRetry={() => pages.refetch()} />
        ) : accounts.length === 0 ? (
          <EmptyState title={state.search ? "No account matches" : "No accounts yet"}>
            {state.search
              ? "Search matches a group id or a name from its start."
              : "Accounts come from group calls (and context.groupId)."}
          </EmptyState>
        ) : (
          <>
            <table className="w-full text-sm" data-testid="accounts-table">
              <thead>
                <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
                  <th className="pb-2 font-medium">Account</th>
                  <th className="pb-2 font-medium">Plan</th>
                  <th className="pb-2 text-right font-medium">Members</th>
                  <th className="pb-2 text-right font-medium">Events</th>
                  <th className="pb-2 pl-4 font-medium">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((account) => (
                  <tr key={account.groupId} className="border-t border-slate-100 hover:bg-slate-50">
                    <td className="py-2 pr-4">
                      <Link
                        href={`/projects/${project}/accounts/${encodeURIComponent(account.groupId)}`}
                        className="font-medium text-indigo-700 hover:underline"
                        data-testid="account-link"
                      >
                        {account.name ?? account.groupId}
                      </Link>
                      {account.name && <div className="font-mono text-xs text-slate-500">{account.groupId}</div>}
                    </td>
                    <td className="py-2 text-slate-700">{account.plan ?? "—"}</td>
                    <td className="py-2 text-right tabular-nums">{formatInteger(account.members)}</td>
                    <td className="py-2 text-right tabular-nums">{formatInteger(account.events)}</td>
                    <td className="py-2 pl-4 text-slate-700">
                      {account.lastSeen ? formatAgo(account.lastSeen, Date.parse(now)) : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore
              hasMore={pages.hasNextPage}
              loading={pages.isFetchingNextPage}
              onMore={() => pages.fetchNextPage()}
              shown={accounts.length}
              noun="accounts"
            />
          </>
        )}
      </Card>
    </div>
  );
}
