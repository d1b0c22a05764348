import type { Emit, SessionContext } from "./generate";
import { deployPlan, products, versionAt } from "./model";
import type { Random } from "./random";

const DAY = 86_400_000;
type Shopper = { rnd: Random; platform: string; country: string; updateLagDays: number };

/**
 * One pass down product_viewed → add_to_cart → checkout_started → purchase. Conversion depends on
 * device, os and country (so breakdowns differ), and on the two planted regressions:
 * android 5.2.0 hides the add-to-cart button for most people; api 1.32.0 fails payments.
 */
export function runShopAttempt(ctx: SessionContext, user: Shopper, start: number, emit: Emit, intent: number): number {
  const { rnd } = user;
  const endMs = ctx.options.end.getTime();
  const mobile = user.platform !== "web-desktop";
  const product = rnd.pick(products);
  const props = {
    product_id: product.id,
    product_name: product.name,
    category: product.category,
    price: product.price,
    currency: "USD",
  };
  let t = start;
  for (let i = rnd.int(1, 4); i > 0; i--) t = emit(t, { type: "track", event: "product_viewed", properties: props });

  let pCart = 0.45 * intent * (mobile ? 0.8 : 1) * (user.country === "IN" ? 0.75 : 1);
  const androidVersion = versionAt("android", t - user.updateLagDays * DAY, endMs);
  if (user.platform === "android" && androidVersion === "5.2.0") pCart *= 0.1;
  if (!rnd.chance(pCart)) return t;
  t = emit(t, { type: "track", event: "add_to_cart", properties: { ...props, quantity: 1 } });

  const pCheckout = 0.6 * (user.platform === "android" ? 0.8 : 1) * (user.country === "BR" ? 0.8 : 1);
  if (!rnd.chance(pCheckout)) return t;
  t = emit(t, { type: "track", event: "checkout_started", properties: { value: product.price, currency: "USD" } });

  const pPurchase = Math.min(
    0.95,
    0.75 * (mobile ? 0.85 : 1.05) * (user.country === "IN" ? 0.7 : user.country === "DE" ? 1.1 : 1),
  );
  if (!rnd.chance(pPurchase)) return t;
  if (rnd.chance(paymentFailureRate(t, endMs))) {
    t = emit(t, {
      type: "track",
      event: "payment_failed",
      properties: { reason: rnd.pick(["provider_timeout", "provider_timeout", "card_declined"]), value: product.price },
    });
    if (!rnd.chance(0.35)) return t;
  }
  return emit(t, {
    type: "track",
    event: "purchase",
    properties: { order_id: `ord-${ctx.counter}`, revenue: product.price, currency: "USD", product_id: product.id },
  });
}

function paymentFailureRate(at: number, endMs: number): number {
  const broken = deployPlan.find((d) => d.effect === "payment_failed_spike");
  const fix = deployPlan.find((d) => d.service === "api" && broken && d.daysAgo < broken.daysAgo);
  if (broken && fix && at >= endMs - broken.daysAgo * DAY && at < endMs - fix.daysAgo * DAY) return 0.6;
  return 0.03;
}
