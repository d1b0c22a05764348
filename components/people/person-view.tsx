"use client";

import Link from "next/link";
import { useQueryStates } from "nuqs";
import type { QueryError } from "@/components/analytics/use-analytics-query";
import { useRest, useRestPages } from "@/components/analytics/use-rest";
import { TimelineList } from "@/components/timeline/timeline-list";
import { timelineRows } from "@/components/timeline/timeline-rows";
import { Card } from "@/components/ui/card";
import { formatInstant, formatInteger } from "@/components/ui/format";
import { LoadMore } from "@/components/ui/load-more";
import { PropertiesList } from "@/components/ui/properties-list";
import { EmptyState, ErrorState, LoadingBlock } from "@/components/ui/states";
import type { PersonProfile } from "@/lib/persons/get-person";
import type { Timeline } from "@/lib/persons/timeline";
import { zoneOffsetMinutes } from "@/lib/time/zone";
import { DeletePersonButton } from "./delete-person-button";
import { personSearchParams, timelineQuery } from "./person-search-params";

/** A person: who they are (profile card) and what they did (the timeline, in sessions). */
export function PersonView({
  project,
  id,
  timeZone,
  canDelete = false,
}: {
  project: string;
  id: string;
  timeZone: string;
  /** An admin's: the delete button (DeletePersonButton). */
  canDelete?: boolean;
}) {
  const [state, setState] = useQueryStates(personSearchParams);
  const path = `persons/${encodeURIComponent(id)}`;
  const profile = useRest<PersonProfile>(project, path);
  const pages = useRestPages<Timeline>(project, `${path}/events`, timelineQuery(state));
  const events = pages.data?.pages.flatMap((page) => page.events) ?? [];
  const deploys = pages.data?.pages.flatMap((page) => page.deploys) ?? [];
  const highlight = {
    events: state.highlight ?? undefined,
    from: state.hfrom ?? undefined,
    to: state.hto ?? undefined,
  };
  const rows = timelineRows(events, deploys, { sessions: true, highlight });

  if (profile.isError) {
    return (profile.error as QueryError).code === "person_not_found" ? (
      <EmptyState title="No such person">
        Nobody in this project has the id <code>{id}</code>.{" "}
        <Link href={`/projects/${project}/people`}>Search people</Link>.
      </EmptyState>
    ) : (
      <ErrorState message={profile.error.message} onRetry={() => profile.refetch()} />
    );
  }
  const person = profile.data;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-2 text-sm text-slate-500">
        <Link href={`/projects/${project}/people`} className="hover:underline">
          People
        </Link>
        <span aria-hidden>/</span>
        <h1 className="text-lg font-semibold text-slate-900">{person ? nameOf(person) : "…"}</h1>
        {canDelete && person && <DeletePersonButton project={project} id={person.id} />}
      </div>
      <div className="grid gap-4 lg:grid-cols-[20rem_1fr]">
        <Card title="Profile">
          {person ? (
            <ProfileCard project={project} person={person} timeZone={timeZone} />
          ) : (
            <LoadingBlock height={200} label="Loading profile" />
          )}
        </Card>
        <Card
          title="Timeline"
          actions={
            <div className="flex flex-wrap items-center gap-2 text-xs">
              <select
                aria-label="Only these events"
                value={state.events?.[0] ?? ""}
                onChange={(event) => setState({ events: event.target.value ? [event.target.value] : null })}
                className="rounded border border-slate-200 bg-white px-2 py-1"
              >
                <option value="">All events</option>
                {person?.eventCounts.map((c) => (
                  <option key={c.event} value={c.event}>
                    {c.event} ({formatInteger(c.count)})
                  </option>
                ))}
              </select>
              <label className="flex items-center gap-1 text-slate-500">
                Jump to
                <input
                  type="date"
                  aria-label="Jump to date"
                  className="rounded border border-slate-200 px-1 py-0.5"
                  onChange={(event) =>
                    event.target.value && setState({ at: endOfLocalDay(event.target.value, timeZone) })
                  }
                />
              </label>
              {state.at && (
                <button type="button" className="text-indigo-700 underline" onClick={() => setState({ at: null })}>
                  newest
                </button>
              )}
            </div>
          }
        >
          {pages.isPending ? (
            <LoadingBlock height={300} label="Loading timeline" />
          ) : pages.isError ? (
            <ErrorState message={pages.error.message} onRetry={() => pages.refetch()} />
          ) : events.length === 0 ? (
            <EmptyState title="No events here">
              {state.events || state.at
                ? "Nothing matches: show all events, or the newest."
                : "This person has no events yet."}
            </EmptyState>
          ) : (
            <>
              {state.at && (
                <p className="mb-2 text-xs text-slate-500">
                  From {formatInstant(state.at, timeZone)}, with the half hour after it.{" "}
                  <button type="button" className="text-indigo-700 underline" onClick={() => setState({ at: null })}>
                    Show the newest events
                  </button>
                </p>
              )}
              <TimelineList project={project} rows={rows} timeZone={timeZone} scrollTo={state.at} />
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

/** The last second of a calendar day ("2026-05-03") in the project's zone, as an instant. */
function endOfLocalDay(day: string, timeZone: string): string {
  const utc = Date.parse(`${day}T23:59:59Z`);
  return new Date(utc - zoneOffsetMinutes(timeZone, new Date(utc)) * 60_000).toISOString();
}

const nameOf = (person: PersonProfile) =>
  String(person.properties.name ?? person.properties.email ?? person.distinctIds[0] ?? `person ${person.id}`);

function ProfileCard({ project, person, timeZone }: { project: string; person: PersonProfile; timeZone: string }) {
  return (
    <div className="flex flex-col gap-4 text-sm" data-testid="profile">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
        <dt className="text-slate-500">First seen</dt>
        <dd>{person.firstSeen ? formatInstant(person.firstSeen, timeZone) : "—"}</dd>
        <dt className="text-slate-500">Last seen</dt>
        <dd>{person.lastSeen ? formatInstant(person.lastSeen, timeZone) : "—"}</dd>
        <dt className="text-slate-500">Events</dt>
        <dd>{formatInteger(person.eventCount)}</dd>
        <dt className="text-slate-500">Identified</dt>
        <dd>{person.isIdentified ? "yes" : "anonymous"}</dd>
      </dl>
      <section>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Properties</h3>
        <PropertiesList
          values={person.properties}
          empty="None sent yet (identify traits appear here)."
          testId="person-properties"
        />
      </section>
      <section>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
          Identities ({formatInteger(person.distinctIds.length)})
        </h3>
        <ul className="flex flex-col gap-0.5 font-mono text-xs" data-testid="identities">
          {person.distinctIds.slice(0, 20).map((d) => (
            <li key={d} className="truncate" title={d}>
              {d}
            </li>
          ))}
        </ul>
      </section>
      {person.accounts.length > 0 && (
        <section>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Accounts</h3>
          <ul className="flex flex-col gap-0.5">
            {person.accounts.map((a) => (
              <li key={a.groupId}>
                <Link
                  href={`/projects/${project}/accounts/${encodeURIComponent(a.groupId)}`}
                  className="text-indigo-700 hover:underline"
                  data-testid="account-link"
                >
                  {a.name ?? a.groupId}
                </Link>
                {a.plan && <span className="ml-1 text-xs text-slate-500">{a.plan}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
