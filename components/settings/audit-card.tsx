"use client";

import { useRestPages } from "@/components/analytics/use-rest";
import { Card } from "@/components/ui/card";
import { LoadMore } from "@/components/ui/load-more";
import { EmptyState, ErrorState, LoadingBlock } from "@/components/ui/states";

type Entry = { id: number; at: string; actorLabel: string; action: string; target: string | null; details: object };

/** Who did what here, newest first: sign-ins of members, keys, members, settings, deletions. */
export function AuditCard({ project }: { project: string }) {
  const pages = useRestPages<{ entries: Entry[]; nextCursor: string | null }>(project, "audit");
  const entries = pages.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <Card title="Audit log">
      {pages.isPending ? (
        <LoadingBlock height={120} label="Loading the audit log" />
      ) : pages.isError ? (
        <ErrorState message={pages.error.message} onRetry={() => pages.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState title="Nothing recorded yet" />
      ) : (
        <ol aria-label="Audit log" className="flex flex-col text-sm">
          {entries.map((e) => (
            <li key={e.id} className="grid grid-cols-[11rem_12rem_1fr] gap-3 border-t border-slate-100 py-1.5">
              <time className="text-xs text-slate-500" dateTime={e.at}>
                {new Date(e.at).toLocaleString()}
              </time>
              <span className="truncate">{e.actorLabel}</span>
              <span>
                <strong className="font-medium">{e.action.replaceAll("_", " ")}</strong>
                {e.target ? <span className="text-slate-500"> · {e.target}</span> : null}
                {Object.keys(e.details).length > 0 && (
                  <span className="ml-2 font-mono text-xs text-slate-500">{JSON.stringify(e.details)}</span>
                )}
              </span>
            </li>
          ))}
        </ol>
      )}
      {entries.length > 0 && (
        <LoadMore
          hasMore={pages.hasNextPage}
          loading={pages.isFetchingNextPage}
          onMore={() => pages.fetchNextPage()}
          shown={entries.length}
          noun="entries"
        />
      )}
    </Card>
  );
}
