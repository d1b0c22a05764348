"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { deployLabel } from "@/components/charts/deploy-markers";
import { formatInstant } from "@/components/ui/format";
import type { PersonSummary } from "@/lib/analytics/persons";
import type { TimelineEvent } from "@/lib/persons/timeline";
import type { TimelineRow } from "./timeline-rows";

type Props = {
  project: string;
  rows: TimelineRow[];
  timeZone: string;
  /** Who did each event (an account's timeline): linked to their page. */
  persons?: Map<string, PersonSummary>;
  /** Scroll to the first event at or before this instant once it is loaded (a link into the timeline). */
  scrollTo?: string | null;
};

const duration = (ms: number) => {
  const minutes = Math.round(ms / 60_000);
  return minutes < 1
    ? "under a minute"
    : minutes < 60
      ? `${minutes} min`
      : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
};

/** A timeline's rows: session headers, events (click for their properties), deploy markers. */
export function TimelineList({ project, rows, timeZone, persons, scrollTo }: Props) {
  const target = scrollTo
    ? rows.find(
        (row): row is Extract<TimelineRow, { kind: "event" }> =>
          row.kind === "event" && row.event.timestamp <= scrollTo,
      )
    : undefined;
  const targetRef = useRef<HTMLLIElement>(null);
  const scrolled = useRef<string | null>(null);
  useEffect(() => {
    if (target && scrolled.current !== target.key && targetRef.current) {
      scrolled.current = target.key;
      targetRef.current.scrollIntoView({ block: "center" });
    }
  }, [target]);

  return (
    <ol className="flex flex-col" data-testid="timeline">
      {rows.map((row) => {
        if (row.kind === "session") {
          return (
            <li
              key={row.key}
              className="mt-4 flex items-baseline gap-2 border-b border-slate-100 pb-1 first:mt-0"
              data-testid="session"
            >
              <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                Session · {formatInstant(row.start, timeZone)} – {formatInstant(row.end, timeZone).split(", ").at(-1)}
              </span>
              <span className="text-xs text-slate-400">
                {row.events} event{row.events === 1 ? "" : "s"} ·{" "}
                {duration(Date.parse(row.end) - Date.parse(row.start))}
              </span>
            </li>
          );
        }
        if (row.kind === "day") {
          return (
            <li
              key={row.key}
              className="mt-4 border-b border-slate-100 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 first:mt-0"
              data-testid="day"
            >
              {row.day}
            </li>
          );
        }
        if (row.kind === "deploy") {
          return (
            <li
              key={row.key}
              className="my-1 flex items-center gap-2 text-xs text-amber-700"
              data-testid="timeline-deploy"
            >
              <span aria-hidden>▼</span>
              <span>
                deploy <b>{deployLabel(row.deploy)}</b> · {formatInstant(row.deploy.timestamp, timeZone)}
                {row.deploy.description && <span className="text-slate-500"> — {row.deploy.description}</span>}
              </span>
              <span className="h-px flex-1 bg-amber-200" aria-hidden />
            </li>
          );
        }
        return (
          <li
            key={row.key}
            ref={row === target ? targetRef : undefined}
            data-testid={row === target ? "timeline-target" : undefined}
          >
            <EventRow
              project={project}
              event={row.event}
              highlighted={row.highlighted}
              timeZone={timeZone}
              person={persons?.get(row.event.personId)}
            />
          </li>
        );
      })}
    </ol>
  );
}

function EventRow({
  project,
  event,
  highlighted,
  timeZone,
  person,
}: {
  project: string;
  event: TimelineEvent;
  highlighted: boolean;
  timeZone: string;
  person?: PersonSummary;
}) {
  const [open, setOpen] = useState(false);
  const context = (
    [
      ["path", event.path],
      ["os", event.os],
      ["browser", event.browser],
      ["device", event.deviceType],
      ["app", event.appVersion],
      ["country", event.country],
      ["distinct id", event.distinctId],
      ["session id", event.sessionId],
    ] as const
  ).filter(([, value]) => value);
  return (
    <div
      className={`rounded-md px-2 py-1.5 ${highlighted ? "bg-amber-50 ring-1 ring-amber-300" : "hover:bg-slate-50"}`}
      data-testid="timeline-event"
      data-highlighted={highlighted || undefined}
    >
      <button
        type="button"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        className="flex w-full items-baseline gap-3 text-left text-sm"
      >
        <span className="w-14 shrink-0 tabular-nums text-xs text-slate-500" title={event.timestamp}>
          {formatInstant(event.timestamp, timeZone).split(", ").at(-1)}
        </span>
        <span className="font-mono text-[13px] text-slate-800">{event.event}</span>
        {event.path && <span className="truncate text-xs text-slate-500">{event.path}</span>}
        {person && (
          <Link
            href={`/projects/${project}/people/${encodeURIComponent(person.id)}?at=${encodeURIComponent(event.timestamp)}`}
            className="ml-auto shrink-0 text-xs text-indigo-700 hover:underline"
            onClick={(e) => e.stopPropagation()}
          >
            {person.displayName}
          </Link>
        )}
      </button>
      {open && (
        <dl
          className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded bg-slate-50 p-3 text-xs"
          data-testid="event-properties"
        >
          {context.map(([name, value]) => (
            <Entry key={name} name={name} value={value} muted />
          ))}
          {Object.entries(event.properties).map(([name, value]) => (
            <Entry key={name} name={name} value={value} />
          ))}
          {Object.keys(event.properties).length === 0 && context.length === 0 && (
            <dd className="col-span-2 text-slate-500">No properties.</dd>
          )}
        </dl>
      )}
    </div>
  );
}

function Entry({ name, value, muted = false }: { name: string; value: unknown; muted?: boolean }) {
  return (
    <>
      <dt className={`font-mono ${muted ? "text-slate-400" : "text-slate-600"}`}>{name}</dt>
      <dd className="break-all font-mono text-slate-800">
        {typeof value === "string" ? value : JSON.stringify(value)}
      </dd>
    </>
  );
}
