import type { ReactNode } from "react";
import { formatInstant } from "@/components/ui/format";
import type { ResultMeta } from "@/lib/analytics/common";

/**
 * "How this was counted", the same panel under every analysis (DESIGN §1): the analysis' own
 * rules (`children`, list items), then how identities are counted and how fresh the data is.
 */
export function HowComputedPanel({ meta, children }: { meta: ResultMeta & { identity: string }; children: ReactNode }) {
  return (
    <details className="mt-3 rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600" data-testid="how-computed">
      <summary className="cursor-pointer font-medium text-slate-700">How this was counted</summary>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {children}
        <li>{meta.identity}</li>
        <li>
          Data received until {meta.lastReceivedAt ? formatInstant(meta.lastReceivedAt, meta.timeZone) : "—"}; computed{" "}
          {formatInstant(meta.computedAt, meta.timeZone)}.
        </li>
      </ul>
    </details>
  );
}
