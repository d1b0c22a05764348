import { EChart } from "@/components/charts/echart";
import { Card } from "@/components/ui/card";
import { formatInteger, formatRate } from "@/components/ui/format";
import type { IngestionHealth } from "@/lib/analytics/data-quality/ingestion-health";
import { toIngestionChartOption } from "./ingestion-chart-option";

const STATUS = {
  healthy: { label: "Keeping up", style: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  falling_behind: { label: "Falling behind", style: "bg-red-50 text-red-800 ring-red-200" },
  idle: { label: "No requests", style: "bg-slate-50 text-slate-700 ring-slate-200" },
} as const;

const ms = (value: number | null) => (value === null ? "—" : `${formatInteger(Math.round(value))} ms`);

/**
 * Ingestion's own health over the last hour (docs/data-quality.md#ingestion-health): whether the
 * server keeps up with what senders send, before anyone reads a dip in the charts.
 */
export function IngestionHealthCard({ health, timeZone }: { health: IngestionHealth; timeZone: string }) {
  const status = STATUS[health.status];
  const lastWhole = health.minutes.at(-2);
  const stats = [
    {
      key: "rate",
      label: "Events stored",
      value: formatRate(health.eventsPerSecond),
      note: `hour average · ${formatRate(lastWhole?.eventsPerSecond ?? 0)} the last whole minute`,
    },
    {
      key: "latency",
      label: "p95 answer time",
      value: ms(health.latencyMs.p95),
      note: `p50 ${ms(health.latencyMs.p50)} · p99 ${ms(health.latencyMs.p99)} · ${formatInteger(health.requests)} requests`,
    },
    {
      key: "queue",
      label: "Queue depth",
      value: formatInteger(health.queueMax),
      note: "most events waiting for the writer",
    },
    {
      key: "refused",
      label: "Requests refused",
      value: formatInteger(health.refused),
      note:
        health.refusedByCode.length === 0
          ? "none"
          : // Every code, most frequent first: the line truncates and its title shows them all.
            health.refusedByCode.map((r) => `${r.code} ${formatInteger(r.count)}`).join(" · "),
    },
  ];
  return (
    <Card
      title="Ingestion health · last hour"
      actions={
        <span
          data-testid="ingestion-status"
          data-status={health.status}
          className={`rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ${status.style}`}
        >
          {status.label}
        </span>
      }
    >
      <div data-testid="ingestion-health" className="flex flex-col gap-3">
        {health.concerns.length > 0 && (
          <ul className="rounded-md border border-red-200 bg-red-50 px-4 py-2 text-sm text-red-900" role="alert">
            {health.concerns.map((concern) => (
              <li key={concern}>{concern}</li>
            ))}
          </ul>
        )}
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {stats.map((stat) => (
            <div key={stat.key} data-testid={`ingestion-${stat.key}`} className="rounded-md bg-slate-50 px-3 py-2">
              <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{stat.label}</dt>
              <dd className="mt-0.5 text-xl font-semibold tabular-nums text-slate-900">{stat.value}</dd>
              <dd className="truncate text-xs text-slate-500" title={stat.note}>
                {stat.note}
              </dd>
            </div>
          ))}
        </dl>
        {health.status === "idle" ? (
          <p className="text-sm text-slate-500">
            No write-key request reached this server in the last hour. Requests refused before their key names this
            project (an unknown key) cannot count here.
          </p>
        ) : (
          <EChart
            option={toIngestionChartOption(health.minutes, timeZone)}
            height={220}
            ariaLabel="Ingestion per minute over the last hour: events stored per second, p95 answer time, requests refused"
            testId="ingestion-chart"
          />
        )}
        <p className="text-xs text-slate-500">
          Counted by each app process for the write-key requests it answers, written every {health.flushSeconds} s: this
          minute may be up to {health.flushSeconds} s behind.
        </p>
      </div>
    </Card>
  );
}
