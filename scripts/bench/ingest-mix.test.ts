import { describe, expect, it } from "vitest";
import { realisticMessages } from "./ingest-mix";

const end = new Date("2026-12-03T12:00:00Z");

describe("the realistic ingestion mix", () => {
  const messages = [...realisticMessages({ events: 20_000, seed: 11, end })];

  it("sends the issue's shares of calls, names and context", () => {
    const share = (type: string) => messages.filter((m) => m.type === type).length / messages.length;
    expect(share("track")).toBeCloseTo(0.85, 1);
    expect(share("page")).toBeCloseTo(0.08, 1);
    expect(share("identify")).toBeCloseTo(0.05, 1);
    expect(share("group")).toBeCloseTo(0.02, 1);
    const names = new Set(messages.filter((m) => m.type === "track").map((m) => m.event));
    expect(names.size).toBeGreaterThanOrEqual(25);
    expect(names.size).toBeLessThanOrEqual(35);
    for (const m of messages) {
      const context = m.context as { userAgent?: string; app?: { version?: string } };
      expect(context.userAgent).toBeTruthy();
      expect(context.app?.version).toBeTruthy();
    }
    const persons = new Set(messages.map((m) => m.anonymousId));
    expect(persons.size).toBeGreaterThan(5_000);
    const accounts = new Set(messages.filter((m) => m.type === "group").map((m) => m.groupId));
    expect(accounts.size).toBeGreaterThan(100);
  });

  it("identifies returning visitors, who then send their user id", () => {
    const identified = new Set<unknown>();
    let after = 0;
    for (const m of messages) {
      if (m.type === "identify") identified.add(m.anonymousId);
      else if (identified.has(m.anonymousId)) {
        expect(m.userId).toBeTruthy();
        after++;
      }
    }
    expect(after).toBeGreaterThan(100);
  });

  it("is in time order over the last day, and the same for the same seed", () => {
    const times = messages.map((m) => Date.parse(m.timestamp as string));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(end.getTime() - 86_400_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(end.getTime());
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(messages.length);
    expect([...realisticMessages({ events: 20_000, seed: 11, end })]).toEqual(messages);
  });
});
