import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeReason, REASONS } from "./reasons";

/** Every string lib/ingest rejects with or counts as an issue, read from its source. */
function reasonsInIngestSource(): Set<string> {
  const root = path.resolve(__dirname, "../../ingest");
  const files = fs.readdirSync(root, { recursive: true, encoding: "utf8" });
  const patterns = [
    /code: "([a-z_]+)"/g,
    /reject\(\s*index,\s*[^,]+,\s*"([a-z_]+)"/g,
    /\.add\([^;]*?,\s*"([a-z_]+)"/g,
    /reasons\.add\("([a-z_]+)"\)/g,
  ];
  const found = new Set<string>();
  for (const file of files) {
    if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
    const text = fs.readFileSync(path.join(root, file), "utf8");
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.add(match[1] as string);
  }
  return found;
}

describe("REASONS", () => {
  it("classifies every reason lib/ingest can count", () => {
    const found = reasonsInIngestSource();
    // A refused batch context is a 400 for the whole request: not an event, never counted.
    found.delete("invalid_context");
    expect(found.size).toBeGreaterThan(20);
    expect([...found].filter((reason) => !Object.hasOwn(REASONS, reason))).toEqual([]);
  });

  it("names the class of the reasons the brief lists", () => {
    expect(describeReason("duplicate").classification).toBe("duplicate");
    for (const reason of ["future_timestamp", "sanitized_text", "missing_message_id", "merge_refused", "pii_dropped"]) {
      expect(describeReason(reason).classification).toBe("altered");
    }
    for (const reason of ["missing_event", "id_too_long", "too_many_events", "beyond_backfill_limit"]) {
      expect(describeReason(reason).classification).toBe("rejected");
    }
  });

  it("takes an unknown reason (a newer server's) as a rejection, and no inherited key as a reason", () => {
    expect(describeReason("brand_new_code")).toEqual({
      classification: "rejected",
      explanation: "Refused at ingestion (brand_new_code).",
    });
    expect(describeReason("constructor").classification).toBe("rejected");
  });
});
