import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/errors";
import { refusePiiProbes } from "./pii";

const masked = { canSeePii: false };
const full = { canSeePii: true };

const refused = (input: unknown, search?: string) => {
  try {
    refusePiiProbes(input, masked, search);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return (error as ApiError).code;
  }
};

describe("refusePiiProbes", () => {
  it("refuses, without access, a trait probed by part and any value that is personal data", () => {
    expect(refused({ where: [{ property: "person.email", op: "contains", value: "ali" }] })).toBe("pii_required");
    expect(refused({ steps: [{ event: "a", where: [{ property: "account.owner", op: "gt", value: "m" }] }] })).toBe(
      "pii_required",
    );
    expect(refused({ where: [{ property: "email", op: "eq", value: "ada@example.com" }] })).toBe("pii_required");
    expect(refused({ where: [{ property: "person.x", op: "in", value: ["a", "+1 415 555 0100"] }] })).toBe(
      "pii_required",
    );
    expect(refused(null, "ada@example.com")).toBe("pii_required");
  });

  it("lets ordinary filters and searches through, and everything with access", () => {
    expect(refused({ where: [{ property: "person.plan", op: "eq", value: "team" }] })).toBeNull();
    expect(refused({ where: [{ property: "url", op: "contains", value: "/pricing" }] })).toBeNull();
    expect(refused(null, "user_12")).toBeNull();
    expect(() =>
      refusePiiProbes({ where: [{ property: "person.email", op: "contains", value: "@" }] }, full, "a@b.co"),
    ).not.toThrow();
  });
});
