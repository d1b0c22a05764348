import { describe, expect, it } from "vitest";
import { publicOrigin } from "./public-origin";

const request = (headers: Record<string, string>) => new Request("http://localhost:3000/api/x", { headers });

describe("publicOrigin", () => {
  it("is the host the caller used, with its Origin's scheme", () => {
    expect(publicOrigin(request({ host: "127.0.0.1:4000" }), {})).toBe("http://127.0.0.1:4000");
    expect(publicOrigin(request({ host: "loupe.example", origin: "https://loupe.example" }), {})).toBe(
      "https://loupe.example",
    );
    expect(publicOrigin(request({ host: "loupe.example", origin: "https://evil.example" }), {})).toBe(
      "http://loupe.example",
    );
  });

  it("is LOUPE_PUBLIC_URL when set", () => {
    expect(publicOrigin(request({ host: "10.0.0.2:3000" }), { LOUPE_PUBLIC_URL: "https://loupe.example/" })).toBe(
      "https://loupe.example",
    );
  });
});
