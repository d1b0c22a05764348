"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { formatInstant } from "@/components/ui/format";
import { LoadMore } from "@/components/ui/load-more";
import { EmptyState, ErrorState, LoadingBlock } from "@/components/ui/states";
import type { PersonSummary } from "@/lib/analytics/persons";
import { personTimelineHref } from "./person-search-params";

type Row = PersonSummary & { steps: (string | null)[]; count?: number };

/**
 * The persons behind a number of a chart (the "who?"), a page at a time, each with the times of
 * the steps that put them there and a link into their timeline at that moment, those steps
 * highlighted. The same panel for every analysis; accounts (unit accounts) link to their page.
 */
export function PersonsPanel({
  project,
  title,
  timeZone,
  columns,
  highlight,
  query,
  moment,
  actions,
  countColumn,
  onClose,
}: {
  project: string;
  title: string;
  timeZone: string;
  /** The step names, for the times' columns. */
  columns: string[];
  /** The event names to highlight in a timeline opened from here. */
  highlight: string[];
  query: {
    isPending: boolean;
    isError: boolean;
    error: Error | null;
    data?: {
      pages: { persons: Row[]; accounts: { groupId: string; name: string | null; steps: (string | null)[] }[] }[];
    };
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    fetchNextPage: () => unknown;
    refetch: () => unknown;
  };
  /** Where a row's timeline opens, from its times (default: at the first, spanning first to last). */
  moment?: (steps: (string | null)[]) => { at?: string; from?: string; to?: string };
  /** Controls beside the title (a retained / lost switch…). */
  actions?: ReactNode;
  /** A column of each row's `count` (a trend point's events), headed so. */
  countColumn?: string;
  onClose: () => void;
}) {
  const momentOf =
    moment ??
    ((steps: (string | null)[]) => ({
      at: steps.find(Boolean) ?? undefined,
      from: steps.find(Boolean) ?? undefined,
      to: steps.filter(Boolean).at(-1) ?? undefined,
    }));
  const persons = query.data?.pages.flatMap((p) => p.persons) ?? [];
  const accounts = query.data?.pages.flatMap((p) => p.accounts) ?? [];
  const rows = [
    ...persons.map((p) => ({
      key: p.id,
      name: p.displayName,
      sub: p.distinctIds.slice(0, 1).join(""),
      steps: p.steps,
      count: p.count,
      href: personTimelineHref(project, p.id, { ...momentOf(p.steps), highlight }),
    })),
    ...accounts.map((a) => ({
      key: a.groupId,
      name: a.name ?? a.groupId,
      sub: a.groupId,
      steps: a.steps,
      count: undefined as number | undefined,
      href: `/projects/${project}/accounts/${encodeURIComponent(a.groupId)}`,
    })),
  ];
  return (
    <aside
      className="rounded-lg border border-indigo-200 bg-white shadow-lg"
      data-testid="persons-panel"
      aria-label={title}
    >
      <header className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
        <h2 className="text-sm font-semibold">{title}</h2>
        {actions && <div className="ml-auto mr-4">{actions}</div>}
        <button
          type="button"
          onClick={onClose}
          className="text-xs text-slate-500 hover:text-slate-800"
          aria-label="Close"
        >
          ✕
        </button>
      </header>
      <div className="max-h-[32rem] overflow-auto p-4">
        {query.isPending ? (
          <LoadingBlock height={160} label="Loading persons" />
        ) : query.isError ? (
          <ErrorState message={query.error?.message ?? "failed"} onRetry={() => query.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title="Nobody here" />
        ) : (
          <>
            <table className="w-full text-xs">
              <thead>
                <tr className="text-left uppercase tracking-wide text-slate-500">
                  <th className="pb-2 font-medium">Who</th>
                  {columns.map((c, i) => (
                    <th key={`${i}-${c}`} className="pb-2 font-medium">
                      {i + 1}. {c}
                    </th>
                  ))}
                  {countColumn && <th className="pb-2 text-right font-medium">{countColumn}</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.key} className="border-t border-slate-100">
                    <td className="py-1.5 pr-3">
                      <Link
                        href={row.href}
                        className="font-medium text-indigo-700 hover:underline"
                        data-testid="panel-person"
                      >
                        {row.name}
                      </Link>
                      <div className="font-mono text-slate-500">{row.sub}</div>
                    </td>
                    {columns.map((c, i) => (
                      <td key={`${i}-${c}`} className="py-1.5 pr-3 tabular-nums text-slate-700">
                        {row.steps[i] ? formatInstant(row.steps[i] as string, timeZone) : "—"}
                      </td>
                    ))}
                    {countColumn && <td className="py-1.5 text-right tabular-nums">{row.count ?? "—"}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore
              hasMore={query.hasNextPage}
              loading={query.isFetchingNextPage}
              onMore={() => query.fetchNextPage()}
              shown={rows.length}
              noun={accounts.length > 0 ? "accounts" : "persons"}
            />
          </>
        )}
      </div>
    </aside>
  );
}
