/**
 * `softmax-ntk score` (SPEC §5): output keys, shapes and values against the library for each kind, and every
 * kind of bad input of issue 4 item 6 (exit 2, one line naming the field, nothing on stdout).
 */
import { describe, expect, it } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { fromRows, toRows } from "../../src/linalg/dense.js";
import { gaussian } from "../../src/diffusion/distributions/gaussian.js";
import { gaussianMixture } from "../../src/diffusion/distributions/mixture.js";
import { pointSet } from "../../src/diffusion/distributions/points.js";
import type { Distribution } from "../../src/diffusion/distributions/types.js";
import { MAX_COMPONENT_ENTRIES, MAX_SCORE_DIMENSION, MAX_SCORE_ENTRIES } from "../../src/io/limits.js";
import { runWith } from "./helpers.js";

const x = [
  [0.1, 0.2],
  [-0.4, 0.9],
  [3, -2],
];
const gaussianD = { kind: "gaussian", mean: [0.2, -0.1], cov: [[0.5, 0.1], [0.1, 0.3]] };
const mixtureD = { kind: "mixture", weights: [0.25, 0.75], means: [[0, 1], [1, 0]], stds: [0.1, 0.4] };
const pointsD = { kind: "points", points: [[0, 1], [1, 0], [0.5, 0.5]] };

async function score(input: unknown) {
  return runWith(["score", "--input", "in.json"], { "in.json": typeof input === "string" ? input : JSON.stringify(input) });
}

interface ScoreOut {
  score: number[][];
  posteriorMean: number[][];
  logDensity: number[];
}

describe("score command: good input", () => {
  const cases: [string, object, Distribution][] = [
    ["gaussian", gaussianD, gaussian(gaussianD.mean, fromRows(gaussianD.cov))],
    ["mixture", mixtureD, gaussianMixture({ weights: mixtureD.weights, means: fromRows(mixtureD.means), stds: mixtureD.stds })],
    ["points", pointsD, pointSet(fromRows(pointsD.points))],
  ];
  for (const [kind, D, dist] of cases) {
    for (const t of [1e-3, 0.7, 50]) {
      it(`${kind}, t = ${t}: keys, shapes, and the library's numbers (JSON round trip is exact)`, async () => {
        const run = await score({ distribution: D, t, x });
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        const out = JSON.parse(run.stdout) as ScoreOut;
        expect(Object.keys(out).sort()).toEqual(["logDensity", "posteriorMean", "score"]);
        const ev = dist.evaluate(t, fromRows(x));
        expect(out.score).toEqual(toRows(ev.score));
        expect(out.posteriorMean).toEqual(toRows(ev.posteriorMean));
        expect(out.logDensity).toEqual(Array.from(ev.logDensity));
      });
    }
  }

  it("a one-point set at t = 1 gives score (α z − x)/h and posterior mean z", async () => {
    const run = await score({ distribution: { kind: "points", points: [[0.3, -0.2]] }, t: 1, x: [[0.5, 0.5]] });
    const out = JSON.parse(run.stdout) as ScoreOut;
    const a = Math.exp(-1);
    const h = -Math.expm1(-2);
    expect(out.posteriorMean).toEqual([[0.3, -0.2]]);
    expect(out.score[0][0]).toBeCloseTo((a * 0.3 - 0.5) / h, 14);
    expect(out.score[0][1]).toBeCloseTo((a * -0.2 - 0.5) / h, 14);
  });

  it("accepts weights written with 10 significant digits and a covariance asymmetric at rounding level", async () => {
    const third = 0.3333333333;
    const a = await score({ distribution: { kind: "mixture", weights: [third, third, third], means: [[0], [1], [2]], stds: [1, 1, 1] }, t: 1, x: [[0]] });
    expect(a.code).toBe(0);
    const b = await score({ distribution: { kind: "gaussian", mean: [0, 0], cov: [[1, 0.1], [0.1 + 2 ** -55, 1]] }, t: 1, x: [[0, 0]] });
    expect(b.code).toBe(0);
  });
});

const ok = { distribution: pointsD, t: 0.5, x };
const big = (n: number, d: number) => Array.from({ length: n }, () => new Array<number>(d).fill(0.1));

/** Each bad input: [description, input JSON text or value, pattern the single stderr line must match]. */
const badInputs: [string, unknown, RegExp][] = [
  // JSON and types.
  ["NaN literal", '{"distribution": {"kind": "points", "points": [[NaN]]}, "t": 1, "x": [[0]]}', /--input: not valid JSON/],
  ["Infinity literal", '{"distribution": {"kind": "points", "points": [[0]]}, "t": Infinity, "x": [[0]]}', /--input: not valid JSON/],
  ["overflowing number in x", '{"distribution": {"kind": "points", "points": [[0]]}, "t": 1, "x": [[1e999]]}', /x\[0\]\[0\]: expected a finite number, got Infinity/],
  ["overflowing t", '{"distribution": {"kind": "points", "points": [[0]]}, "t": 1e999, "x": [[0]]}', /^softmax-ntk: error: t: expected a finite number, got Infinity/],
  ["entry above the magnitude limit", { ...ok, x: [[2e6, 0]] }, /x\[0\]\[0\]: must be ≤ 1000000/],
  ["covariance entry above the limit", { distribution: { ...gaussianD, cov: [[2e6, 0], [0, 1]] }, t: 1, x }, /distribution\.cov\[0\]\[0\]: must be ≤ 1000000/],
  ["string t", { ...ok, t: "0.5" }, /t: expected a finite number, got the string "0.5"/],
  ["null entry", { ...ok, x: [[0, null]] }, /x\[0\]\[1\]: expected a finite number, got null/],
  ["missing t", { distribution: pointsD, x }, /t: is required/],
  ["missing x", { distribution: pointsD, t: 1 }, /x: is required/],
  ["missing distribution", { t: 1, x }, /distribution: is required/],
  ["distribution not an object", { ...ok, distribution: 5 }, /distribution: expected object/],
  ["top-level array", [1, 2], /input: expected a JSON object/],
  ["empty file", "", /--input: is empty/],
  ["truncated JSON", '{"t": 1', /--input: not valid JSON/],
  // Kinds and fields.
  ["unknown kind", { ...ok, distribution: { kind: "uniform", points: [[0, 1]] } }, /distribution\.kind: unknown kind "uniform" \(expected "gaussian", "mixture" or "points"\)/],
  ["missing kind", { ...ok, distribution: { points: [[0, 1]] } }, /distribution\.kind: is required/],
  ["unknown field in distribution", { ...ok, distribution: { ...pointsD, weights: [1] } }, /distribution: unknown field "weights"/],
  ["unknown top-level field", { ...ok, seed: 1 }, /input: unknown field "seed"/],
  ["field of another kind", { ...ok, distribution: { ...gaussianD, stds: [1] } }, /distribution: unknown field "stds"/],
  // Empty arrays.
  ["empty points", { ...ok, distribution: { kind: "points", points: [] } }, /distribution\.points: must have at least one row/],
  ["empty point", { ...ok, distribution: { kind: "points", points: [[]] } }, /distribution\.points\[0\]: a row must have at least one entry/],
  ["empty x", { ...ok, x: [] }, /x: must have at least one row/],
  ["empty mean", { ...ok, distribution: { kind: "gaussian", mean: [], cov: [[1]] } }, /distribution\.mean: must have at least one entry/],
  ["empty weights", { ...ok, distribution: { ...mixtureD, weights: [] } }, /distribution\.weights: must have at least one weight/],
  // t.
  ["t = 0", { ...ok, t: 0 }, /t: must be > 0/],
  ["negative t", { ...ok, t: -1 }, /t: must be > 0/],
  ["t so small that p_t overflows", { distribution: pointsD, t: 1e-305, x: [[900, 900]] }, /t: 1e-305 is too small for x\[0\]: .*overflows/],
  // Shapes.
  ["ragged x", { ...ok, x: [[0, 1], [2]] }, /x\[1\]: has 1 entries but x\[0\] has 2/],
  ["x with the wrong dimension (points)", { ...ok, x: [[0, 1, 2]] }, /x: has 3 columns, expected 2 \(the dimension of the distribution, d = 2 from distribution\.points\)/],
  ["x with the wrong dimension (mean)", { distribution: gaussianD, t: 1, x: [[0]] }, /x: has 1 columns, expected 2 .*distribution\.mean/],
  ["cov rows ≠ mean length", { distribution: { ...gaussianD, cov: [[1, 0], [0, 1], [0, 0]] }, t: 1, x }, /distribution\.cov: has 3 rows, expected 2/],
  ["cov not square", { distribution: { ...gaussianD, cov: [[1], [0]] }, t: 1, x }, /distribution\.cov: has 1 columns, expected 2/],
  ["means rows ≠ weights", { distribution: { ...mixtureD, means: [[0, 1]] }, t: 1, x }, /distribution\.means: has 1 rows, expected 2 \(one mean per weight/],
  ["stds length ≠ weights", { distribution: { ...mixtureD, stds: [1, 1, 1] }, t: 1, x }, /distribution\.stds: has 3 entries, expected 2/],
  ["ragged points", { ...ok, distribution: { kind: "points", points: [[0, 1], [1]] } }, /distribution\.points\[1\]: has 1 entries/],
  // Meaning.
  ["covariance not positive definite", { distribution: { ...gaussianD, cov: [[1, 2], [2, 1]] }, t: 1, x }, /distribution\.cov: not positive definite \(Cholesky pivot 1 = -3 ≤ 0/],
  ["covariance singular", { distribution: { ...gaussianD, cov: [[1, 1], [1, 1]] }, t: 1, x }, /distribution\.cov: not positive definite/],
  ["covariance negative variance", { distribution: { ...gaussianD, cov: [[-1, 0], [0, 1]] }, t: 1, x }, /distribution\.cov: not positive definite \(Cholesky pivot 0 = -1/],
  ["covariance not symmetric", { distribution: { ...gaussianD, cov: [[1, 0.2], [0.1, 1]] }, t: 1, x }, /distribution\.cov: not symmetric: entry \[1\]\[0\] = 0.1 but \[0\]\[1\] = 0.2/],
  ["negative weight", { distribution: { ...mixtureD, weights: [1.5, -0.5] }, t: 1, x }, /distribution\.weights\[1\]: must be ≥ 0/],
  ["weights not normalised", { distribution: { ...mixtureD, weights: [0.5, 0.4] }, t: 1, x }, /distribution\.weights: must sum to 1: Σw = 0.9, .* exceeds the tolerance 1.00e-9/],
  ["weights off by 1e-8", { distribution: { ...mixtureD, weights: [0.25, 0.75 + 1e-8] }, t: 1, x }, /distribution\.weights: must sum to 1/],
  ["zero std", { distribution: { ...mixtureD, stds: [0.1, 0] }, t: 1, x }, /distribution\.stds\[1\]: must be > 0/],
  ["negative std", { distribution: { ...mixtureD, stds: [-0.1, 1] }, t: 1, x }, /distribution\.stds\[0\]: must be > 0/],
  // Size limits.
  ["dimension above the limit", { distribution: { kind: "points", points: big(1, MAX_SCORE_DIMENSION + 1) }, t: 1, x: big(1, MAX_SCORE_DIMENSION + 1) }, /distribution\.points: dimension d = 1025 exceeds the limit 1024/],
  ["too many points", { distribution: { kind: "points", points: big(MAX_COMPONENT_ENTRIES / 4 + 1, 4) }, t: 1, x: big(1, 4) }, /distribution\.points: K·d = .* exceeds the limit 1048576/],
  ["too many query entries", { distribution: { kind: "points", points: [[0, 0]] }, t: 1, x: big(MAX_SCORE_ENTRIES / 2 + 1, 2) }, /x: k·d = .* exceeds the limit 1048576/],
  ["too much work", { distribution: { kind: "points", points: big(4096, 64) }, t: 1, x: big(1025, 64) }, /x: 1025 points need .* multiply–adds, above the limit 268435456/],
];

describe("score command: bad input gives exit 2 and one line naming the field", () => {
  for (const [what, input, pattern] of badInputs) {
    it(what, async () => {
      const run = await score(input);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(/^softmax-ntk: error: /);
      expect(run.stderr).toMatch(pattern);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("a missing input file names --input; a missing --input option is a usage error", async () => {
    const run = await runWith(["score", "--input", "nope.json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--input: cannot read "nope.json": no such file/);
    const bare = await runWith(["score"]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/--input/);
  });

  test.prop([fc.jsonValue()], { numRuns: 100 })("arbitrary JSON never crashes: exit 2 with one line", async (value) => {
    const run = await score(JSON.stringify(value));
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  const entryArb = fc.oneof(fc.double({ min: -3, max: 3, noNaN: true }), fc.constantFrom(0, -1, 1e-300, 1e7));
  test.prop(
    [
      fc.oneof(
        fc.record({ kind: fc.constant("points"), points: fc.array(fc.array(entryArb, { maxLength: 3 }), { maxLength: 3 }) }),
        fc.record({ kind: fc.constant("gaussian"), mean: fc.array(entryArb, { maxLength: 3 }), cov: fc.array(fc.array(entryArb, { maxLength: 3 }), { maxLength: 3 }) }),
        fc.record({
          kind: fc.constant("mixture"),
          weights: fc.array(fc.constantFrom(0, 0.5, 1, -0.5), { maxLength: 3 }),
          means: fc.array(fc.array(entryArb, { maxLength: 3 }), { maxLength: 3 }),
          stds: fc.array(entryArb, { maxLength: 3 }),
        }),
      ),
      fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(1e-3, 50)),
      fc.array(fc.array(entryArb, { maxLength: 3 }), { maxLength: 3 }),
    ],
    { numRuns: 300 },
  )("near-miss inputs: exit 0 with finite numbers, or exit 2 with one line", async (distribution, t, xs) => {
    const run = await score({ distribution, t, x: xs });
    expect([0, 2]).toContain(run.code);
    if (run.code === 2) {
      expect(run.stdout).toBe("");
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    } else {
      expect(run.stdout).not.toMatch(/null/);
      const out = JSON.parse(run.stdout) as ScoreOut;
      expect(out.logDensity.every(Number.isFinite)).toBe(true);
    }
  });
});
