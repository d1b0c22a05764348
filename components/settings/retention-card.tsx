"use client";

import { useState } from "react";
import { sendRest } from "@/components/analytics/use-rest";
import { Card } from "@/components/ui/card";
import { Problem } from "@/components/ui/states";
import { quietButtonClass, useChange } from "./form-bits";

type Run = {
  retentionDays: number | null;
  cutoff?: string;
  eventsDeleted?: number;
  partitionsDropped?: string[];
  done?: boolean;
};

/** Retention runs every hour; an admin can run it now and see what it removed. */
export function RetentionCard({ project }: { project: string }) {
  const [run, setRun] = useState<Run | null>(null);
  const { problem, act } = useChange(project, null);
  const [busy, setBusy] = useState(false);
  return (
    <Card
      title="Data retention"
      actions={
        <button
          type="button"
          disabled={busy}
          className={quietButtonClass}
          onClick={async () => {
            setBusy(true);
            await act(async () => setRun(await sendRest<Run>(project, "POST", "retention")));
            setBusy(false);
          }}
        >
          {busy ? "Running…" : "Run now"}
        </button>
      }
    >
      <p className="text-sm text-slate-600">
        Events older than the retention setting are removed every hour: whole months at once, the edge in bounded
        batches, with the counts derived from them (docs/data-lifecycle.md). Deleting one person is on their page.
      </p>
      {run && (
        <p role="status" className="mt-2 text-sm text-slate-800">
          {run.retentionDays === null
            ? "This project keeps everything (no retention set)."
            : `Cutoff ${new Date(run.cutoff ?? "").toLocaleString()}: ${run.eventsDeleted ?? 0} events deleted, ${
                run.partitionsDropped?.length ?? 0
              } months dropped${run.done ? "" : "; more remains for the next run"}.`}
        </p>
      )}
      <Problem message={problem} />
    </Card>
  );
}
