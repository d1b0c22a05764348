import { describe, expect, it } from "vitest";
import { dashboardAccess, hostMatches } from "./dashboard-access";

describe("dashboardAccess", () => {
  const env = { LOUPE_ALLOWED_HOSTS: "loupe.example.com,*.internal,127.0.0.1,[::1]" };

  it("opens to the allowed hosts, whatever the port", () => {
    for (const host of [
      "loupe.example.com",
      "LOUPE.example.com:3000",
      "a.internal",
      "x.y.internal:80",
      "127.0.0.1:3000",
      "[::1]:3000",
    ]) {
      expect(dashboardAccess(host, env), host).toBe("open");
    }
  });

  it("refuses other hosts (DNS rebinding)", () => {
    for (const host of ["evil.example", "internal", "loupe.example.com.evil.example", "", null]) {
      expect(dashboardAccess(host, env), String(host)).toBe("misdirected");
    }
  });

  it("defaults to the machine's own names and addresses", () => {
    expect(dashboardAccess("localhost:3000", {})).toBe("open");
    expect(dashboardAccess("127.0.0.1", {})).toBe("open");
    expect(dashboardAccess("attacker.example", {})).toBe("misdirected");
    expect(hostMatches("a.b", ["*.b"])).toBe(true);
    expect(hostMatches(".b", ["*.b"])).toBe(false);
  });
});
