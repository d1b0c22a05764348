/** The invented product behind the demo: a B2B web + mobile app with a shop. */

export type Platform = "web-desktop" | "web-mobile" | "ios" | "android";

export const platforms: (readonly [Platform, number])[] = [
  ["web-desktop", 50],
  ["web-mobile", 10],
  ["ios", 15],
  ["android", 25],
];

export const desktopAgents: (readonly [string, number])[] = [
  [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    40,
  ],
  [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    20,
  ],
  [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    20,
  ],
  ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", 10],
  [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    7,
  ],
  ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", 3],
];

export const mobileAgents: (readonly [string, number])[] = [
  [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    55,
  ],
  [
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    45,
  ],
];

/** Country, weight, UTC offset in hours (for the daily cycle), locale. */
export const countries: (readonly [string, number, number, string])[] = [
  ["US", 35, -5, "en-US"],
  ["GB", 10, 0, "en-GB"],
  ["DE", 10, 1, "de-DE"],
  ["IN", 12, 5, "en-IN"],
  ["FR", 7, 1, "fr-FR"],
  ["BR", 8, -3, "pt-BR"],
  ["CA", 6, -5, "en-CA"],
  ["JP", 5, 9, "ja-JP"],
  ["AU", 4, 10, "en-AU"],
  ["NL", 3, 1, "nl-NL"],
];

/** Share of activity by local hour: a working-day product with an evening tail. */
export const hourWeights = [
  1, 0.5, 0.3, 0.3, 0.4, 0.8, 2, 4, 7, 9, 10, 10, 8, 9, 10, 10, 9, 7, 5, 4, 4, 3, 2, 1.5,
] as const;

/** Feature usage of signed-in people, by weight. */
export const featureEvents: (readonly [string, number])[] = [
  ["dashboard_viewed", 30],
  ["search_performed", 14],
  ["report_created", 8],
  ["filter_applied", 12],
  ["report_shared", 4],
  ["comment_added", 6],
  ["file_uploaded", 4],
  ["export_csv", 3],
  ["invite_sent", 2],
  ["settings_updated", 2],
  ["integration_connected", 1],
  ["notification_clicked", 5],
  ["help_opened", 2],
];

export const pagePaths = ["/", "/pricing", "/features", "/docs", "/blog", "/customers", "/about"];
export const appScreens = ["Home", "Inbox", "Reports", "Search", "Settings", "Product"];

export const products = [
  { id: "sku-101", name: "Starter kit", category: "kits", price: 29 },
  { id: "sku-205", name: "Pro camera", category: "cameras", price: 649 },
  { id: "sku-310", name: "Tripod", category: "accessories", price: 89 },
  { id: "sku-412", name: "Lens 50mm", category: "lenses", price: 399 },
  { id: "sku-518", name: "Memory card", category: "accessories", price: 25 },
  { id: "sku-623", name: "Camera bag", category: "accessories", price: 59 },
] as const;

export const plans: (readonly [string, number, number])[] = [
  // plan, weight, monthly revenue per seat
  ["free", 50, 0],
  ["team", 30, 12],
  ["business", 15, 30],
  ["enterprise", 5, 55],
];

export const companyWords = {
  first: [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Hooli",
    "Vandelay",
    "Soylent",
    "Tyrell",
    "Cyberdyne",
    "Wonka",
    "Aperture",
    "Massive",
    "Pied",
    "Dunder",
    "Gringotts",
    "Oscorp",
    "Nakatomi",
    "Monarch",
  ],
  second: [
    "Labs",
    "Systems",
    "Foods",
    "Analytics",
    "Robotics",
    "Logistics",
    "Media",
    "Health",
    "Capital",
    "Studios",
    "Works",
    "Networks",
  ],
  industry: ["software", "retail", "finance", "healthcare", "media", "manufacturing", "education"],
};

export type DeployPlan = {
  service: "web" | "api" | "ios" | "android";
  version: string;
  daysAgo: number;
  description: string;
  /** What the demo makes this deploy do to behaviour. */
  effect?: "add_to_cart_dip" | "payment_failed_spike";
};

/** ~15 deploys over 90 days; two of them planted regressions, each fixed by the next release. */
export const deployPlan: DeployPlan[] = [
  { service: "web", version: "2.10.0", daysAgo: 86.3, description: "New onboarding checklist" },
  { service: "api", version: "1.30.0", daysAgo: 80.6, description: "Faster report queries" },
  { service: "android", version: "5.0.0", daysAgo: 74.4, description: "Redesigned home screen" },
  { service: "ios", version: "5.0.0", daysAgo: 72.5, description: "Redesigned home screen" },
  { service: "web", version: "2.11.0", daysAgo: 65.3, description: "Saved filters" },
  { service: "api", version: "1.31.0", daysAgo: 58.6, description: "Rate limiter update" },
  { service: "web", version: "2.12.0", daysAgo: 50.4, description: "Comments on reports" },
  { service: "android", version: "5.1.0", daysAgo: 44.3, description: "Offline mode" },
  { service: "ios", version: "5.1.0", daysAgo: 40.5, description: "Offline mode" },
  {
    service: "api",
    version: "1.32.0",
    daysAgo: 33.6,
    description: "Payment provider SDK upgrade",
    effect: "payment_failed_spike",
  },
  { service: "api", version: "1.32.1", daysAgo: 32.6, description: "Hotfix: payment provider timeouts" },
  { service: "web", version: "2.13.0", daysAgo: 26.4, description: "CSV export v2" },
  { service: "android", version: "5.2.0", daysAgo: 19.3, description: "New product page", effect: "add_to_cart_dip" },
  {
    service: "android",
    version: "5.2.1",
    daysAgo: 16.5,
    description: "Hotfix: add to cart button hidden on small screens",
  },
  { service: "web", version: "2.14.0", daysAgo: 9.4, description: "Keyboard shortcuts" },
  { service: "ios", version: "5.2.0", daysAgo: 4.6, description: "New product page" },
];

const DAY = 86_400_000;
const firstVersions = { web: "2.9.0", api: "1.29.0", ios: "4.9.0", android: "4.9.0" } as const;

/** The release of a service people ran at an instant (the latest deployed before it). */
export function versionAt(service: keyof typeof firstVersions, at: number, endMs: number): string {
  let version: string = firstVersions[service];
  for (const d of deployPlan) {
    if (d.service === service && endMs - d.daysAgo * DAY <= at) version = d.version;
  }
  return version;
}
