import { formatInteger, formatPercent } from "@/components/ui/format";
import type { DataQualityResult } from "@/lib/analytics/data-quality/result";
import { QUALITY_COLORS } from "./data-quality-chart-option";

/** The range's four numbers: what was stored, refused, changed, and dropped as a repeat. */
export function SummaryCards({ result }: { result: DataQualityResult }) {
  const { accepted, rejected, altered } = result.totals;
  const received = accepted + rejected + result.duplicatesDropped;
  const cards = [
    { key: "accepted", label: "Accepted", value: accepted, note: "events stored (by event time)" },
    {
      key: "rejected",
      label: "Rejected",
      value: rejected,
      note: received > 0 ? `${formatPercent(rejected / received)} of what was sent` : "not stored",
    },
    { key: "altered", label: "Altered", value: altered, note: "stored, not as sent (per change)" },
    { key: "duplicates", label: "Duplicates dropped", value: result.duplicatesDropped, note: "retries stored once" },
  ] as const;
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      {cards.map((card) => (
        <div
          key={card.key}
          data-testid={`summary-${card.key}`}
          className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm"
          style={{ borderTopColor: QUALITY_COLORS[card.key], borderTopWidth: 3 }}
        >
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{card.label}</p>
          <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid="summary-value">
            {formatInteger(card.value)}
          </p>
          <p className="text-xs text-slate-500">{card.note}</p>
        </div>
      ))}
    </div>
  );
}
