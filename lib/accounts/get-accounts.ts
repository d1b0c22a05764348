import "server-only";
import { type Db, rows } from "@/db/connect";
import { keysetPage } from "@/lib/analytics/cursor";
import { readOnly } from "@/lib/analytics/read-only";
import { type PiiAccess, refusePiiProbes, showPii } from "@/lib/persons/pii";
import type { Project } from "@/lib/projects/projects";
import { buildAccountsQuery } from "./accounts-query";
import type { AccountListParams } from "./params";

export type AccountSummary = {
  groupId: string;
  name: string | null;
  plan: string | null;
  traits: Record<string, unknown>;
  members: number;
  events: number;
  lastSeen: string | null;
};
export type AccountList = { accounts: AccountSummary[]; nextCursor: string | null };

/** GET …/accounts: one page of accounts (accounts-query.ts). */
export function getAccounts(
  db: Db,
  project: Project,
  params: AccountListParams,
  access: PiiAccess,
): Promise<AccountList> {
  refusePiiProbes(null, access, params.search);
  return readOnly(db, async (tx) => {
    type Row = Omit<AccountSummary, "name" | "plan"> & { id: string; key: string };
    const page = await rows<Row>(tx, buildAccountsQuery(project.id, params));
    const numericKey = params.sort === "members" || params.sort === "events";
    const { shown, nextCursor } = keysetPage(page, params.limit, (last) => [
      numericKey ? Number(last.key) : last.key,
      Number(last.id),
    ]);
    return {
      accounts: shown.map(({ id: _id, key: _key, ...account }) =>
        showPii(
          {
            ...account,
            name: typeof account.traits.name === "string" ? account.traits.name : null,
            plan: typeof account.traits.plan === "string" ? account.traits.plan : null,
            lastSeen: account.lastSeen,
          },
          access,
        ),
      ),
      nextCursor,
    };
  });
}
