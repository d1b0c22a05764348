import { countries, desktopAgents, featureEvents, mobileAgents, pagePaths } from "@/lib/demo/model";
import { createRandom, type Random } from "@/lib/demo/random";
import type { SegmentMessage } from "@/lib/ingest/types";

/**
 * What `npm run bench -- ingest` sends: `realistic` (the default) is a live product's stream as a
 * Segment SDK fleet sends it — 85 % `track` with nested properties, 8 % `page`, 5 % `identify` of
 * returning anonymous visitors, 2 % `group` with traits, ~30 event names, 50k persons (a third
 * identified as they go), 2k accounts, a user agent and app/library/os/device/locale context on
 * every message — over the last day up to now, in time order. `light` is the demo's stream
 * (lib/demo: compact messages, few contexts), kept to compare with the figures before 2026-12-03.
 * Deterministic: the same seed and count give the same messages.
 */
export type IngestMix = "realistic" | "light";

const PERSONS = 50_000;
const ACCOUNTS = 2_000;
const DAY = 86_400_000;

const trackNames: (readonly [string, number])[] = [
  ...featureEvents,
  ["product_viewed", 30],
  ["add_to_cart", 10],
  ["checkout_started", 5],
  ["order_completed", 3],
  ["notification_opened", 6],
  ["video_played", 5],
  ["comment_posted", 3],
  ["item_favorited", 4],
  ["coupon_applied", 2],
  ["payment_failed", 1],
  ["onboarding_step_completed", 4],
  ["tour_skipped", 1],
  ["plan_upgraded", 1],
  ["message_sent", 6],
  ["app_opened", 12],
  ["app_backgrounded", 8],
  ["signed_out", 1],
];

type Visitor = {
  anonymousId: string;
  userId: string;
  /** Identified yet (an identify of the returning visitor links the two ids once). */
  identified: boolean;
  accountId: string | null;
  agent: string;
  mobile: boolean;
  country: readonly [string, number, number, string];
  appVersion: string;
};

export function* realisticMessages(options: { events: number; seed: number; end: Date }): Generator<SegmentMessage> {
  const rnd = createRandom(options.seed);
  const visitors: Visitor[] = Array.from({ length: PERSONS }, (_, n) => {
    const mobile = rnd.chance(0.45);
    return {
      anonymousId: `anon-${options.seed}-${n.toString(36)}-${rnd.int(0, 1 << 30).toString(36)}`,
      userId: `user-${options.seed}-${n}`,
      identified: false,
      accountId: rnd.chance(0.4) ? `acct-${rnd.int(0, ACCOUNTS)}` : null,
      agent: rnd.weighted(mobile ? mobileAgents : desktopAgents),
      mobile,
      country: rnd.weighted(countries.map((c) => [c, c[1]] as const)),
      appVersion: `${rnd.int(3, 6)}.${rnd.int(0, 12)}.${rnd.int(0, 4)}`,
    };
  });
  const start = options.end.getTime() - DAY;
  const step = DAY / Math.max(1, options.events);
  for (let i = 0; i < options.events; i++) {
    // Heavy-tailed activity: a few visitors send much of the stream.
    const visitor = visitors[Math.floor(PERSONS * rnd.next() ** 2)] as Visitor;
    const timestamp = new Date(start + i * step + rnd.int(0, 1_000)).toISOString();
    const kind = rnd.weighted([
      ["track", 85],
      ["page", 8],
      ["identify", 5],
      ["group", 2],
    ] as const);
    const base = {
      messageId: `rl-${options.seed}-${i}`,
      timestamp,
      anonymousId: visitor.anonymousId,
      ...(visitor.identified ? { userId: visitor.userId } : {}),
      context: context(visitor, rnd),
    };
    if (kind === "identify") {
      visitor.identified = true;
      yield {
        ...base,
        type: "identify",
        userId: visitor.userId,
        traits: {
          email: `${visitor.userId}@example.com`,
          name: `Person ${visitor.userId.slice(-5)}`,
          plan: rnd.pick(["free", "team", "business"]),
          createdAt: new Date(start - rnd.int(0, 400) * DAY).toISOString(),
          preferences: { theme: rnd.pick(["light", "dark"]), digest: rnd.chance(0.5) },
        },
      };
    } else if (kind === "group") {
      const groupId = visitor.accountId ?? `acct-${rnd.int(0, ACCOUNTS)}`;
      yield {
        ...base,
        type: "group",
        groupId,
        traits: {
          name: `Company ${groupId.slice(5)}`,
          industry: rnd.pick(["software", "retail", "health", "finance", "education"]),
          employees: rnd.int(5, 5_000),
          plan: rnd.pick(["team", "business", "enterprise"]),
          address: { country: visitor.country[0], city: rnd.pick(["Paris", "Austin", "Berlin", "Tokyo"]) },
        },
      };
    } else if (kind === "page") {
      const path = rnd.pick(pagePaths);
      yield {
        ...base,
        type: "page",
        name: path === "/" ? "Home" : path.slice(1),
        properties: { path, url: `https://example.com${path}`, referrer: rnd.pick(["", "https://google.com/"]) },
      };
    } else {
      yield {
        ...base,
        type: "track",
        event: rnd.weighted(trackNames),
        properties: {
          source: rnd.pick(["sidebar", "search", "email", "shortcut"]),
          duration_ms: rnd.int(50, 5_000),
          item: {
            id: `sku-${rnd.int(100, 999)}`,
            category: rnd.pick(["kits", "lenses", "accessories"]),
            price: rnd.int(5, 900),
          },
          tags: [rnd.pick(["new", "sale", "popular"]), rnd.pick(["a", "b"])],
          ...(visitor.accountId ? { account_plan: rnd.pick(["team", "business"]) } : {}),
        },
      };
    }
  }
}

/** The context an SDK sends on every message. */
function context(visitor: Visitor, rnd: Random) {
  const [country, , , locale] = visitor.country;
  return {
    userAgent: visitor.agent,
    locale,
    ip: `203.0.113.${rnd.int(1, 255)}`,
    library: { name: visitor.mobile ? "analytics-ios" : "analytics.js", version: "4.4.7" },
    app: { name: "Loupe Demo", version: visitor.appVersion, build: String(rnd.int(1000, 1100)) },
    os: { name: visitor.mobile ? "iOS" : "Mac OS X", version: visitor.mobile ? "17.5" : "14.5" },
    device: visitor.mobile ? { type: "mobile", model: "iPhone15,2" } : { type: "desktop" },
    location: { country },
    page: { path: rnd.pick(pagePaths), title: "Loupe Demo" },
    ...(visitor.accountId ? { groupId: visitor.accountId } : {}),
  };
}
