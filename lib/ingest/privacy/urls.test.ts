import { describe, expect, it } from "vitest";
import { isSecretName, stripSecretParams } from "./urls";

describe("stripSecretParams", () => {
  it.each([
    ["/reset?email=x&token=abc123", "/reset?email=x"],
    ["https://app.example.com/login?next=%2F&password=hunter2#top", "https://app.example.com/login?next=%2F#top"],
    ["?code=4/0Ab&state=xyz", "?state=xyz"],
    ["/cb?access_token=a&apiKey=b", "/cb"],
    ["see https://x.test/a?session_id=1&page=2 and /b?sig=3", "see https://x.test/a?page=2 and /b"],
    ["?token=1", ""],
  ])("removes the secrets of %j", (input, expected) => {
    expect(stripSecretParams(input)).toBe(expected);
  });

  it("keeps what only looks close", () => {
    for (const keep of ["/search?q=key&keyword=x&monkey=1", "/p?id=1", "no query", "a?b", "what? yes=no"]) {
      expect(stripSecretParams(keep)).toBe(keep);
    }
    expect(isSecretName("keyword")).toBe(false);
    expect(isSecretName("reset%5Ftoken")).toBe(true);
    expect(isSecretName("clientSecret")).toBe(true);
  });
});
