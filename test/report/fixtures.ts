/**
 * A small hand-made verification result with awkward text (pipes, backticks, `<`, line breaks), every verdict,
 * a replayable and a statistical violation, series on log and linear axes, and a series with nothing to draw.
 */
import type { ClaimResult, Series, VariantResult } from "../../properties/engine/types.js";
import { type VerifyResult, summarizeVerdicts } from "../../properties/engine/verifyRun.js";

/** A log–log series with groups, traces and two reference lines. */
export const LOG_SERIES: Series = {
  id: "rate",
  title: "Test rate: error vs width",
  caption: "Lines should be parallel to the dashed one.",
  xLabel: "width m (neurons)",
  yLabel: "error ‖H − H*‖_F",
  xScale: "log",
  yScale: "log",
  groupLabel: "σ bucket",
  mark: "line+point",
  points: [
    { x: 16, y: 1, group: "small σ", trace: "a" },
    { x: 64, y: 0.5, group: "small σ", trace: "a" },
    { x: 256, y: 0.25, group: "small σ", trace: "a" },
    { x: 16, y: 2, group: "large σ", trace: "b" },
    { x: 64, y: 1.1, group: "large σ", trace: "b" },
    { x: 256, y: 0.4, group: "large σ", trace: "b" },
    { x: 256, y: 0, group: "large σ", trace: "c" },
  ],
  reference: [
    { label: "fit: slope -0.5", points: [{ x: 16, y: 1.5 }, { x: 256, y: 0.375 }] },
    { label: "bound", points: [{ x: 16, y: 3 }, { x: 256, y: 3 }] },
  ],
};

/** A linear series without groups. */
export const LINEAR_SERIES: Series = {
  id: "level",
  title: "Test level",
  xLabel: "σ",
  yLabel: "ratio",
  xScale: "linear",
  yScale: "linear",
  points: [
    { x: 0.25, y: 0.5 },
    { x: 1, y: 0.9 },
    { x: 2, y: 0.7 },
  ],
};

function variant(partial: Partial<VariantResult> & Pick<VariantResult, "variant" | "verdict">): VariantResult {
  return {
    reason: "fine",
    keyNumber: { name: "worst slack", value: 2 },
    slack: 2,
    measurements: {},
    tables: [],
    coverage: {},
    cases: 10,
    seed: 7,
    ...partial,
  };
}

function claim(partial: Partial<ClaimResult> & Pick<ClaimResult, "id" | "results">): ClaimResult {
  return {
    family: "test",
    title: `Title of ${partial.id}`,
    statement: "A statement.",
    provenance: "derived",
    paperLocation: "SPEC §0",
    durationMs: 12.5,
    ...partial,
  };
}

/** The fixture's claims. */
export const FIXTURE_CLAIMS: readonly ClaimResult[] = [
  claim({
    id: "X1",
    title: "Pipes | and `ticks` <b>bold</b>",
    statement: "‖H − H*‖_F ≤ a|b| with *stars* and [brackets](x)\nand a line break",
    provenance: "paper (reconstructed)",
    results: [
      variant({
        variant: "scale=m,init=iid",
        verdict: "holds",
        reason: "held | with <pipes>",
        measurements: { slope: -0.49123456, tiny: 1.23456e-9, huge: 3.5e17, count: 123456, missing: null, flag: true, list: [1, 2.5, null] },
        tables: [{ title: "Table | one", columns: ["a|b", "`c`"], rows: [["x|y", 0.000012345], [null, 42]] }],
        coverage: { "σ<0.75": 3, "data=sphere": 7 },
        series: [LOG_SERIES, LINEAR_SERIES],
      }),
      variant({
        variant: "scale=sqrt,init=coupled",
        verdict: "violated",
        reason: "failed at τ=3: 1.5 > 1",
        keyNumber: { name: "slack at counterexample", value: 0.5 },
        slack: 0.5,
        replay: { seed: 4294954951, path: "3:1:0", counterexample: { n: 2, note: "``` fence" } },
      }),
    ],
  }),
  claim({
    id: "X2",
    results: [
      variant({ variant: "softmax", verdict: "violated", reason: "rate 0.4 above δ = 0.1", keyNumber: { name: "rate", value: 0.4 }, slack: null }),
      variant({ variant: "exp", verdict: "inconclusive", reason: "interval too wide", keyNumber: { name: "slope", value: null }, slack: null }),
      variant({
        variant: "relu",
        verdict: "assumption-unmet",
        reason: "no case met the assumptions",
        series: [{ ...LINEAR_SERIES, id: "empty", title: "Nothing to draw", xScale: "log", points: [{ x: 0, y: 1 }] }],
      }),
    ],
  }),
];

/** The fixture result (profile quick, seed 5). */
export const FIXTURE: VerifyResult = {
  tool: "softmax-ntk",
  formatVersion: 1,
  profile: "quick",
  seed: 5,
  claims: FIXTURE_CLAIMS,
  summary: summarizeVerdicts(FIXTURE_CLAIMS),
  timing: { totalMs: 1234.5, startedAt: "2025-01-02T03:04:05.000Z" },
  environment: { node: "v20.0.0", platform: "linux", arch: "x64" },
};

/** Cells of a Markdown table row, split at unescaped pipes. */
export function cellsOf(row: string): string[] {
  return row.trim().replace(/^\|/, "").replace(/\|$/, "").split(/(?<!\\)\|/);
}
