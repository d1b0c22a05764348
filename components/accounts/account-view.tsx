"use client";

import Link from "next/link";
import type { QueryError } from "@/components/analytics/use-analytics-query";
import { useRest, useRestPages } from "@/components/analytics/use-rest";
import { EChart } from "@/components/charts/echart";
import { PersonsTable } from "@/components/people/persons-table";
import { TimelineList } from "@/components/timeline/timeline-list";
import { timelineRows } from "@/components/timeline/timeline-rows";
import { Card } from "@/components/ui/card";
import { formatDay, formatInteger } from "@/components/ui/format";
import { LoadMore } from "@/components/ui/load-more";
import { PropertiesList } from "@/components/ui/properties-list";
import { EmptyState, ErrorState, LoadingBlock } from "@/components/ui/states";
import type { AccountProfile } from "@/lib/accounts/get-account";
import type { AccountActivity } from "@/lib/accounts/get-account-activity";
import type { PersonSummary } from "@/lib/analytics/persons";
import type { Timeline } from "@/lib/persons/timeline";
import { toAccountActivityChartOption } from "./activity-chart-option";
import { HealthSignals } from "./health-signals";

type AccountEvents = Timeline & { persons: PersonSummary[] };

/** An account: traits, health, activity with deploys, members, and the merged timeline of its members. */
export function AccountView({ project, groupId, timeZone }: { project: string; groupId: string; timeZone: string }) {
  const path = `accounts/${encodeURIComponent(groupId)}`;
  const profile = useRest<AccountProfile>(project, path);
  const activity = useRest<AccountActivity>(project, `${path}/activity`);
  const pages = useRestPages<AccountEvents>(project, `${path}/events`, { limit: "50" });
  const events = pages.data?.pages.flatMap((page) => page.events) ?? [];
  const deploys = pages.data?.pages.flatMap((page) => page.deploys) ?? [];
  const persons = new Map(pages.data?.pages.flatMap((page) => page.persons.map((p) => [p.id, p] as const)) ?? []);

  if (profile.isError) {
    return (profile.error as QueryError).code === "account_not_found" ? (
      <EmptyState title="No such account">
        No account has the group id <code>{groupId}</code>.{" "}
        <Link href={`/projects/${project}/accounts`}>All accounts</Link>.
      </EmptyState>
    ) : (
      <ErrorState message={profile.error.message} onRetry={() => profile.refetch()} />
    );
  }
  const account = profile.data;
  const name = account && typeof account.traits.name === "string" ? account.traits.name : groupId;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-2 text-sm text-slate-500">
        <Link href={`/projects/${project}/accounts`} className="hover:underline">
          Accounts
        </Link>
        <span aria-hidden>/</span>
        <h1 className="text-lg font-semibold text-slate-900">{name}</h1>
        {name !== groupId && <span className="font-mono text-xs">{groupId}</span>}
      </div>
      {!account ? (
        <LoadingBlock height={160} label="Loading account" />
      ) : (
        <div className="grid gap-4 lg:grid-cols-[20rem_1fr]">
          <Card title="Traits">
            <PropertiesList
              values={account.traits}
              empty="No traits sent (group calls set them)."
              testId="account-traits"
            />
          </Card>
          <Card title="Health">
            <HealthSignals account={account} />
          </Card>
        </div>
      )}
      <Card title="Activity (90 days)">
        {activity.isPending ? (
          <LoadingBlock height={260} label="Loading activity" />
        ) : activity.isError ? (
          <ErrorState message={activity.error.message} onRetry={() => activity.refetch()} />
        ) : (
          <EChart
            option={toAccountActivityChartOption(activity.data)}
            height={260}
            ariaLabel={`Events and active members per ${activity.data.interval}, ${activity.data.deploys.length} deploys marked`}
            testId="account-activity"
          />
        )}
      </Card>
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title={`Members${account ? ` (${formatInteger(account.memberCount)})` : ""}`}>
          {!account ? (
            <LoadingBlock height={200} label="Loading members" />
          ) : account.members.length === 0 ? (
            <EmptyState title="No members">People join an account with a group call.</EmptyState>
          ) : (
            <PersonsTable
              project={project}
              persons={account.members}
              now={Date.parse(account.computedAt)}
              extra={{
                title: "Events (30 d)",
                cell: (p) => formatInteger(account.members.find((m) => m.id === p.id)?.events30d ?? 0),
              }}
            />
          )}
        </Card>
        <Card title="Timeline of all members">
          {pages.isPending ? (
            <LoadingBlock height={300} label="Loading timeline" />
          ) : pages.isError ? (
            <ErrorState message={pages.error.message} onRetry={() => pages.refetch()} />
          ) : events.length === 0 ? (
            <EmptyState title="No events yet" />
          ) : (
            <>
              <TimelineList
                project={project}
                rows={timelineRows(events, deploys, { sessions: false, dayOf: (t) => formatDay(t, timeZone) })}
                timeZone={timeZone}
                persons={persons}
              />
              <LoadMore
                hasMore={pages.hasNextPage}
                loading={pages.isFetchingNextPage}
                onMore={() => pages.fetchNextPage()}
                shown={events.length}
                noun="events"
              />
            </>
          )}
        </Card>
      </div>
    </div>
  );
}
