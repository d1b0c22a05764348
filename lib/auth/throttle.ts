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

/** Seconds until these keys may try again, or null when none is locked. */
export async function lockedFor(db: Db, keys: ThrottleKeys): Promise<number | null> {
  const names = keysOf(keys).map((k) => k.key);
  const [row] = await rows<{ seconds: number | null }>(
    db,
    sql`select ceil(extract(epoch from max(locked_until) - now()))::int as seconds
      from sign_in_failures where key in (${sql.join(
        names.map((n) => sql`${n}`),
        sql`, `,
      )}) and locked_until > now()`,
  );
  return row?.seconds && row.seconds > 0 ? row.seconds : null;
}

/** Counts a failure against every key; a key reaching its limit is locked. */
export async function recordFailure(db: Db, keys: ThrottleKeys): Promise<void> {
  const windowSql = sql.raw(`interval '${THROTTLE.windowSeconds} seconds'`);
  const lockSql = sql.raw(`interval '${THROTTLE.lockSeconds} seconds'`);
  for (const { key, limit } of keysOf(keys)) {
    await db.execute(sql`
      insert into sign_in_failures as f (key, failures, window_start, locked_until)
      values (${key}, 1, now(), case when 1 >= ${limit}::int then now() + ${lockSql} end)
      on conflict (key) do update set
        failures = case when f.window_start < now() - ${windowSql} then 1 else f.failures + 1 end,
        window_start = case when f.window_start < now() - ${windowSql} then now() else f.window_start end,
        locked_until = case
          when (case when f.window_start < now() - ${windowSql} then 1 else f.failures + 1 end) >= ${limit}::int
            then now() + ${lockSql}
          else f.locked_until end`);
  }
  // Old rows go as new ones come: the table holds only what failed lately.
  await db.execute(sql`delete from sign_in_failures where key in (
    select key from sign_in_failures
    where window_start < now() - ${windowSql} and (locked_until is null or locked_until < now())
    limit 100)`);
}

export async function clearFailures(db: Db, email: string): Promise<void> {
  await db.execute(sql`delete from sign_in_failures where key = ${`email:${email.trim().toLowerCase()}`}`);
}
