/**
 * Formulas between a trend's series (`B / A`, `(A - B) / A * 100`): the series by letter (A is
 * the first), numbers, + − × ÷ and parentheses. Parsed once into a tree and evaluated per point;
 * a division by zero, or a missing operand, is a null point, never an error.
 */
export type Formula =
  | { kind: "series"; letter: string }
  | { kind: "number"; value: number }
  | { kind: "negate"; operand: Formula }
  | { kind: "binary"; op: "+" | "-" | "*" | "/"; left: Formula; right: Formula };

export const SERIES_LETTERS = "ABCDEFGHIJ";

/** A series' letter in formulas and tables: A for the first. */
export const seriesLetter = (index: number): string => SERIES_LETTERS[index] ?? `S${index + 1}`;

/** A series' index (0 for A) from its letter. */
export const seriesIndexOf = (letter: string): number => SERIES_LETTERS.indexOf(letter);

export class FormulaError extends Error {}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z])|([-+*/()]))/y;

/** The tree of `text`, or a FormulaError saying where it went wrong. */
export function parseFormula(text: string): Formula {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new FormulaError(`unexpected "${text.slice(start).trim()[0]}" at ${start + 1}`);
    tokens.push((m[1] ?? m[2]?.toUpperCase() ?? m[3]) as string);
  }
  if (tokens.length === 0) throw new FormulaError("is empty");
  let at = 0;
  const peek = () => tokens[at];
  const expression = (): Formula => {
    let left = term();
    while (peek() === "+" || peek() === "-") {
      const op = tokens[at++] as "+" | "-";
      left = { kind: "binary", op, left, right: term() };
    }
    return left;
  };
  const term = (): Formula => {
    let left = factor();
    while (peek() === "*" || peek() === "/") {
      const op = tokens[at++] as "*" | "/";
      left = { kind: "binary", op, left, right: factor() };
    }
    return left;
  };
  const factor = (): Formula => {
    const token = tokens[at++];
    if (token === undefined) throw new FormulaError("ends too early");
    if (token === "-") return { kind: "negate", operand: factor() };
    if (token === "(") {
      const inner = expression();
      if (tokens[at++] !== ")") throw new FormulaError('misses a ")"');
      return inner;
    }
    if (/^\d/.test(token)) return { kind: "number", value: Number(token) };
    if (/^[A-Z]$/.test(token)) return { kind: "series", letter: token };
    throw new FormulaError(`unexpected "${token}"`);
  };
  const tree = expression();
  if (at < tokens.length) throw new FormulaError(`unexpected "${tokens[at]}"`);
  return tree;
}

/** The series letters a formula reads. */
export function lettersOf(formula: Formula): string[] {
  switch (formula.kind) {
    case "series":
      return [formula.letter];
    case "number":
      return [];
    case "negate":
      return lettersOf(formula.operand);
    case "binary":
      return [...new Set([...lettersOf(formula.left), ...lettersOf(formula.right)])];
  }
}

/** The formula's value with each letter's value; null when one is null or a divisor is 0. */
export function evaluateFormula(formula: Formula, values: (letter: string) => number | null): number | null {
  switch (formula.kind) {
    case "series":
      return values(formula.letter);
    case "number":
      return formula.value;
    case "negate": {
      const v = evaluateFormula(formula.operand, values);
      return v === null ? null : -v;
    }
    case "binary": {
      const l = evaluateFormula(formula.left, values);
      const r = evaluateFormula(formula.right, values);
      if (l === null || r === null) return null;
      if (formula.op === "/") return r === 0 ? null : l / r;
      return formula.op === "+" ? l + r : formula.op === "-" ? l - r : l * r;
    }
  }
}
