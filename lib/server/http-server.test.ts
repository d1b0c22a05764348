import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);

describe("lib/server/http-server.cjs", () => {
  it("puts the connection's own address in x-loupe-peer-address, whatever the client sent", async () => {
    require("./http-server.cjs");
    const seen: (string | undefined)[] = [];
    const server = http.createServer((request, response) => {
      seen.push(request.headers["x-loupe-peer-address"] as string | undefined);
      response.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/`, {
      headers: { "x-loupe-peer-address": "203.0.113.9", "x-forwarded-for": "198.51.100.1" },
    });
    server.close();
    expect(seen).toEqual(["127.0.0.1"]);
    expect(server.headersTimeout).toBe(10_000);
  });
});
