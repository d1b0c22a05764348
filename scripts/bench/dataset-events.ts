// The benchmark data set's events, one UTC day at a time, as COPY text rows of `events`.
// Pure and deterministic: the same spec and day give the same rows on every machine, so a
// generation interrupted at day d resumes at day d and ends with the same data.
import { countries, featureEvents, hourWeights, pagePaths, platforms } from "@/lib/demo/model";
import { createRandom } from "@/lib/demo/random";

export const DAY_MS = 86_400_000;

/** DESIGN §7: 10M events / 1M persons / 50k accounts / 40 names / 90 days, scaled with `events`. */
export type DatasetSpec = { events: number; seed: number; days: number; endMs: number };

export function datasetShape(spec: DatasetSpec) {
  const persons = Math.max(1_000, Math.round(spec.events / 10));
  return {
    persons,
    accounts: Math.max(50, Math.round(spec.events / 200)),
    // A handful of extreme users (ids 1…5), each with 1 % of all events: 100k at 10M.
    extremeUsers: 5,
    extremeShare: 0.01,
    // Persons merged from a second identity (person_merges + events under the old distinct id).
    mergedEvery: 100,
    identifiedShare: 0.6,
  };
}

/** The funnel chain the benchmark's funnel queries walk, with its step conversion rates. */
export const funnelChain = ["product_viewed", "add_to_cart", "checkout_started", "order_completed"] as const;
const chainConversion = [0.45, 0.6, 0.7];

/** 40 event names: Segment's specials, the shop chain, the demo's features, then numbered ones. */
export const eventNames: string[] = (() => {
  const names = ["$pageview", "$screen", "$identify", "$group", "signed_up", "payment_failed", ...funnelChain];
  for (const [name] of featureEvents) names.push(name);
  for (let i = 1; names.length < 40; i++) names.push(`feature_${String(i).padStart(2, "0")}_used`);
  return names;
})();

/** Weights of the names a session picks outside the funnel chain: Zipf-like over the list. */
const otherNames: (readonly [string, number])[] = eventNames
  .filter((name) => !(funnelChain as readonly string[]).includes(name) && name !== "payment_failed")
  .map((name, rank) => [name, 1 / (rank + 1) ** 1.1] as const);

/**
 * Planted regressions, with the deploys that explain them (inserted as deploy markers):
 * - android 6.0.0 on day 60: add_to_cart → checkout_started drops from 60 % to 35 % on Android;
 * - api 3.2.0 on day 75: payment_failed triples until api 3.2.1 two days later.
 */
export function plantedDeploys(spec: DatasetSpec) {
  const start = spec.endMs - spec.days * DAY_MS;
  const at = (day: number, hour: number) => new Date(start + day * DAY_MS + hour * 3_600_000).toISOString();
  const web = Array.from({ length: Math.floor(spec.days / 7) }, (_, week) => ({
    service: "web",
    version: `3.${week}.0`,
    timestamp: at(week * 7 + 2, 15),
    description: `Weekly web release ${week}`,
  }));
  return {
    androidRegression: { day: Math.floor(spec.days * (2 / 3)), service: "android", version: "6.0.0" },
    paymentSpike: { day: Math.floor(spec.days * (5 / 6)), days: 2, service: "api", version: "3.2.0" },
    deploys: [
      ...web,
      {
        service: "android",
        version: "6.0.0",
        timestamp: at(Math.floor(spec.days * (2 / 3)), 10),
        description: "New cart",
      },
      {
        service: "api",
        version: "3.2.0",
        timestamp: at(Math.floor(spec.days * (5 / 6)), 9),
        description: "Payments v2",
      },
      {
        service: "api",
        version: "3.2.1",
        timestamp: at(Math.floor(spec.days * (5 / 6)) + 2, 9),
        description: "Fix payment retries",
      },
    ],
  };
}

type PersonTraits = {
  id: number;
  platform: (typeof platforms)[number][0];
  country: (typeof countries)[number];
  identified: boolean;
  account: number | null;
  merged: boolean;
};

/** What a person is, from their id alone (the SQL that writes persons uses the same rules). */
export function personTraits(spec: DatasetSpec, id: number): PersonTraits {
  const shape = datasetShape(spec);
  const random = createRandom(spec.seed * 7_919 + id);
  return {
    id,
    platform: random.weighted(platforms),
    country: random.weighted(countries.map((c) => [c, c[1]] as const)),
    identified: isIdentified(id, shape.identifiedShare),
    account: accountOf(id, shape.accounts),
    merged: id % shape.mergedEvery === 7,
  };
}

/** Same rule as the persons SQL: `(id * 7) % 10 < 6` for a 60 % share. */
function isIdentified(id: number, share: number): boolean {
  return (id * 7) % 10 < share * 10;
}

/** Same rule as the account_members SQL: identified persons with id % 4 = 0 belong to one account. */
export function accountOf(id: number, accounts: number): number | null {
  return id % 4 === 0 && isIdentified(id, 0.6) ? 1 + (id % accounts) : null;
}

const distinctIdOf = (person: PersonTraits, anonymous: boolean) =>
  person.identified && !anonymous ? `u${person.id}` : `a${person.id}`;

const OS: Record<PersonTraits["platform"], [string, string | null, string]> = {
  "web-desktop": ["Windows", "Chrome", "desktop"],
  "web-mobile": ["iOS", "Mobile Safari", "mobile"],
  ios: ["iOS", null, "ios"],
  android: ["Android", null, "android"],
};

/** Relative volume of each day of the week (Monday first): a working-day product. */
const weekdayWeights = [1.1, 1.15, 1.15, 1.1, 1.0, 0.75, 0.75];

/** How many events day `day` (0-based from the start) holds; the days sum to spec.events. */
export function eventsOnDay(spec: DatasetSpec, day: number): number {
  const start = spec.endMs - spec.days * DAY_MS;
  const weightOf = (d: number) => weekdayWeights[(new Date(start + d * DAY_MS).getUTCDay() + 6) % 7] as number;
  let total = 0;
  let before = 0;
  for (let d = 0; d < spec.days; d++) {
    if (d < day) before += weightOf(d);
    total += weightOf(d);
  }
  const upTo = (w: number) => Math.round((spec.events * w) / total);
  return upTo(before + weightOf(day)) - upTo(before);
}

/**
 * The COPY rows (tab-separated, `events` columns in COPY_COLUMNS order) of one day. Regular
 * persons are drawn with a heavy tail (persons with small ids are far more active); sessions
 * mix pageviews, features and the funnel chain; the extreme users repeat steps in bursts that
 * share one timestamp.
 */
export function* dayRows(
  spec: DatasetSpec,
  projectId: number,
  eventIds: Map<string, number>,
  day: number,
): Generator<string> {
  const shape = datasetShape(spec);
  const random = createRandom(spec.seed * 1_000_003 + day);
  const dayStart = spec.endMs - (spec.days - day) * DAY_MS;
  const dayEnd = dayStart + DAY_MS - 1;
  const planted = plantedDeploys(spec);
  const quota = eventsOnDay(spec, day);
  const extremeQuota = Math.round(quota * shape.extremeShare * shape.extremeUsers);
  const traitsCache = new Map<number, PersonTraits>();
  const traits = (id: number) => {
    let found = traitsCache.get(id);
    if (!found) {
      found = personTraits(spec, id);
      traitsCache.set(id, found);
    }
    return found;
  };
  let emitted = 0;
  let sequence = 0;
  const row = (person: PersonTraits, name: string, ms: number, session: string, properties: string, anon = false) => {
    emitted++;
    sequence++;
    const [os, browser, device] = OS[person.platform];
    const iso = new Date(ms).toISOString();
    const received = new Date(ms + 150 + (sequence % 900)).toISOString();
    const distinct = person.merged && anon ? `m${person.id}` : distinctIdOf(person, anon);
    const version = person.platform === "android" ? (day >= planted.androidRegression.day ? "6.0.0" : "5.9.0") : "";
    const path = person.platform.startsWith("web") ? (pagePaths[sequence % pagePaths.length] as string) : "";
    return [
      iso,
      received,
      person.id,
      person.account ?? "\\N",
      projectId,
      eventIds.get(name),
      `bench-${spec.seed}-${day}-${sequence}`,
      distinct,
      session,
      os,
      browser ?? "\\N",
      device,
      version || "\\N",
      person.country[0],
      person.country[3],
      path || "\\N",
      properties,
    ].join("\t");
  };

  // Extreme users: bursts of the same step, many sharing one millisecond.
  for (let n = 0; n < extremeQuota; ) {
    const person = traits(1 + (n % shape.extremeUsers));
    const at = dayStart + random.int(0, DAY_MS - 60_000);
    const step = funnelChain[random.int(0, 2)] as string;
    const burst = Math.min(extremeQuota - n, 20);
    for (let i = 0; i < burst; i++) yield row(person, step, at + (i < 10 ? 0 : i), `x${person.id}-${day}`, "{}");
    n += burst;
  }

  const sessionHour = () => {
    const hour = random.weighted(hourWeights.map((w, h) => [h, w] as const));
    return dayStart + hour * 3_600_000 + random.int(0, 3_600_000);
  };
  while (emitted < quota) {
    // Heavy tail: rank = persons × u³ (the top 1 % of persons make ~20 % of events).
    const id = shape.extremeUsers + 1 + Math.floor((shape.persons - shape.extremeUsers) * random.next() ** 3);
    const person = traits(id);
    let at = sessionHour();
    const session = `s${id}-${day}-${sequence}`;
    const anonymous = !person.identified || random.chance(0.1);
    const step = () => {
      at = Math.min(at + 1_000 + Math.round(random.exp(40_000)), dayEnd);
      return at;
    };
    const length = 1 + Math.round(random.exp(7));
    for (let i = 0; i < length && emitted < quota; i++) {
      const web = person.platform.startsWith("web");
      yield row(person, web ? "$pageview" : "$screen", step(), session, "{}", anonymous);
      if (emitted >= quota) break;
      if (random.chance(0.35)) yield row(person, random.weighted(otherNames), step(), session, "{}", anonymous);
    }
    if (emitted < quota && random.chance(0.3)) {
      yield* chain(person, session, anonymous, step());
    }
    if (emitted < quota && person.identified && random.chance(0.02)) {
      yield row(person, "$identify", step(), session, "{}");
    }
  }

  /** The funnel chain from `start`: each step within minutes of the last, converting at chainConversion. */
  function* chain(person: PersonTraits, session: string, anonymous: boolean, start: number) {
    const product = random.int(0, 6);
    let t = start;
    for (let s = 0; s < funnelChain.length && emitted < quota; s++) {
      const revenue = s === 3 ? `,"revenue":${20 + product * 37}` : "";
      yield row(
        person,
        funnelChain[s] as string,
        t,
        session,
        `{"product":"sku-${product}"${revenue}}`,
        anonymous && s < 2,
      );
      t = Math.min(t + 5_000 + Math.round(random.exp(90_000)), dayEnd);
      let rate = chainConversion[s] ?? 0;
      if (s === 1 && person.platform === "android" && day >= planted.androidRegression.day) rate = 0.35;
      if (random.chance(rate)) continue;
      if (s === 2) {
        const { day: from, days } = planted.paymentSpike;
        if (random.chance(day >= from && day < from + days ? 0.6 : 0.2))
          yield row(person, "payment_failed", t, session, "{}");
      }
      return;
    }
  }
}

/** Columns of the COPY, in the order dayRows writes them. */
export const COPY_COLUMNS = [
  "timestamp",
  "received_at",
  "person_id",
  "account_id",
  "project_id",
  "event_id",
  "message_id",
  "distinct_id",
  "session_id",
  "os",
  "browser",
  "device_type",
  "app_version",
  "country",
  "locale",
  "path",
  "properties",
] as const;
