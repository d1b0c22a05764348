import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citusPlacement } from "@/db/citus";
import { type Database, openDatabase, rows } from "@/db/connect";
import { runMigrations } from "@/db/migrate";
import { createTestDatabase, driverName, onCitus } from "../support/database";

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

/** The schema as the catalog tells it: columns, indexes and constraints of the public tables. */
async function schemaOf(database: Database) {
  const tables = sql`(select c.oid from pg_class c where c.relnamespace = 'public'::regnamespace
    and c.relkind in ('r', 'p') and not c.relispartition)`;
  const columns = await rows<{ line: string }>(
    database.db,
    sql`select format('%s.%s %s%s%s', a.attrelid::regclass, a.attname, format_type(a.atttypid, a.atttypmod),
          case when a.attnotnull then ' not null' else '' end,
          coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')) as line
        from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where a.attrelid in ${tables} and a.attnum > 0 and not a.attisdropped order by 1`,
  );
  const indexes = await rows<{ line: string }>(
    database.db,
    sql`select pg_get_indexdef(i.indexrelid) as line from pg_index i where i.indrelid in ${tables} order by 1`,
  );
  const constraints = await rows<{ line: string }>(
    database.db,
    sql`select format('%s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) as line
        from pg_constraint where conrelid in ${tables} and contype <> 'n' order by 1`, // not-null: in columns (PGlite, PostgreSQL 17, lists them here too)
  );
  return {
    columns: columns.map((r) => r.line),
    indexes: indexes.map((r) => r.line),
    constraints: constraints.map((r) => r.line),
  };
}

describe(`Citus placement (${driverName})`, () => {
  let database: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it("names a placement for every table the migrations make (a new table without one fails here)", async () => {
    const made = await rows<{ name: string }>(
      database.db,
      sql`select relname as name from pg_class where relnamespace = 'public'::regnamespace
          and relkind in ('r', 'p') and not relispartition order by 1`,
    );
    expect(made.map((r) => r.name)).toEqual(Object.keys(citusPlacement).sort());
  });
});

const citus = await onCitus();

describe.runIf(citus)("on a Citus cluster", () => {
  let database: Db;
  let single: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    single = await openDatabase({ dataDir: "memory://" });
    await runMigrations(single);
  });
  afterAll(async () => {
    await database.drop();
    await single.close();
  });

  it("places every table as planned: person tables colocated by person, lookups by their key, the rest copied", async () => {
    const placed = await rows<{ name: string; method: string; column: string | null; colocated: boolean }>(
      database.db,
      sql`select p.logicalrelid::regclass::text as name, p.partmethod as method,
            column_to_column_name(p.logicalrelid, p.partkey) as column,
            p.colocationid = (select colocationid from pg_dist_partition where logicalrelid = 'persons'::regclass) as colocated
          from pg_dist_partition p where p.logicalrelid::regclass::text not like 'events\\_y%' order by 1`,
    );
    const expected = Object.entries(citusPlacement)
      .map(([name, placement]) => ({
        name,
        method: placement.kind === "reference" ? "n" : "h",
        column: placement.kind === "reference" ? null : placement.column,
        colocated: placement.kind === "person",
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(placed).toEqual(expected);
  });

  it("has the same schema as single-node PostgreSQL: columns, indexes, keys", async () => {
    expect(await schemaOf(database)).toEqual(await schemaOf(single));
  });

  it("places events partitions made later by the writer, by person and colocated", async () => {
    await database.db.execute(sql`create table events_y2031m01 partition of events
      for values from ('2031-01-01') to ('2031-02-01')`);
    const [placed] = await rows<{ method: string; colocated: boolean }>(
      database.db,
      sql`select partmethod as method,
            colocationid = (select colocationid from pg_dist_partition where logicalrelid = 'persons'::regclass) as colocated
          from pg_dist_partition where logicalrelid = 'events_y2031m01'::regclass`,
    );
    expect(placed).toEqual({ method: "h", colocated: true });
  });

  it("places nothing twice when migrations run again", async () => {
    await runMigrations(database);
    const [count] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from pg_dist_partition`);
    expect(count?.n).toBeGreaterThanOrEqual(Object.keys(citusPlacement).length);
  });
});
