import { createLoader, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { personSorts } from "@/lib/persons/params";

/** The people list's URL state (`?search=ada&sort=event_count&did=signup&from=…&to=…`): shareable. */
export const peopleSearchParams = {
  search: parseAsString,
  sort: parseAsStringLiteral(personSorts).withDefault("last_seen"),
  did: parseAsString,
  from: parseAsString,
  to: parseAsString,
};

export const loadPeopleSearchParams = createLoader(peopleSearchParams);

/** URL state → the API's query (unset values left out). Pure: the server prefetch and the browser share it. */
export function peopleQuery(state: {
  search: string | null;
  sort: string;
  did: string | null;
  from: string | null;
  to: string | null;
}) {
  return {
    search: state.search ?? undefined,
    sort: state.sort,
    did: state.did ?? undefined,
    from: state.did ? (state.from ?? undefined) : undefined,
    to: state.did ? (state.to ?? undefined) : undefined,
  };
}
