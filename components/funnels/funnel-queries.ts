import type { Filter } from "@/lib/analytics/filters";

/** A step as the builder edits it. */
export type StepDraft = {
  /** One event, or several (an OR-step). */
  events: { event: string; where: Filter[] }[];
  optional: boolean;
};
export type ExclusionDraft = { event: string; between: [number, number] };

const RANGE_HOURS = { "7d": 168, "30d": 720, "90d": 2_160 } as const;

/** A step in the URL: its event name alone when that is all it is, else its JSON. */
export function encodeStep(step: StepDraft): string {
  const [only] = step.events;
  if (step.events.length === 1 && only && only.where.length === 0 && !step.optional) return only.event;
  return JSON.stringify({
    e: step.events.map((e) => (e.where.length ? { event: e.event, where: e.where } : { event: e.event })),
    ...(step.optional ? { o: 1 } : {}),
  });
}

export function decodeStep(text: string): StepDraft {
  if (!text.startsWith("{")) return { events: [{ event: text, where: [] }], optional: false };
  try {
    const parsed = JSON.parse(text) as { e?: { event: string; where?: Filter[] }[]; o?: number };
    return {
      events: (parsed.e ?? []).map((e) => ({ event: String(e.event ?? ""), where: e.where ?? [] })),
      optional: parsed.o === 1,
    };
  } catch {
    return { events: [{ event: text, where: [] }], optional: false };
  }
}

export function decodeExclusion(text: string): ExclusionDraft | null {
  try {
    const parsed = JSON.parse(text) as ExclusionDraft;
    const [a, b] = Array.isArray(parsed.between) ? parsed.between : [];
    return typeof parsed.event === "string" && Number.isInteger(a) && Number.isInteger(b)
      ? { event: parsed.event, between: [a as number, b as number] }
      : null;
  } catch {
    return null;
  }
}

export const encodeExclusion = (exclusion: ExclusionDraft) => JSON.stringify(exclusion);

/** The exclusions a request can carry: complete, between two required steps that exist, a < b. */
export function usableExclusions(exclusions: ExclusionDraft[], optional: boolean[]): ExclusionDraft[] {
  return exclusions.filter(
    ({ event, between: [a, b] }) =>
      event !== "" && a >= 1 && a < b && b <= optional.length && !optional[a - 1] && !optional[b - 1],
  );
}

type State = {
  step: string[];
  excl: string[];
  range: keyof typeof RANGE_HOURS;
  window: string;
  order: "ordered" | "strict" | "any";
  breakdown: string | null;
  unit: "persons" | "accounts";
  interval: "day" | "week";
};

/** URL state → the funnel API request (null until there are two steps). Pure: server and browser share it. */
export function funnelQuery(state: State, anchor: string) {
  // What is still being typed (a step without an event, a filter without a property) waits.
  const steps = state.step
    .map(decodeStep)
    .map((s) => ({ ...s, events: s.events.map((e) => ({ ...e, where: e.where.filter((w) => w.property) })) }))
    .filter((s) => s.events.some((e) => e.event));
  if (steps.length < 2) return null;
  const from = new Date(Date.parse(anchor) - RANGE_HOURS[state.range] * 3_600_000).toISOString();
  // Optional steps are an ordered funnel's, exclusions need an order: otherwise they wait in the URL.
  const ordered = state.order === "ordered";
  const exclusions =
    state.order === "any"
      ? []
      : usableExclusions(
          state.excl.map(decodeExclusion).filter((x): x is ExclusionDraft => x !== null),
          steps.map((s) => ordered && s.optional),
        );
  return {
    kind: "funnel" as const,
    steps: steps.map((s) => {
      const events = s.events.filter((e) => e.event);
      const optional = ordered && s.optional ? { optional: true } : {};
      if (events.length === 1) {
        const [one] = events as [{ event: string; where: Filter[] }];
        return { event: one.event, ...(one.where.length ? { where: one.where } : {}), ...optional };
      }
      return {
        anyOf: events.map((e) => ({ event: e.event, ...(e.where.length ? { where: e.where } : {}) })),
        ...optional,
      };
    }),
    from,
    to: anchor,
    window: state.window,
    order: state.order,
    unit: state.unit,
    interval: state.interval,
    ...(exclusions.length ? { exclusions } : {}),
    ...(state.breakdown ? { breakdown: { property: state.breakdown, limit: 10 } } : {}),
  };
}
