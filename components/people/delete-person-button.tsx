"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendRest } from "@/components/analytics/use-rest";

type Deletion = { removed: { events: number; distinctIds: number } };

/**
 * An admin deletes this person and everything recorded of them, after saying so twice; optionally
 * their ids' later events are dropped at ingestion (docs/data-lifecycle.md).
 */
export function DeletePersonButton({ project, id }: { project: string; id: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="ml-auto rounded border border-red-200 px-2 py-1 text-xs text-red-700 hover:bg-red-50"
      >
        Delete person…
      </button>
    );
  }
  return (
    <form
      aria-label="Delete person"
      className="ml-auto flex items-center gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-900"
      onSubmit={async (event) => {
        event.preventDefault();
        const suppress = new FormData(event.currentTarget).get("suppress") === "on";
        setBusy(true);
        try {
          const done = await sendRest<Deletion>(
            project,
            "DELETE",
            `persons/${encodeURIComponent(id)}?suppress=${suppress}`,
          );
          router.push(`/projects/${project}/people?deleted=${done.removed.events}`);
        } catch (error) {
          setProblem((error as Error).message);
          setBusy(false);
        }
      }}
    >
      <span>Delete their events, ids, memberships and counts? This cannot be undone.</span>
      <label className="flex items-center gap-1">
        <input type="checkbox" name="suppress" /> drop their later events too
      </label>
      <button type="submit" disabled={busy} className="rounded bg-red-700 px-2 py-1 font-medium text-white">
        {busy ? "Deleting…" : "Delete"}
      </button>
      <button type="button" onClick={() => setOpen(false)} className="underline">
        Cancel
      </button>
      {problem && <span role="alert">{problem}</span>}
    </form>
  );
}
