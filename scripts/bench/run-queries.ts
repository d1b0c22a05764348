// Times each query case through runQuery (warm, N runs: median, p95), then EXPLAINs (ANALYZE,
// BUFFERS) every SELECT the run issued, with the same parameters, and saves the plans.
import fs from "node:fs";
import path from "node:path";
import type { Logger } from "drizzle-orm";
import pg from "pg";
import { openDatabase } from "@/db/connect";
import { queryParamsSchema, runQuery } from "@/lib/analytics/run-query";
import { FULL_PII_ACCESS } from "@/lib/persons/pii";
import { getProjectBySlug } from "@/lib/projects/projects";
import type { QueryCase } from "./queries";
import { percentile, round } from "./stats";

export type QueryFigures = {
  name: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  targetMs: number | null;
  /** Rows read by the plans' scan nodes (EXPLAIN ANALYZE), all statements of the query summed. */
  rowsScanned: number;
  sharedHitBlocks: number;
  sharedReadBlocks: number;
  statements: number;
  /** Resident memory of this process while the case ran (the app process's share of the work). */
  peakRssMb: number;
  plan: string;
};

type Recorded = { query: string; params: unknown[] };

export async function benchQueries(options: {
  url: string;
  slug: string;
  end: number;
  /** What the generated data set holds (some cases pick a person by it). */
  dataset: { persons: number };
  cases: QueryCase[];
  runs: number;
  plansDir: string;
  onCase?: (figures: QueryFigures) => void;
  /** A case that failed (a statement timeout…): said, and the next case runs. */
  onFailure?: (name: string, error: Error) => void;
}): Promise<QueryFigures[]> {
  let recording: Recorded[] | null = null;
  const logger: Logger = {
    logQuery(query, params) {
      // The analysis's own statements (not readOnly's `select set_config(…)`).
      if (recording && /^\s*(select|with)\b/i.test(query) && !/^\s*select set_config\(/i.test(query)) {
        recording.push({ query, params });
      }
    },
  };
  const handle = await openDatabase({ databaseUrl: options.url, poolSize: 2, logger });
  const explainer = new pg.Client({ connectionString: options.url });
  await explainer.connect();
  fs.mkdirSync(options.plansDir, { recursive: true });
  try {
    const found = await getProjectBySlug(handle.db, options.slug);
    if (!found) throw new Error(`no project "${options.slug}" in the benchmark database`);
    const project = found;
    const results: QueryFigures[] = [];
    for (const queryCase of options.cases) {
      try {
        results.push(await benchCase(queryCase));
      } catch (error) {
        recording = null;
        options.onFailure?.(queryCase.name, error as Error);
      }
    }
    return results;

    async function benchCase(queryCase: QueryCase): Promise<QueryFigures> {
      const run =
        "run" in queryCase
          ? () => queryCase.run(handle.db, project, options.end, options.dataset)
          : (
              (params) => () =>
                runQuery(handle.db, project, params, FULL_PII_ACCESS)
            )(queryParamsSchema.parse(queryCase.request(options.end)));
      // Warm-up run, recording the statements it issues.
      recording = [];
      await run();
      const statements = recording;
      recording = null;

      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 5);
      const times: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        const started = performance.now();
        await run();
        times.push(performance.now() - started);
      }
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);

      const explained = await explainAll(explainer, statements);
      const plan = path.join(options.plansDir, `${slugify(queryCase.name)}.txt`);
      fs.writeFileSync(plan, explained.text);
      times.sort((a, b) => a - b);
      const figures: QueryFigures = {
        name: queryCase.name,
        runs: options.runs,
        medianMs: round(percentile(times, 0.5)),
        p95Ms: round(percentile(times, 0.95)),
        minMs: round(times[0] ?? 0),
        targetMs: queryCase.targetMs ?? null,
        ...explained.totals,
        statements: statements.length,
        peakRssMb: Math.round(peak / 2 ** 20),
        plan,
      };
      options.onCase?.(figures);
      return figures;
    }
  } finally {
    await explainer.end();
    await handle.close();
  }
}

type PlanNode = {
  "Node Type": string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
};

/** EXPLAIN (ANALYZE, BUFFERS) of each statement: text for people, totals from the JSON form. */
async function explainAll(client: pg.Client, statements: Recorded[]) {
  const totals = { rowsScanned: 0, sharedHitBlocks: 0, sharedReadBlocks: 0 };
  const texts: string[] = [];
  for (const { query, params } of statements) {
    const json = await client.query(`explain (analyze, buffers, format json) ${query}`, params);
    const root = (json.rows[0]["QUERY PLAN"] as { Plan: PlanNode }[])[0]?.Plan;
    if (root) {
      totals.sharedHitBlocks += root["Shared Hit Blocks"] ?? 0;
      totals.sharedReadBlocks += root["Shared Read Blocks"] ?? 0;
      totals.rowsScanned += scannedRows(root);
    }
    const text = await client.query(`explain (analyze, buffers) ${query}`, params);
    texts.push(
      `-- ${query.replace(/\s+/g, " ").trim()}\n-- params: ${JSON.stringify(params)}\n` +
        text.rows.map((r) => r["QUERY PLAN"]).join("\n"),
    );
  }
  return { totals, text: `${texts.join("\n\n")}\n` };
}

// Nodes that read stored rows (not generate_series or CTE re-reads).
const TABLE_SCANS = new Set(["Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Tid Scan"]);

function scannedRows(node: PlanNode): number {
  const own = TABLE_SCANS.has(node["Node Type"])
    ? ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0)) * (node["Actual Loops"] ?? 1)
    : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + scannedRows(child), 0);
}

const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
