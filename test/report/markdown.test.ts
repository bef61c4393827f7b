import { describe, expect, it } from "vitest";
import { N4 } from "../../properties/ntkInit.js";
import { P1 } from "../../properties/perturbation.js";
import { PROFILES } from "../../properties/engine/profiles.js";
import { runVerify } from "../../properties/engine/verifyRun.js";
import { renderMarkdown, renderSummary } from "../../src/report/markdown.js";
import { renderStepSummary } from "../../src/report/stepSummary.js";
import { FIXTURE, cellsOf } from "./fixtures.js";

const md = renderMarkdown(FIXTURE, { toolVersion: "9.9.9" });
const lines = md.split("\n");

/** The tables of a Markdown text: runs of lines starting with `|`. */
function tables(text: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("|")) current.push(line);
    else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

describe("REPORT.md", () => {
  it("has the title, the how-to-read paragraph, the environment and a summary row per claim × variant", () => {
    expect(lines[0]).toBe("# softmax-ntk verification report");
    expect(md).toMatch(/\*\*How to read this report\.\*\*/);
    expect(md).toMatch(/\| tool \| softmax-ntk 9\.9\.9 \(result format 1\) \|/);
    expect(md).toMatch(/\| Node\.js \| v20\.0\.0 on linux\/x64 \|/);
    expect(md).toMatch(/\| profile \| quick: 20 cases/);
    expect(md).toMatch(/\| seed \| 5 \|/);
    expect(md).toMatch(/\| started \| 2025-01-02T03:04:05\.000Z \|/);
    expect(md).toMatch(/\| run time \| 1\.234 s \|/);
    expect(md).toContain("2 claims, 5 claim × variant results: 1 hold, **2 violated**, 1 inconclusive, 1 assumption-unmet.");
    for (const claim of FIXTURE.claims) {
      expect(md).toContain(`## ${claim.id} — `);
      for (const r of claim.results) expect(md).toContain(`### ${claim.id} · ${r.variant.replace(/_/g, "\\_")}: ${r.verdict}`);
    }
  });

  it("links each claim from the summary to its section's GitHub anchor", () => {
    expect(md).toContain("[X1](#x1--pipes--and-ticks-bboldb)");
    expect(md).toContain("## X1 — Pipes \\| and \\`ticks\\` \\<b\\>bold\\</b\\>");
    expect(md).toContain("[X2](#x2--title-of-x2)");
  });

  it("escapes data-derived text: no raw pipes, backticks or tags leak out of it", () => {
    expect(md).not.toContain("<b>");
    expect(md).toContain("a\\|b\\|");
    expect(md).toContain("held \\| with \\<pipes\\>");
    expect(md).toContain("‖H − H\\*‖\\_F ≤ a\\|b\\| with \\*stars\\* and \\[brackets\\](x) and a line break");
    for (const t of tables(md)) {
      const width = cellsOf(t[0]).length;
      for (const row of t) expect(cellsOf(row), row).toHaveLength(width);
    }
  });

  it("formats every number the same way and shows null as —", () => {
    expect(md).toContain("| slope | -0.4912 |");
    expect(md).toContain("| tiny | 1.235e-9 |");
    expect(md).toContain("| huge | 3.500e+17 |");
    expect(md).toContain("| count | 123456 |");
    expect(md).toContain("| missing | — |");
    expect(md).toContain("| flag | yes |");
    expect(md).toContain("| list | \\[1, 2.5, —\\] |");
    expect(md).toContain("| x\\|y | 1.234e-5 |");
    expect(md).toContain("| — | 42 |");
    expect(md).toContain("slope = —");
  });

  it("renders findings tables with their titles, and coverage counts", () => {
    expect(md).toContain("*Table \\| one*");
    expect(md).toContain("| a\\|b | \\`c\\` |");
    expect(md).toContain("**Coverage** (10 cases measured; a case carries several labels): σ\\<0.75 3 · data=sphere 7.");
  });

  it("links figures with captions, and says so when a series has nothing to draw", () => {
    expect(md).toContain("![Test rate: error vs width](figures/X1-scale-m-init-iid-rate.svg)");
    expect(md).toContain("![Test level](figures/X1-scale-m-init-iid-level.svg)");
    expect(md).toMatch(/\*Figure 1: Test rate: error vs width\.\* Lines should be parallel to the dashed one\. \(1 point\(s\) that cannot be drawn/);
    expect(md).toContain("*Figure 3: Nothing to draw* — no data to draw.");
  });

  it("prints the replay command for a shrunk counterexample and the rerun command for a statistical violation", () => {
    expect(md).toContain("```sh\nnpx softmax-ntk replay X1 --seed 4294954951 --path 3:1:0 --variant scale=sqrt,init=coupled --profile quick\n```");
    expect(md).toContain('````json\n{\n  "n": 2,\n  "note": "``` fence"\n}\n````');
    expect(md).toContain("```sh\nnpx softmax-ntk verify --profile quick --seed 5 --claims X2\n```");
    expect(md).toMatch(/### Where the claims fail\n\n- \[X1\]\(#x1--pipes--and-ticks-bboldb\) scale=sqrt,init=coupled \(violated; slack at counterexample = 0\.5\): failed at τ=3: 1\.5 \\> 1/);
    expect(md).toMatch(/### Undecided\n\n- \[X2\]\(#x2--title-of-x2\) exp \(inconclusive; slope = —\): interval too wide/);
  });

  it("contains every claim id and variant of a real run", () => {
    const result = runVerify([N4, P1], PROFILES.quick, 0);
    const real = renderMarkdown(result, { toolVersion: "0.0.0" });
    for (const claim of result.claims) {
      expect(real).toContain(`## ${claim.id} — `);
      for (const r of claim.results) {
        expect(real).toContain(`### ${claim.id} · ${r.variant}: ${r.verdict}`);
        expect(real).toMatch(new RegExp(`\\| ${r.variant} \\| (\\*\\*)?${r.verdict}`));
      }
    }
    expect(real).toContain("figures/P1-log-ratio.svg");
  });

  it("the summary section renders on its own without links and at another heading level (CI step summaries)", () => {
    const inReport = renderSummary(FIXTURE);
    expect(md).toContain(inReport);
    const alone = renderSummary(FIXTURE, { linkClaims: false, headingLevel: 3 });
    expect(alone.startsWith("### Summary\n")).toBe(true);
    expect(alone).toContain("#### Where the claims fail");
    expect(alone).not.toContain("](#");
    expect(alone).toMatch(/^- X1 scale=sqrt,init=coupled \(violated;/m);
    // Same rows as the report's table, only without the links.
    expect(alone.replace(/^#+ /gm, "")).toBe(inReport.replace(/\[(X\d)\]\(#[^)]*\)/g, "$1").replace(/^#+ /gm, ""));
    const step = renderStepSummary(FIXTURE, { title: "softmax-ntk merge", toolVersion: "1.2.3" });
    expect(step.startsWith("## softmax-ntk merge: profile quick, seed 5\n\nsoftmax-ntk 1.2.3 (result format 1).\n\n### Summary\n")).toBe(true);
    expect(step.endsWith("\n\n")).toBe(true);
  });
});
