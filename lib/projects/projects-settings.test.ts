import { describe, expect, it } from "vitest";
import { changeIngestSettings } from "./projects-settings";

describe("changeIngestSettings", () => {
  it("sets, replaces and clears the PII lists, redaction, IP handling and the rate limit", () => {
    const current = { pii: { drop: ["password"] }, demo: { seed: 1, events: 1, end: "x", complete: true } };
    const next = changeIngestSettings(current, {
      piiDrop: "password, ssn",
      piiHash: "email",
      redact: "off",
      urlSecrets: "off",
      ip: "discard",
      rateLimit: "500",
    });
    expect(next).toEqual({
      pii: { drop: ["password", "ssn"], hash: ["email"], redactPatterns: false, stripUrlSecrets: false },
      ipHandling: "discard",
      ingestRateLimit: 500,
      demo: current.demo,
    });
    expect(changeIngestSettings(next, { piiDrop: "", rateLimit: "default" })).toEqual({
      pii: { drop: [], hash: ["email"], redactPatterns: false, stripUrlSecrets: false },
      ipHandling: "discard",
      demo: current.demo,
    });
    expect(current.pii.drop).toEqual(["password"]); // not changed in place
  });

  it("refuses values it cannot mean, saying which", () => {
    expect(() => changeIngestSettings({}, { redact: "yes" })).toThrow('--redact is on or off, not "yes"');
    expect(() => changeIngestSettings({}, { urlSecrets: "1" })).toThrow('--url-secrets is on or off, not "1"');
    expect(() => changeIngestSettings({}, { ip: "hash" })).toThrow(/--ip is truncate or discard/);
    expect(() => changeIngestSettings({}, { rateLimit: "0" })).toThrow(/--rate-limit/);
    expect(() => changeIngestSettings({}, { rateLimit: "fast" })).toThrow(/--rate-limit/);
  });
});
