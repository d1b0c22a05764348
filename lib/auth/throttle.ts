import { sql } from "drizzle-orm";
import { type Db, rows } from "@/db/connect";

/**
 * Failed sign-ins are throttled per account and per address, in the database (every instance of
 * the app sees the same counts): 5 failures for one email, or 30 from one address, within 15
 * minutes lock that email or address for 15 minutes. A locked attempt is refused with 429 and
 * Retry-After before its password is even checked, so guessing costs the guesser the wait.
 * A successful sign-in clears its email's count (not its address's: one good password must not
 * reset a spray from that address).
 */
export const THROTTLE = {
  windowSeconds: 15 * 60,
  lockSeconds: 15 * 60,
  perEmail: 5,
  perAddress: 30,
} as const;

export type ThrottleKeys = { email: string; address: string | null };

const keysOf = ({ email, address }: ThrottleKeys) => [
  { key: `email:${email.trim().toLowerCase()}`, limit: THROTTLE.perEmail },
  ...(address ? [{ key: `ip:${address}`, limit: THROTTLE.perAddress }] : []),
];

/**
 * Counts this attempt against every key before its password is checked, in one atomic statement
 * per key, and answers the seconds to wait when a key is over its limit (null: go on). Counting
 * first is what holds under parallel guesses: of 500 sent at once for one email, 5 are checked.
 * A success is forgiven afterwards (forgiveSuccess). A window ends 15 minutes after it began, or
 * when its lock ends, whichever is later.
 */
export async function countAttempt(db: Db, keys: ThrottleKeys): Promise<number | null> {
  // The times are the app's, bound as values: Citus allows no stable function (now(), or
  // timestamptz ± interval) in an upsert's DO UPDATE or RETURNING.
  const at = Date.now();
  const now = sql`${new Date(at).toISOString()}::timestamptz`;
  const windowFloor = sql`${new Date(at - THROTTLE.windowSeconds * 1000).toISOString()}::timestamptz`;
  const lockEnd = sql`${new Date(at + THROTTLE.lockSeconds * 1000).toISOString()}::timestamptz`;
  let wait: number | null = null;
  for (const { key, limit } of keysOf(keys)) {
    const fresh = sql`(f.window_start < ${windowFloor} and (f.locked_until is null or f.locked_until <= ${now}))`;
    const [row] = await rows<{ failures: number; locked_until: string | Date | null }>(
      db,
      sql`insert into sign_in_failures as f (key, failures, window_start)
        values (${key}, 1, ${now})
        on conflict (key) do update set
          failures = case when ${fresh} then 1 else f.failures + 1 end,
          window_start = case when ${fresh} then ${now} else f.window_start end,
          locked_until = case
            when ${fresh} then null
            when f.failures + 1 > ${limit}::int and (f.locked_until is null or f.locked_until <= ${now})
              then ${lockEnd}
            else f.locked_until end
        returning failures, locked_until`,
    );
    if (row && row.failures > limit) {
      const left = row.locked_until ? Math.ceil((new Date(row.locked_until).getTime() - at) / 1000) : 1;
      wait = Math.max(wait ?? 1, left);
    }
  }
  // Old rows go as new ones come: the table holds only what failed lately.
  await db.execute(sql`delete from sign_in_failures where key in (
    select key from sign_in_failures
    where window_start < ${windowFloor} and (locked_until is null or locked_until < ${now})
    limit 100)`);
  return wait;
}

/**
 * A success clears its email's count, and takes its own attempt off its address's: many good
 * sign-ins from one office never lock it, and one good password does not reset a spray.
 */
export async function forgiveSuccess(db: Db, keys: ThrottleKeys): Promise<void> {
  await db.execute(sql`delete from sign_in_failures where key = ${`email:${keys.email.trim().toLowerCase()}`}`);
  if (keys.address) {
    await db.execute(
      sql`update sign_in_failures set failures = greatest(failures - 1, 0) where key = ${`ip:${keys.address}`}`,
    );
  }
}
