import type os from "node:os";
import { describe, expect, it } from "vitest";
import { allowedHosts } from "./allowed-hosts";

const info = (address: string, family: "IPv4" | "IPv6") => ({ address, family }) as os.NetworkInterfaceInfo;
const interfaces = {
  lo: [info("127.0.0.1", "IPv4"), info("::1", "IPv6")],
  eth0: [info("192.0.2.2", "IPv4"), info("FE80::1", "IPv6")],
};

describe("allowedHosts", () => {
  it("is the machine's names and addresses by default, IPv6 in brackets as URLs write them", () => {
    expect(allowedHosts({}, interfaces, "Build-Box")).toEqual([
      "localhost",
      "127.0.0.1",
      "[::1]",
      "build-box",
      "192.0.2.2",
      "[fe80::1]",
    ]);
  });

  it("is exactly LOUPE_ALLOWED_HOSTS when set", () => {
    expect(allowedHosts({ LOUPE_ALLOWED_HOSTS: " Loupe.Example.com, *.internal ,," }, interfaces, "box")).toEqual([
      "loupe.example.com",
      "*.internal",
    ]);
  });
});
