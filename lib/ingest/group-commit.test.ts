import { describe, expect, it } from "vitest";
import { groupCommitOptionsFromEnv } from "./group-commit";

describe("group commit settings", () => {
  it("defaults to one writer and 5,000 events a group", () => {
    expect(groupCommitOptionsFromEnv({})).toEqual({ writers: 1, maxEvents: 5_000, waitBudgetMs: 5_000 });
    expect(groupCommitOptionsFromEnv({ LOUPE_INGEST_WRITERS: "4", LOUPE_INGEST_GROUP_EVENTS: "2500" })).toMatchObject({
      writers: 4,
      maxEvents: 2_500,
    });
  });

  it("refuses a value that is not a positive integer, naming the variable", () => {
    expect(() => groupCommitOptionsFromEnv({ LOUPE_INGEST_WRITERS: "two" })).toThrow(
      'LOUPE_INGEST_WRITERS must be a positive integer, not "two".',
    );
    expect(() => groupCommitOptionsFromEnv({ LOUPE_INGEST_GROUP_EVENTS: "0" })).toThrow(/LOUPE_INGEST_GROUP_EVENTS/);
  });
});
