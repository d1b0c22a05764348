"use client";

import { useState } from "react";
import { sendRest, useRest } from "@/components/analytics/use-rest";
import { Card } from "@/components/ui/card";
import { ErrorState, LoadingBlock, Problem } from "@/components/ui/states";
import { buttonClass, inputClass, Label, quietButtonClass, ShownOnce, useChange } from "./form-bits";

type Key = {
  prefix: string;
  kind: "write" | "secret";
  name: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
const SCOPES = ["query:read", "pii:read", "deploys:write", "admin"] as const;

const state = (k: Key) => {
  if (!k.revokedAt) return "live";
  const at = new Date(k.revokedAt);
  return at > new Date() ? `live until ${at.toLocaleString()}` : "revoked";
};

/** The project's keys: secret keys made with scopes and shown once, revoked; the write key rotated. */
export function KeysCard({ project }: { project: string }) {
  const keys = useRest<{ keys: Key[] }>(project, "keys");
  const [shown, setShown] = useState<{ label: string; value: string } | null>(null);
  const { problem, act } = useChange(project, "keys");
  return (
    <Card
      title="Keys"
      actions={
        <button
          type="button"
          className={quietButtonClass}
          onClick={() =>
            act(async () => {
              const made = await sendRest<{ token: string; previousUntil: string }>(
                project,
                "POST",
                "keys/rotate-write",
                {
                  overlapHours: 24,
                },
              );
              setShown({
                label: `New write key: the old one works until ${new Date(made.previousUntil).toLocaleString()}`,
                value: made.token,
              });
            })
          }
        >
          Rotate write key
        </button>
      }
    >
      {keys.isPending ? (
        <LoadingBlock height={100} label="Loading keys" />
      ) : keys.isError ? (
        <ErrorState message={keys.error.message} onRetry={() => keys.refetch()} />
      ) : (
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="py-1 font-medium">Key</th>
              <th className="py-1 font-medium">Name</th>
              <th className="py-1 font-medium">Scopes</th>
              <th className="py-1 font-medium">State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data.keys.map((k) => (
              <tr key={`${k.prefix}${k.createdAt}`} className="border-t border-slate-100">
                <td className="py-1.5 font-mono text-xs">{k.prefix}…</td>
                <td>{k.name}</td>
                <td className="text-xs">{k.kind === "write" ? "ingestion" : k.scopes.join(", ")}</td>
                <td className="text-xs">{state(k)}</td>
                <td className="text-right">
                  {state(k) !== "revoked" && (
                    <button
                      type="button"
                      className={quietButtonClass}
                      onClick={() => act(() => sendRest(project, "DELETE", `keys/${k.prefix}`))}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="mt-4 flex flex-wrap items-end gap-3"
        aria-label="New secret key"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          await act(async () => {
            const made = await sendRest<{ token: string }>(project, "POST", "keys", {
              name: form.get("name"),
              scopes: form.getAll("scopes"),
            });
            setShown({ label: "New secret key (shown once: store it now)", value: made.token });
          });
        }}
      >
        <Label text="New secret key">
          <input name="name" required className={inputClass} placeholder="CI deploy notifier" />
        </Label>
        {SCOPES.map((scope) => (
          <label key={scope} className="flex items-center gap-1 pb-2 text-xs text-slate-600">
            <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === "query:read"} /> {scope}
          </label>
        ))}
        <button type="submit" className={buttonClass}>
          Create key
        </button>
      </form>
      {shown && <ShownOnce label={shown.label} value={shown.value} />}
      <Problem message={problem} />
    </Card>
  );
}
