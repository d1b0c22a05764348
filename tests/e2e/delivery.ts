import pg from "pg";
import { ingestPost } from "./helpers";

/**
 * What an SDK does: retry on 5xx, 429 and network errors with backoff (250 ms more each time, up
 * to ~50 s in all), to the origin `to()` names at each attempt; true once acknowledged.
 */
export async function sendUntilAcknowledged(
  batch: unknown[],
  statuses: number[],
  to: () => string | undefined = () => undefined,
): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const response = await ingestPost("/v1/batch", { batch }, { origin: to() });
      statuses.push(response.status);
      if (response.status === 200) return response.body.accepted + response.body.duplicates === batch.length;
    } catch {
      statuses.push(0); // no answer: the connection was refused or dropped
    }
    await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)));
  }
  return false;
}

/** How many events of this name the database holds, and how many distinct message ids. */
export async function storedEvents(databaseUrl: string, event: string): Promise<{ n: number; distinct_ids: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select count(*)::int as n, count(distinct e.message_id)::int as distinct_ids
       from events e join event_definitions d on d.id = e.event_id where d.name = $1`,
      [event],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

export function countBy(values: number[]): Record<number, number> {
  return values.reduce<Record<number, number>>((acc, v) => {
    acc[v] = (acc[v] ?? 0) + 1;
    return acc;
  }, {});
}
