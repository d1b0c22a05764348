import { describe, expect, it } from "vitest";
import { describeError } from "./log-error";

describe("describeError", () => {
  it("names a failed query by its text and SQLSTATE, without its parameters or quoted values", () => {
    const cause = Object.assign(new Error('invalid input syntax for type timestamp: "carol@example.com"'), {
      code: "22007",
    });
    const error = Object.assign(
      new Error('Failed query: select * from events where ts >= $1\nparams: carol@example.com,{"email":"x"}'),
      { cause },
    );
    const line = describeError(error);
    expect(line).toMatch(
      /^database error 22007: invalid input syntax for type timestamp: … in "select \* from events where ts >= \$1"/,
    );
    expect(line).not.toContain("carol");
    expect(line).not.toContain("params");
  });

  it("keeps other errors to their name, code and first line", () => {
    const line = describeError(Object.assign(new Error("read ECONNRESET\nmore"), { code: "ECONNRESET" }));
    expect(line).toMatch(/^Error ECONNRESET: read ECONNRESET/);
    expect(line).not.toContain("more");
  });
});
