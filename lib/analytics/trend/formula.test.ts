import { describe, expect, it } from "vitest";
import { evaluateFormula, FormulaError, lettersOf, parseFormula } from "./formula";

const values: Record<string, number | null> = { A: 200, B: 10, C: 0, D: null };
const run = (text: string) => evaluateFormula(parseFormula(text), (letter) => values[letter] ?? null);

describe("trend formulas", () => {
  it("computes with the usual precedence and parentheses", () => {
    expect(run("B / A")).toBe(0.05);
    expect(run("B / A * 100")).toBe(5);
    expect(run("(A - B) / A")).toBe(0.95);
    expect(run("A - B * 2")).toBe(180);
    expect(run("-B + 1.5")).toBe(-8.5);
    expect(run("b/a")).toBe(0.05);
  });

  it("gives null for a division by zero or a missing value, never an error", () => {
    expect(run("A / C")).toBeNull();
    expect(run("A + D")).toBeNull();
    expect(run("A / (B - 10)")).toBeNull();
  });

  it("names the series it reads", () => {
    expect(lettersOf(parseFormula("(A + B) / A - C"))).toEqual(["A", "B", "C"]);
  });

  it.each(["", "A +", "A B", "(A", "A)", "A % B", "2 ** 3"])("refuses %j", (text) => {
    expect(() => parseFormula(text)).toThrow(FormulaError);
  });
});
