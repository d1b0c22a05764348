import { formatInteger } from "@/components/ui/format";
import type { AccountProfile } from "@/lib/accounts/get-account";

/** Whether an account is healthy: active members now vs before, key events adopted, last activity. */
export function HealthSignals({ account }: { account: AccountProfile }) {
  const { activeMembers, keyEvents, daysSinceLastActivity } = account.health;
  const change = activeMembers.previous4Weeks
    ? (activeMembers.last4Weeks - activeMembers.previous4Weeks) / activeMembers.previous4Weeks
    : null;
  return (
    <div className="flex flex-col gap-4 text-sm" data-testid="health">
      <div className="grid grid-cols-2 gap-3">
        <div>
          <div className="text-xs text-slate-500">Active members, last 4 weeks</div>
          <div className="text-xl font-semibold tabular-nums">
            {formatInteger(activeMembers.last4Weeks)}
            <span className="text-sm font-normal text-slate-500"> / {formatInteger(account.memberCount)}</span>
          </div>
          <div
            className={`text-xs ${change === null ? "text-slate-500" : change < 0 ? "text-red-700" : "text-emerald-700"}`}
          >
            {change === null
              ? "none active in the 4 weeks before"
              : `${change >= 0 ? "+" : ""}${Math.round(change * 100)} % vs the 4 weeks before (${formatInteger(activeMembers.previous4Weeks)})`}
          </div>
        </div>
        <div>
          <div className="text-xs text-slate-500">Last activity</div>
          <div className="text-xl font-semibold tabular-nums">
            {daysSinceLastActivity === null
              ? "never"
              : daysSinceLastActivity === 0
                ? "today"
                : `${daysSinceLastActivity} d ago`}
          </div>
        </div>
      </div>
      <div>
        <div className="mb-1 text-xs text-slate-500">Key events, members who did each in the last 30 days</div>
        {keyEvents.length === 0 ? (
          <p className="text-xs text-slate-500">No key events yet.</p>
        ) : (
          <ul className="flex flex-col gap-1.5">
            {keyEvents.map((k) => (
              <li key={k.event} className="grid grid-cols-[10rem_1fr_3rem] items-center gap-2 text-xs">
                <span className="truncate font-mono">{k.event}</span>
                <span className="h-1.5 rounded bg-slate-100">
                  <span
                    className="block h-1.5 rounded bg-emerald-500"
                    style={{ width: `${Math.round(k.share * 100)}%` }}
                  />
                </span>
                <span className="text-right tabular-nums">{Math.round(k.share * 100)} %</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
