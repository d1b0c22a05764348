import { type SQL, sql } from "drizzle-orm";
import { localHourStart } from "@/lib/time/zone";
import type { Interval } from "./common";

/**
 * Time buckets in the project's zone, the same for every analysis over time: days, weeks (Monday)
 * and months are truncated in local time, so a DST day has 23 or 25 hours; hours are absolute
 * hours aligned on the local hour, so no hour is lost or doubled at a DST change. The first and
 * last bucket may be partial: the callers count only [from, to).
 */
export type Periods = { interval: Interval; from: string; to: string; timeZone: string };

/** `select bucket, next`: every bucket that meets [from, to), in order. */
export function bucketsQuery({ interval, from, to, timeZone: tz }: Periods): SQL {
  if (interval === "hour") {
    const origin = hourOrigin(tz, from);
    return sql`select bucket, bucket + interval '1 hour' as next
      from generate_series(${origin}, ${to}::timestamptz - interval '1 microsecond', interval '1 hour') as bucket`;
  }
  // The unit comes from a zod enum (day | week | month), never from input text.
  const unit = sql.raw(`'${interval}'`);
  const step = sql.raw(`interval '1 ${interval}'`);
  return sql`select local at time zone ${tz} as bucket, (local + ${step}) at time zone ${tz} as next
    from generate_series(
      date_trunc(${unit}, ${from}::timestamptz at time zone ${tz}),
      (${to}::timestamptz - interval '1 microsecond') at time zone ${tz},
      ${step}) as local`;
}

/** The start of the bucket an instant (a timestamptz expression) falls in. */
export function bucketOf(time: SQL, { interval, from, timeZone: tz }: Periods): SQL {
  if (interval === "hour") return sql`date_bin('1 hour', ${time}, ${hourOrigin(tz, from)})`;
  const unit = sql.raw(`'${interval}'`);
  return sql`(date_trunc(${unit}, ${time} at time zone ${tz}) at time zone ${tz})`;
}

function hourOrigin(tz: string, from: string): SQL {
  return sql`${localHourStart(tz, new Date(from)).toISOString()}::timestamptz`;
}
