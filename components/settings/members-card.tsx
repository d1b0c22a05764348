"use client";

import { useState } from "react";
import { sendRest, useRest } from "@/components/analytics/use-rest";
import { Card } from "@/components/ui/card";
import { ErrorState, LoadingBlock, Problem } from "@/components/ui/states";
import { buttonClass, inputClass, Label, quietButtonClass, ShownOnce, useChange } from "./form-bits";

type Member = { userId: string; email: string; role: string; canSeePii: boolean; disabled: boolean };
type Invitation = { id: number; email: string; role: string; canSeePii: boolean; expiresAt: string };
const ROLES = ["viewer", "member", "admin"] as const;

/** Members, their roles and PII permission; invitations by link (shown once to the admin). */
export function MembersCard({ project }: { project: string }) {
  const members = useRest<{ members: Member[]; invitations: Invitation[] }>(project, "members");
  const [link, setLink] = useState<string | null>(null);
  const { problem, act } = useChange(project, "members");
  return (
    <Card title="Members">
      {members.isPending ? (
        <LoadingBlock height={120} label="Loading members" />
      ) : members.isError ? (
        <ErrorState message={members.error.message} onRetry={() => members.refetch()} />
      ) : (
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="py-1 font-medium">Email</th>
              <th className="py-1 font-medium">Role</th>
              <th className="py-1 font-medium">Personal data</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {members.data.members.map((m) => (
              <tr key={m.userId} className="border-t border-slate-100">
                <td className="py-1.5">
                  {m.email}
                  {m.disabled && <span className="ml-2 text-xs text-red-700">disabled</span>}
                </td>
                <td>
                  <select
                    aria-label={`Role of ${m.email}`}
                    className={inputClass}
                    value={m.role}
                    onChange={(e) =>
                      act(() =>
                        sendRest(project, "PATCH", `members/${m.userId}`, {
                          role: e.target.value,
                          canSeePii: m.canSeePii,
                        }),
                      )
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${m.email} can see personal data`}
                    checked={m.role === "admin" || m.canSeePii}
                    disabled={m.role === "admin"}
                    onChange={(e) =>
                      act(() =>
                        sendRest(project, "PATCH", `members/${m.userId}`, {
                          role: m.role,
                          canSeePii: e.target.checked,
                        }),
                      )
                    }
                  />
                </td>
                <td className="text-right">
                  <button
                    type="button"
                    className={quietButtonClass}
                    onClick={() => act(() => sendRest(project, "DELETE", `members/${m.userId}`))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
            {members.data.invitations.map((i) => (
              <tr key={`i${i.id}`} className="border-t border-slate-100 text-slate-500">
                <td className="py-1.5">
                  {i.email}{" "}
                  <span className="text-xs">(invited, until {new Date(i.expiresAt).toLocaleDateString()})</span>
                </td>
                <td>{i.role}</td>
                <td>{i.role === "admin" || i.canSeePii ? "yes" : "no"}</td>
                <td className="text-right">
                  <button
                    type="button"
                    className={quietButtonClass}
                    onClick={() => act(() => sendRest(project, "DELETE", `invitations/${i.id}`))}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="mt-3 text-xs text-slate-500">
        Instance admins (made with <code>npm run project -- admin</code>) are admins of every project and are not listed
        here. Viewers and members read (saving analyses, a member's right, is not in Loupe yet); admins manage this
        page. Without &ldquo;personal data&rdquo;, emails, phones and card numbers are masked everywhere.
      </p>
      <form
        className="mt-4 flex flex-wrap items-end gap-3"
        aria-label="Invite"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          await act(async () => {
            const made = await sendRest<{ link: string }>(project, "POST", "invitations", {
              email: form.get("email"),
              role: form.get("role"),
              canSeePii: form.get("pii") === "on",
            });
            setLink(made.link);
          });
        }}
      >
        <Label text="Invite by email">
          <input name="email" type="email" required className={inputClass} placeholder="name@example.com" />
        </Label>
        <Label text="Role">
          <select name="role" className={inputClass} defaultValue="viewer">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </Label>
        <label className="flex items-center gap-1 pb-2 text-xs text-slate-600">
          <input type="checkbox" name="pii" /> can see personal data
        </label>
        <button type="submit" className={buttonClass}>
          Make invite link
        </button>
      </form>
      {link && <ShownOnce label="Invite link (valid 7 days, once): send it to them" value={link} />}
      <Problem message={problem} />
    </Card>
  );
}
