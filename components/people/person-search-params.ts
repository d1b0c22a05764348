import { createLoader, parseAsArrayOf, parseAsString } from "nuqs/server";

/**
 * A person page's URL state, which links into a timeline use: `at` (a moment to scroll to: the
 * page starts half an hour after it), `highlight` (event names) and `hfrom`/`hto` (a time span) to
 * highlight, `events` (only these names).
 */
export const personSearchParams = {
  at: parseAsString,
  highlight: parseAsArrayOf(parseAsString),
  hfrom: parseAsString,
  hto: parseAsString,
  events: parseAsArrayOf(parseAsString),
};

export const loadPersonSearchParams = createLoader(personSearchParams);

/** Context above the moment a link points at: the events of the half hour after it come first. */
const CONTEXT_MS = 30 * 60_000;

/** URL state → the timeline's API query. Pure: the server prefetch and the browser share it. */
export function timelineQuery(state: { at: string | null; events: string[] | null }) {
  const at = state.at ? Date.parse(state.at) : Number.NaN;
  return {
    limit: "50",
    before: Number.isFinite(at) ? new Date(at + CONTEXT_MS).toISOString() : undefined,
    events: state.events?.length ? state.events.join(",") : undefined,
  };
}

/** A link to a moment of a person's timeline, highlighting some events (the drilldowns' target). */
export function personTimelineHref(
  project: string,
  personId: string,
  target: { at?: string; highlight?: string[]; from?: string; to?: string } = {},
): string {
  const search = new URLSearchParams();
  if (target.at) search.set("at", target.at);
  if (target.highlight?.length) search.set("highlight", target.highlight.join(","));
  if (target.from) search.set("hfrom", target.from);
  if (target.to) search.set("hto", target.to);
  const qs = search.toString();
  return `/projects/${project}/people/${encodeURIComponent(personId)}${qs ? `?${qs}` : ""}`;
}
