import { describe, expect, it } from "vitest";
import { cellsOf } from "./fixtures.js";
import { codeBlock, codeSpan, escapeMarkdown, formatNumber, formatValue, headingAnchor, markdownTable } from "../../src/report/format.js";

describe("formatNumber", () => {
  it("uses 4 significant digits, exponents for tiny and huge values, and — for null", () => {
    expect(formatNumber(null)).toBe("—");
    expect(formatNumber(undefined)).toBe("—");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(-0.49123456)).toBe("-0.4912");
    expect(formatNumber(3.14159)).toBe("3.142");
    expect(formatNumber(1.23456e-9)).toBe("1.235e-9");
    expect(formatNumber(3.5e17)).toBe("3.500e+17");
    expect(formatNumber(12345.678)).toBe("12350");
    expect(formatNumber(0.001)).toBe("0.001");
    expect(formatNumber(0.00099)).toBe("9.900e-4");
  });

  it("prints integers below 10⁶ exactly (counts, widths, seeds) and spells out non-finite values", () => {
    expect(formatNumber(123456)).toBe("123456");
    expect(formatNumber(1024)).toBe("1024");
    expect(formatNumber(4294967295)).toBe("4.295e+9");
    expect(formatNumber(Infinity)).toBe("∞");
    expect(formatNumber(-Infinity)).toBe("-∞");
    expect(formatNumber(NaN)).toBe("NaN");
  });
});

describe("escapeMarkdown", () => {
  it("escapes pipes, backticks, <, emphasis and link characters, and joins lines", () => {
    expect(escapeMarkdown("a|b")).toBe("a\\|b");
    expect(escapeMarkdown("`code`")).toBe("\\`code\\`");
    expect(escapeMarkdown("<script>")).toBe("\\<script\\>");
    expect(escapeMarkdown("H* and x_i, [a](b) ~~s~~ & #1 !")).toBe("H\\* and x\\_i, \\[a\\](b) \\~\\~s\\~\\~ \\& \\#1 \\!");
    expect(escapeMarkdown("back\\slash")).toBe("back\\\\slash");
    expect(escapeMarkdown("two\nlines\r\nthree")).toBe("two lines three");
  });

  it("keeps a table row's cell count whatever the text", () => {
    const row = markdownTable(["a", "b"], [[escapeMarkdown("x|y|z"), escapeMarkdown("`|`")]]).split("\n")[2];
    expect(cellsOf(row)).toHaveLength(2);
  });
});

describe("other primitives", () => {
  it("code blocks and spans use a fence longer than any backtick run inside", () => {
    expect(codeBlock("a ``` b", "json")).toBe("````json\na ``` b\n````");
    expect(codeBlock("plain")).toBe("```\nplain\n```");
    expect(codeSpan("npx x")).toBe("`npx x`");
    expect(codeSpan("a`b")).toBe("``a`b``");
  });

  it("formats measurement values: arrays in escaped brackets, booleans as yes/no, strings escaped", () => {
    expect(formatValue([1, 2.5, null])).toBe("\\[1, 2.5, —\\]");
    expect(formatValue(Array.from({ length: 20 }, (_, k) => k))).toMatch(/, … \(20 values\)\\\]$/);
    expect(formatValue(true)).toBe("yes");
    expect(formatValue("a|b")).toBe("a\\|b");
    expect(formatValue(null)).toBe("—");
  });

  it("heading anchors follow GitHub's rules (punctuation dropped, spaces to hyphens)", () => {
    expect(headingAnchor("N1 — The limit kernel H*")).toBe("n1--the-limit-kernel-h");
    expect(headingAnchor("P4 — Activation comparison: softmax vs exp vs ReLU")).toBe("p4--activation-comparison-softmax-vs-exp-vs-relu");
    expect(headingAnchor("T2 — Convergence within T = log(‖F(0) − Y‖²/ε)")).toBe("t2--convergence-within-t--logf0--yε");
  });

  it("tables pad short rows to the header's width", () => {
    const t = markdownTable(["a", "b", "c"], [["1"]]);
    expect(t.split("\n")).toEqual(["| a | b | c |", "| --- | --- | --- |", "| 1 |   |   |"]);
  });
});
