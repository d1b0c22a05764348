// The queries the benchmark times: one entry per question a user asks, run through runQuery
// (what POST /api/v1/projects/{p}/query calls), so the figures are the product's.
// A new analysis adds its cases here: a name, its DESIGN §7 target if it has one, the request.
import { DAY_MS } from "./dataset-events";

export type QueryCase = {
  name: string;
  /** Median target from DESIGN §7, in ms, at 10M events. */
  targetMs?: number;
  /** The request body, as a client would send it; `end` is the data set's last instant. */
  request: (end: number) => Record<string, unknown>;
};

const range = (end: number, days: number) => ({
  from: new Date(end - days * DAY_MS).toISOString(),
  to: new Date(end).toISOString(),
});

export const queryCases: QueryCase[] = [
  {
    name: "trend: all events, 90 days daily",
    targetMs: 150,
    request: (end) => ({ kind: "trend", series: [{ event: "$any" }], interval: "day", ...range(end, 90) }),
  },
  {
    name: "trend: one event, 90 days daily",
    targetMs: 150,
    request: (end) => ({ kind: "trend", series: [{ event: "add_to_cart" }], interval: "day", ...range(end, 90) }),
  },
  {
    name: "trend: one event, unique persons, 90 days daily",
    targetMs: 150,
    request: (end) => ({
      kind: "trend",
      series: [{ event: "add_to_cart", measure: "persons" }],
      interval: "day",
      ...range(end, 90),
    }),
  },
  {
    name: "trend: one event, 7 days hourly",
    request: (end) => ({ kind: "trend", series: [{ event: "checkout_started" }], interval: "hour", ...range(end, 7) }),
  },
  {
    name: "top events: 30 days, counts only",
    request: (end) => ({ kind: "top_events", limit: 10, persons: false, ...range(end, 30) }),
  },
  {
    name: "top events: 30 days, with unique persons",
    request: (end) => ({ kind: "top_events", limit: 10, ...range(end, 30) }),
  },
  {
    name: "event catalog",
    request: () => ({ kind: "event_catalog" }),
  },
];
