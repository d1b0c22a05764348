import Link from "next/link";
import { formatAgo, formatInteger } from "@/components/ui/format";
import type { PersonSummary } from "@/lib/analytics/persons";

/**
 * The one table of persons: the people list, an account's members, and every chart's drilldown
 * (the "who?"). Each row links to the person's page; `extra` adds a column of the caller's.
 */
export function PersonsTable({
  project,
  persons,
  now,
  extra,
}: {
  project: string;
  persons: PersonSummary[];
  now: number;
  extra?: { title: string; cell: (person: PersonSummary) => React.ReactNode };
}) {
  return (
    <table className="w-full text-sm" data-testid="persons-table">
      <thead>
        <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
          <th className="pb-2 font-medium">Person</th>
          <th className="pb-2 font-medium">Last seen</th>
          <th className="pb-2 font-medium">First seen</th>
          <th className="pb-2 text-right font-medium">Events</th>
          {extra && <th className="pb-2 text-right font-medium">{extra.title}</th>}
        </tr>
      </thead>
      <tbody>
        {persons.map((person) => (
          <tr key={person.id} className="border-t border-slate-100 hover:bg-slate-50">
            <td className="py-2 pr-4">
              <Link
                href={`/projects/${project}/people/${encodeURIComponent(person.id)}`}
                className="font-medium text-indigo-700 hover:underline"
                data-testid="person-link"
              >
                {person.displayName}
              </Link>
              <div className="truncate font-mono text-xs text-slate-500" title={person.distinctIds.join(", ")}>
                {person.distinctIds.slice(0, 2).join(", ")}
                {person.distinctIdCount > 2 && ` +${person.distinctIdCount - 2}`}
              </div>
            </td>
            <td className="py-2 text-slate-700" title={person.lastSeen ?? undefined}>
              {person.lastSeen ? formatAgo(person.lastSeen, now) : "—"}
            </td>
            <td className="py-2 text-slate-700" title={person.firstSeen ?? undefined}>
              {person.firstSeen ? formatAgo(person.firstSeen, now) : "—"}
            </td>
            <td className="py-2 text-right tabular-nums">{formatInteger(person.eventCount)}</td>
            {extra && <td className="py-2 text-right tabular-nums">{extra.cell(person)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
