"use client";

import { useQueryStates } from "nuqs";
import { useCallback } from "react";
import { useRestPages } from "@/components/analytics/use-rest";
import { Card } from "@/components/ui/card";
import { formatInstant } from "@/components/ui/format";
import { LoadMore } from "@/components/ui/load-more";
import { SearchBox } from "@/components/ui/search-box";
import { Segmented } from "@/components/ui/segmented";
import { EmptyState, ErrorState, LoadingBlock } from "@/components/ui/states";
import type { PersonList } from "@/lib/persons/get-persons";
import { PersonsTable } from "./persons-table";
import { peopleQuery, peopleSearchParams } from "./search-params";

const sortOptions = [
  { value: "last_seen", label: "Last seen" },
  { value: "first_seen", label: "First seen" },
  { value: "event_count", label: "Most events" },
] as const;

/** The people list: search by id or email, who did an event, three orders, pages as you scroll. */
export function PeopleView({ project, timeZone, now }: { project: string; timeZone: string; now: string }) {
  const [state, setState] = useQueryStates(peopleSearchParams);
  const onSearch = useCallback((search: string | null) => void setState({ search }), [setState]);
  const pages = useRestPages<PersonList>(project, "persons", peopleQuery(state));
  const persons = pages.data?.pages.flatMap((page) => page.persons) ?? [];

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">People</h1>
        <div className="flex flex-wrap items-center gap-2">
          <SearchBox
            label="Search people"
            placeholder="Search by id or email…"
            value={state.search}
            onSearch={onSearch}
          />
          <Segmented label="Sort" value={state.sort} options={sortOptions} onChange={(sort) => setState({ sort })} />
        </div>
      </div>
      {state.did && (
        <p className="flex items-center gap-2 text-sm text-slate-600" data-testid="did-filter">
          <span className="rounded-full bg-indigo-50 px-2.5 py-1 text-indigo-800">
            did <span className="font-mono">{state.did}</span>
            {state.from && state.to && (
              <>
                {" "}
                between {formatInstant(state.from, timeZone)} and {formatInstant(state.to, timeZone)}
              </>
            )}
          </span>
          <button
            type="button"
            className="text-xs text-slate-500 underline"
            onClick={() => setState({ did: null, from: null, to: null })}
          >
            clear
          </button>
        </p>
      )}
      <Card>
        {pages.isPending ? (
          <LoadingBlock height={240} label="Loading people" />
        ) : pages.isError ? (
          <ErrorState message={pages.error.message} onRetry={() => pages.refetch()} />
        ) : persons.length === 0 ? (
          <EmptyState title={state.search || state.did ? "Nobody matches" : "No people yet"}>
            {state.search
              ? "Search matches a distinct id or an email from its start, or a person id."
              : "People appear here as soon as their first event arrives."}
          </EmptyState>
        ) : (
          <>
            <PersonsTable project={project} persons={persons} now={Date.parse(now)} />
            <LoadMore
              hasMore={pages.hasNextPage}
              loading={pages.isFetchingNextPage}
              onMore={() => pages.fetchNextPage()}
              shown={persons.length}
              noun="people"
            />
          </>
        )}
      </Card>
    </div>
  );
}
