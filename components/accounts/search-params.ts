import { createLoader, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { accountSorts } from "@/lib/accounts/params";

/** The accounts list's URL state (`?search=acme&sort=members`). */
export const accountsSearchParams = {
  search: parseAsString,
  sort: parseAsStringLiteral(accountSorts).withDefault("last_seen"),
};

export const loadAccountsSearchParams = createLoader(accountsSearchParams);

export function accountsQuery(state: { search: string | null; sort: string }) {
  return { search: state.search ?? undefined, sort: state.sort };
}
