import type { ImpactBadge as Badge } from "@/lib/analytics/deploy-impact/result";

const STYLES: Record<Badge, { label: string; className: string; title: string }> = {
  clean: {
    label: "clean",
    className: "bg-emerald-50 text-emerald-700 ring-emerald-200",
    title: "No change in behaviour after this deploy",
  },
  suspect: {
    label: "suspect",
    className: "bg-amber-50 text-amber-800 ring-amber-200",
    title: "Some behaviour changed after this deploy",
  },
  regression: {
    label: "regression",
    className: "bg-red-50 text-red-700 ring-red-200",
    title: "A strong and large change in behaviour after this deploy",
  },
  pending: {
    label: "pending",
    className: "bg-slate-50 text-slate-600 ring-slate-200",
    title: "Less than an hour of data after this deploy yet",
  },
  insufficient: {
    label: "no baseline",
    className: "bg-slate-50 text-slate-600 ring-slate-200",
    title: "Fewer than 3 weeks of data before this deploy: nothing to compare with",
  },
};

/** A deploy's impact badge, the same in the list and on its page. */
export function ImpactBadge({ badge }: { badge: Badge }) {
  const style = STYLES[badge];
  return (
    <span
      className={`inline-flex rounded-full px-2 py-0.5 text-[11px] font-semibold ring-1 ${style.className}`}
      title={style.title}
      data-testid="impact-badge"
    >
      {style.label}
    </span>
  );
}
