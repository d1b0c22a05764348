"use client";

import { useState } from "react";
import { sendRest, useRest } from "@/components/analytics/use-rest";
import { Card } from "@/components/ui/card";
import { ErrorState, LoadingBlock, Problem } from "@/components/ui/states";
import { buttonClass, inputClass, Label, useChange } from "./form-bits";

type Settings = {
  name: string;
  timeZone: string;
  settings: {
    retentionDays?: number;
    ingestRateLimit?: number;
    ipHandling?: "truncate" | "discard";
    keyEvents?: string[];
    pii?: { drop?: string[]; hash?: string[]; redactPatterns?: boolean; stripUrlSecrets?: boolean };
  };
};

const list = (value: FormDataEntryValue | null) =>
  String(value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const optionalNumber = (value: FormDataEntryValue | null) => (String(value ?? "").trim() ? Number(value) : null);

/** Name, time zone, retention, the ingestion rate limit, key events, PII rules and IP handling. */
export function GeneralCard({ project }: { project: string }) {
  const current = useRest<Settings>(project, "settings");
  const { problem, act } = useChange(project, "settings");
  const [saved, setSaved] = useState<string | null>(null);
  if (current.isPending) return <LoadingBlock height={200} label="Loading settings" />;
  if (current.isError) return <ErrorState message={current.error.message} onRetry={() => current.refetch()} />;
  const s = current.data;
  return (
    <Card title="Project settings">
      <form
        aria-label="Project settings"
        className="grid grid-cols-2 gap-4"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setSaved(null);
          await act(async () => {
            const answer = await sendRest<{ changed: string[] }>(project, "PATCH", "settings", {
              name: form.get("name"),
              timeZone: form.get("timeZone"),
              retentionDays: optionalNumber(form.get("retentionDays")),
              ingestRateLimit: optionalNumber(form.get("ingestRateLimit")),
              ipHandling: form.get("ipHandling"),
              keyEvents: list(form.get("keyEvents")),
              pii: {
                drop: list(form.get("drop")),
                hash: list(form.get("hash")),
                redactPatterns: form.get("redactPatterns") === "on",
                stripUrlSecrets: form.get("stripUrlSecrets") === "on",
              },
            });
            setSaved(answer.changed.length ? `Saved: ${answer.changed.join(", ")}.` : "Nothing changed.");
          });
        }}
      >
        <Label text="Name">
          <input name="name" defaultValue={s.name} className={inputClass} required />
        </Label>
        <Label text="Time zone (only while the project has no events)">
          <input name="timeZone" defaultValue={s.timeZone} className={inputClass} required />
        </Label>
        <Label text="Keep raw events for (days; empty: forever)">
          <input
            name="retentionDays"
            type="number"
            min={1}
            defaultValue={s.settings.retentionDays ?? ""}
            className={inputClass}
          />
        </Label>
        <Label text="Ingestion rate limit (events/s; empty: the server's default)">
          <input
            name="ingestRateLimit"
            type="number"
            min={1}
            defaultValue={s.settings.ingestRateLimit ?? ""}
            className={inputClass}
          />
        </Label>
        <Label text="Key events, in the order people go through them (comma-separated; empty: the five most frequent)">
          <input name="keyEvents" defaultValue={s.settings.keyEvents?.join(", ") ?? ""} className={inputClass} />
        </Label>
        <div />
        <Label text="Properties dropped before storage (comma-separated)">
          <input name="drop" defaultValue={s.settings.pii?.drop?.join(", ") ?? ""} className={inputClass} />
        </Label>
        <Label text="Properties hashed before storage">
          <input name="hash" defaultValue={s.settings.pii?.hash?.join(", ") ?? ""} className={inputClass} />
        </Label>
        <Label text="IP addresses">
          <select name="ipHandling" defaultValue={s.settings.ipHandling ?? "truncate"} className={inputClass}>
            <option value="truncate">truncated (/24, /48)</option>
            <option value="discard">not stored</option>
          </select>
        </Label>
        <div className="flex flex-col justify-end gap-1 text-xs text-slate-600">
          <label className="flex items-center gap-1">
            <input type="checkbox" name="redactPatterns" defaultChecked={s.settings.pii?.redactPatterns !== false} />
            redact emails, phones and card numbers in values
          </label>
          <label className="flex items-center gap-1">
            <input type="checkbox" name="stripUrlSecrets" defaultChecked={s.settings.pii?.stripUrlSecrets !== false} />
            remove secret-named URL parameters
          </label>
        </div>
        <div className="col-span-2 flex items-center gap-3">
          <button type="submit" className={buttonClass}>
            Save settings
          </button>
          {saved && (
            <span role="status" className="text-sm text-slate-600">
              {saved}
            </span>
          )}
        </div>
      </form>
      <Problem message={problem} />
    </Card>
  );
}
