import { describe, expect, it } from "vitest";
import { copyText } from "./copy-text";

describe("copyText (COPY's text format)", () => {
  it("separates columns by tabs and ends every row with a newline; null and undefined are \\N", () => {
    expect(
      copyText([
        [1, "a", null],
        [2n, undefined, "2026-01-01T00:00:00.000Z"],
      ]),
    ).toBe("1\ta\t\\N\n2\t\\N\t2026-01-01T00:00:00.000Z\n");
    expect(copyText([])).toBe("");
  });

  it("escapes backslash, tab, newline and carriage return inside values, and nothing else", () => {
    expect(copyText([["a\\b", "tab\there", "two\nlines", "cr\r", "\\N"]])).toBe(
      "a\\\\b\ttab\\there\ttwo\\nlines\tcr\\r\t\\\\N\n",
    );
    // JSON text keeps its own escapes: the backslash is doubled, so PostgreSQL reads the JSON back.
    expect(copyText([[JSON.stringify({ q: 'say "hi"\n', "x'); drop table events; --": "é😀" })]])).toBe(
      '{"q":"say \\\\"hi\\\\"\\\\n","x\'); drop table events; --":"é😀"}\n',
    );
  });
});
