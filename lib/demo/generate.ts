import type { SegmentMessage } from "@/lib/ingest/types";
import {
  appScreens,
  companyWords,
  countries,
  type DeployPlan,
  deployPlan,
  desktopAgents,
  featureEvents,
  hourWeights,
  mobileAgents,
  type Platform,
  pagePaths,
  plans,
  platforms,
  versionAt,
} from "./model";
import { createRandom, type Random } from "./random";
import { runShopAttempt } from "./shop";

export type DemoOptions = { events: number; seed: number; end: Date; days?: number };
export type DemoDeploy = {
  service: string;
  version: string;
  environment: string;
  commit: string;
  description: string;
  url: string;
  timestamp: string;
};
export type Demo = { deploys: DemoDeploy[]; users: number; days(): Generator<SegmentMessage[]> };

const DAY = 86_400_000;

/**
 * A deterministic demo product (docs/demo-data.md): anonymous visits then signup, B2B accounts,
 * a shop funnel whose drop-off varies by platform and country, daily and weekly cycles,
 * retention decay, a few heavy users, and deploys of which two plant regressions.
 * The user count is calibrated so that the total lands near `options.events`.
 */
export function planDemo(options: DemoOptions): Demo {
  const days = options.days ?? 90;
  const deploys = deployPlan.map((d, i) => toDeploy(d, i, options));
  let users = Math.max(20, Math.round(options.events / 40));
  // Volume is not exactly linear in people (heavy users are rare and large): correct the guess.
  for (let pass = 0; pass < 3; pass++) {
    let produced = 0;
    // Without the live sessions: the people are sized on the rest, which they then leave as it is.
    for (const day of simulate(users, days, options, false)) produced += day.length;
    users = Math.max(5, Math.round((users * options.events) / Math.max(1, produced)));
  }
  return { deploys, users, days: () => simulate(users, days, options) };
}

function toDeploy(plan: DeployPlan, index: number, options: DemoOptions): DemoDeploy {
  const rnd = createRandom(options.seed + index * 7919);
  const commit = [0, 1]
    .map(() =>
      Math.floor(rnd.next() * 0x100000)
        .toString(16)
        .padStart(5, "0"),
    )
    .join("");
  return {
    service: plan.service,
    version: plan.version,
    environment: "production",
    commit,
    description: plan.description,
    url: `https://github.com/example/${plan.service}/releases/tag/v${plan.version}`,
    timestamp: new Date(options.end.getTime() - plan.daysAgo * DAY).toISOString(),
  };
}

type User = {
  n: number;
  /** Each person has their own random stream: adding people never changes existing ones. */
  rnd: Random;
  anonymousId: string;
  userId: string | null;
  signupSession: number | null;
  sessions: number;
  arrivalDay: number;
  platform: Platform;
  userAgent: string;
  country: string;
  offset: number;
  locale: string;
  activity: number;
  updateLagDays: number;
  accountId: string | null;
};

type Account = { groupId: string; traits: Record<string, unknown> };

function* simulate(userCount: number, days: number, options: DemoOptions, live = true): Generator<SegmentMessage[]> {
  const rnd = createRandom(options.seed);
  const endMs = options.end.getTime();
  const firstDay = Math.floor(endMs / DAY) * DAY - (days - 1) * DAY;
  const accounts = createAccounts(rnd, Math.max(3, Math.round(userCount / 30)));
  const users = Array.from({ length: userCount }, (_, n) =>
    createUser(createRandom(options.seed * 1_000_003 + n), n, days),
  );
  const ctx: SessionContext = { options, accounts, counter: 0 };

  for (let day = 0; day < days; day++) {
    const dayStart = firstDay + day * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const weekdayFactor = weekday === 0 || weekday === 6 ? 0.45 : 1;
    const messages: SegmentMessage[] = [];
    for (const user of users) {
      if (day < user.arrivalDay) continue;
      const rnd = user.rnd;
      const age = day - Math.max(0, user.arrivalDay);
      // Signed-up people decay slowly; anonymous visitors mostly leave after a visit or two.
      const decay = user.userId || user.signupSession !== null ? (age + 1) ** -0.5 : (age + 1) ** -1.4;
      const base = user.arrivalDay < 0 ? 0.35 : age === 0 ? 1 : 0.6 * decay;
      if (!rnd.chance(Math.min(0.97, base * user.activity * weekdayFactor))) continue;
      const sessions = 1 + (rnd.chance(0.3) ? 1 : 0) + (user.activity > 5 ? rnd.int(1, 4) : 0);
      for (let s = 0; s < sessions; s++) {
        const localHour = rnd.weighted(hourWeights.map((w, h) => [h, w] as const));
        const start = dayStart + (localHour - user.offset) * 3_600_000 + rnd.int(0, 3_600_000);
        if (start >= endMs || start < firstDay) continue;
        runSession(ctx, user, start, messages);
      }
    }
    if (live && day === days - 1) liveSessions(ctx, users, endMs, messages);
    messages.sort((a, b) => (a.timestamp as string).localeCompare(b.timestamp as string));
    yield messages.filter((m) => Date.parse(m.timestamp as string) < endMs);
  }
}

/**
 * A few sessions in the last minutes before `end`, by customers who have been around: the demo is
 * live whatever the hour it is seeded at (a quiet hour of its users' zones would otherwise leave
 * its newest event over an hour old, and its data quality page calling it delayed). Their own
 * random stream, after everything else (the users' streams go on from where their last day left
 * them), and left out of the volume's calibration: the rest of the demo is the same without them.
 */
function liveSessions(ctx: SessionContext, users: User[], endMs: number, out: SegmentMessage[]) {
  const rnd = createRandom(ctx.options.seed * 7_919 + 17);
  const regulars = users.filter((user) => user.userId !== null && user.arrivalDay < 0);
  for (let i = 0; i < 3 && regulars.length > 0; i++) {
    const user = regulars[rnd.int(0, regulars.length)] as User;
    runSession(ctx, user, endMs - rnd.int(60_000, 20 * 60_000), out);
  }
}

function createAccounts(rnd: Random, count: number): Account[] {
  return Array.from({ length: count }, (_, i) => {
    const [plan, , seatPrice] = rnd.weighted(plans.map((p) => [p, p[1]] as const));
    const employees = Math.round(5 + rnd.exp(plan === "enterprise" ? 800 : 60));
    return {
      groupId: `acct_${String(i + 1).padStart(4, "0")}`,
      traits: {
        name: `${rnd.pick(companyWords.first)} ${rnd.pick(companyWords.second)}${i >= 200 ? ` ${i}` : ""}`,
        plan,
        mrr: seatPrice * Math.min(employees, 400),
        industry: rnd.pick(companyWords.industry),
        employees,
      },
    };
  });
}

function createUser(rnd: Random, n: number, days: number): User {
  const platform = rnd.weighted(platforms);
  const [country, , offset, locale] = rnd.weighted(countries.map((c) => [c, c[1]] as const));
  const existing = rnd.chance(0.2);
  const heavy = rnd.chance(0.004);
  return {
    n,
    rnd,
    anonymousId: `anon-${n.toString(36)}-${rnd.int(1e6, 1e7).toString(36)}`,
    userId: existing ? `user_${n}` : null,
    signupSession: existing ? null : rnd.chance(0.55) ? rnd.int(0, 3) : null,
    sessions: 0,
    arrivalDay: existing ? -1 : Math.floor(rnd.next() ** 0.9 * days),
    platform,
    userAgent: platform === "web-mobile" ? rnd.weighted(mobileAgents) : rnd.weighted(desktopAgents),
    country,
    offset,
    locale,
    activity: heavy ? rnd.int(10, 20) : Math.min(4, 0.4 + rnd.exp(0.8)),
    updateLagDays: rnd.exp(0.3),
    accountId: null,
  };
}

export type SessionContext = {
  options: DemoOptions;
  accounts: Account[];
  counter: number;
};

export type Emit = (at: number, fields: Partial<SegmentMessage>) => number;

function runSession(ctx: SessionContext, user: User, start: number, out: SegmentMessage[]) {
  const { rnd } = user;
  let t = start;
  const emit: Emit = (at, fields) => {
    out.push({
      messageId: `demo-${ctx.options.seed}-${ctx.counter++}`,
      anonymousId: user.anonymousId,
      ...(user.userId ? { userId: user.userId } : {}),
      timestamp: new Date(at).toISOString(),
      context: contextFor(user, at, ctx.options.end.getTime()),
      ...fields,
    });
    return at + 3_000 + rnd.exp(40_000);
  };
  const isApp = user.platform === "ios" || user.platform === "android";
  const view = (at: number) =>
    isApp
      ? emit(at, { type: "screen", name: rnd.pick(appScreens) })
      : emit(at, { type: "page", name: "Page", properties: { path: rnd.pick(pagePaths) } });

  if (!user.userId) {
    for (let i = rnd.int(1, 4); i > 0; i--) t = view(t);
    if (rnd.chance(0.3)) t = runShopAttempt(ctx, user, t, emit, 0.5);
    if (user.signupSession === user.sessions) t = signUp(ctx, user, t, emit);
    user.sessions++;
    return;
  }
  if (user.sessions === 0 && user.arrivalDay < 0) t = reidentify(ctx, user, t, emit);
  user.sessions++;
  const actions = 1 + rnd.int(0, 3 + Math.round(user.activity));
  for (let i = 0; i < actions; i++) {
    if (rnd.chance(0.3)) t = view(t);
    else t = emit(t, { type: "track", event: rnd.weighted(featureEvents), properties: featureProps(rnd) });
  }
  if (rnd.chance(0.8)) runShopAttempt(ctx, user, t, emit, 1);
}

function signUp(ctx: SessionContext, user: User, t: number, emit: Emit): number {
  user.userId = `user_${user.n}`;
  let next = emit(t, {
    type: "track",
    event: "signed_up",
    properties: { method: user.rnd.pick(["email", "google", "github"]) },
  });
  next = reidentify(ctx, user, next, emit);
  return next;
}

/** identify (+ group for B2B people): sets the person and account traits the demo filters on. */
function reidentify(ctx: SessionContext, user: User, t: number, emit: Emit): number {
  const { rnd } = user;
  if (user.accountId === null && rnd.chance(0.75)) {
    // Skewed membership: a few big accounts, many small ones.
    const index = Math.floor(rnd.next() ** 2.2 * ctx.accounts.length);
    user.accountId = ctx.accounts[index]?.groupId ?? null;
  }
  const account = ctx.accounts.find((a) => a.groupId === user.accountId);
  let next = emit(t, {
    type: "identify",
    traits: {
      email: `person${user.n}@${account ? `${String(account.traits.name).toLowerCase().replace(/\W+/g, "")}.example` : "mail.example"}`,
      name: `Person ${user.n}`,
      role: rnd.pick(["admin", "member", "member", "viewer"]),
      plan: account?.traits.plan ?? "free",
      country: user.country,
    },
  });
  if (account) next = emit(next, { type: "group", groupId: account.groupId, traits: account.traits });
  return next;
}

function featureProps(rnd: Random): Record<string, unknown> {
  return { source: rnd.pick(["sidebar", "shortcut", "search", "email"]), duration_ms: rnd.int(50, 4000) };
}

/** Segment context the way analytics.js (web) or the mobile SDKs would send it. */
function contextFor(user: User, at: number, endMs: number): Record<string, unknown> {
  const common = {
    locale: user.locale,
    location: { country: user.country },
    ...(user.accountId && user.userId ? { groupId: user.accountId } : {}),
  };
  if (user.platform === "ios" || user.platform === "android") {
    return {
      ...common,
      os: { name: user.platform === "ios" ? "iOS" : "Android" },
      device: { type: user.platform },
      app: { version: versionAt(user.platform, at - user.updateLagDays * DAY, endMs) },
    };
  }
  return { ...common, userAgent: user.userAgent, app: { version: versionAt("web", at, endMs) } };
}
