import { describe, expect, it } from "vitest";
import { StoredRows } from "./stored-rows";

describe("StoredRows", () => {
  it("remembers a batch's rows only once it committed, and skips them in later batches", () => {
    const stored = new StoredRows();
    const first = stored.batch();
    expect(first.known("d:1:7:0")).toBe(false);
    expect(first.known("m:1:7:3")).toBe(false);
    // Not committed yet: a concurrent batch sends the same rows.
    expect(stored.batch().known("d:1:7:0")).toBe(false);
    first.committed();
    const second = stored.batch();
    expect(second.known("d:1:7:0")).toBe(true);
    expect(second.known("m:1:7:3")).toBe(true);
    expect(second.known("d:1:8:0")).toBe(false);
  });

  it("forgets a batch that rolled back: its rows are sent again", () => {
    const stored = new StoredRows();
    stored.batch().known("d:1:7:0"); // never committed
    expect(stored.has("d:1:7:0")).toBe(false);
  });
});
