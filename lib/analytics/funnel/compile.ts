import type { SQL } from "drizzle-orm";
import { type Matcher, matchesAny } from "../matchers";
import type { FunnelParams, FunnelStep } from "./params";

/** A funnel made ready for SQL: what each step matches, and where the optional steps sit. */
export type CompiledFunnel = {
  projectId: number;
  /** Every step, in order: its label, whether optional, and for a required one its level (1-based). */
  steps: { label: string; optional: boolean; level: number | null; matchers: Matcher[] }[];
  /** The required steps' matchers, level by level: the chain (optional steps are found around it). */
  required: Matcher[][];
  /** Optional steps: after which level (1-based, the required step before it), and what they match. */
  optional: { step: number; after: number; matchers: Matcher[] }[];
  exclusions: { after: number; before: number; matchers: Matcher[] }[];
  eventIds: number[];
  /** On a Citus coordinator (query.ts picks the forms it pushes down). */
  citus: boolean;
};

export function compileFunnel(
  projectId: number,
  params: Pick<FunnelParams, "steps" | "exclusions">,
  eventIdOf: (name: string) => number,
): CompiledFunnel {
  const matchersOf = (step: FunnelStep): Matcher[] =>
    step.anyOf
      ? step.anyOf.map((m) => ({ eventId: eventIdOf(m.event), where: m.where }))
      : [{ eventId: eventIdOf(step.event as string), where: step.where }];
  let level = 0;
  const optional: CompiledFunnel["optional"] = [];
  const steps = params.steps.map((step, i) => {
    const isOptional = step.optional === true;
    if (!isOptional) level++;
    // An optional step sits after the required step before it: the level reached so far.
    else optional.push({ step: i + 1, after: level, matchers: matchersOf(step) });
    const label = step.anyOf ? step.anyOf.map((m) => m.event).join(" or ") : (step.event as string);
    return { label, optional: isOptional, level: isOptional ? null : level, matchers: matchersOf(step) };
  });
  const levelOf = (index: number) => steps[index]?.level as number;
  const exclusions = (params.exclusions ?? []).map((x) => ({
    after: levelOf(x.between[0] - 1),
    before: levelOf(x.between[1] - 1),
    matchers: [{ eventId: eventIdOf(x.event), where: x.where }],
  }));
  const all = [...steps.flatMap((s) => s.matchers), ...exclusions.flatMap((x) => x.matchers)];
  return {
    projectId,
    citus: false,
    steps,
    required: steps.filter((s) => !s.optional).map((s) => s.matchers),
    optional,
    exclusions,
    // Funnel steps name events (eventIdOf gives -1 for a name never seen, "$any" included).
    eventIds: [...new Set(all.map((m) => m.eventId ?? -1))],
  };
}

/** What an entry can be: a step-1 event, or in any order an event of any required step (DESIGN §5.1). */
export function entryMatchers(funnel: CompiledFunnel, order: FunnelParams["order"]): Matcher[] {
  return order === "any" ? funnel.required.flat() : (funnel.required[0] ?? []);
}

/** Whether the event row `e` matches any of the matchers (lib/analytics/matchers.ts). */
export function matches(funnel: CompiledFunnel, matchers: Matcher[], alias = "e"): SQL {
  return matchesAny(funnel.projectId, matchers, alias);
}
