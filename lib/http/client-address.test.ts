import { describe, expect, it } from "vitest";
import { clientAddress, PEER_HEADER } from "./client-address";

const headers = (peer: string | null, forwarded?: string) =>
  new Headers({ ...(peer ? { [PEER_HEADER]: peer } : {}), ...(forwarded ? { "x-forwarded-for": forwarded } : {}) });

describe("clientAddress", () => {
  it("is the connection's own address, whatever X-Forwarded-For says", () => {
    expect(clientAddress(headers("203.0.113.5", "10.0.0.1"), {})).toBe("203.0.113.5");
    expect(clientAddress(headers(null, "10.0.0.1"), {})).toBeNull();
  });

  it("behind trusted proxies, the first untrusted hop from the right", () => {
    const env = { LOUPE_TRUSTED_PROXIES: "10.0.0.2, 10.0.0.3" };
    expect(clientAddress(headers("10.0.0.2", "198.51.100.7"), env)).toBe("198.51.100.7");
    expect(clientAddress(headers("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.3"), env)).toBe("198.51.100.7");
    expect(clientAddress(headers("10.0.0.2"), env)).toBe("10.0.0.2");
    expect(clientAddress(headers("203.0.113.9", "198.51.100.7"), env)).toBe("203.0.113.9");
  });
});
