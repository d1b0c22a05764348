// No imports: also read by client code (lib/analytics/properties.ts's vocabulary).

/**
 * The Segment context promoted to typed columns of events (db/schema/events.ts) that analyses
 * break down by: the dimensions of breakdowns, of deploy impact's root causes, and of
 * person_stats' first event.
 */
export const eventDimensions = ["os", "browser", "device_type", "app_version", "country", "locale", "path"] as const;
export type EventDimension = (typeof eventDimensions)[number];
