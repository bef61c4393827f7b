/**
 * The one-sweep loss and gradient (src/network/lossGradient.ts, WebAssembly kernel src/network/wasm/softmaxRowSweep.ts)
 * against the separate passes it replaces: F, ‖F − Y‖²_F and ∇_W L must be the same numbers bit for bit, for every
 * activation, both scalings, odd and even widths, zero inputs / residuals / output weights (the skipped terms) and
 * non-finite weights.
 */
import { describe, expect, it } from "vitest";
import { test, fc } from "@fast-check/vitest";
import type { Dense } from "../../src/linalg/dense.js";
import { useWasmKernels } from "../../src/linalg/wasm/runtime.js";
import { forward, shiftedExponentials } from "../../src/network/forward.js";
import { gradientFromPass } from "../../src/network/gradient.js";
import { squaredError } from "../../src/network/loss.js";
import { lossAndGradient, networkOutputs } from "../../src/network/lossGradient.js";
import type { Activation, NetworkOptions, Scale } from "../../src/network/types.js";
import { MAX_SWEEP_DIMENSION, softmaxRowSweep } from "../../src/network/wasm/softmaxRowSweep.js";

/** Entries: mostly moderate reals, some exact zeros (skipped terms), a few extreme or non-finite values. */
function entry(scale: number, extremes: boolean): fc.Arbitrary<number> {
  const options: fc.WeightedArbitrary<number>[] = [
    { weight: 16, arbitrary: fc.double({ min: -scale, max: scale, noNaN: true }) },
    { weight: 3, arbitrary: fc.constantFrom(0, -0) },
  ];
  if (extremes) options.push({ weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, NaN, 1e300, -1e300, 5e-324) });
  return fc.oneof(...options);
}

function matrix(rows: number, cols: number, values: fc.Arbitrary<number>): fc.Arbitrary<Dense> {
  return fc.array(values, { minLength: rows * cols, maxLength: rows * cols }).map((v) => ({ rows, cols, data: Float64Array.from(v) }));
}

interface Case {
  readonly X: Dense;
  readonly Y: Dense;
  readonly W: Dense;
  readonly A: Dense;
  readonly opts: NetworkOptions;
}

function sweepCase(extremes: boolean): fc.Arbitrary<Case> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: 40 }),
      d: fc.integer({ min: 1, max: MAX_SWEEP_DIMENSION + 2 }),
      m: fc.integer({ min: 1, max: 70 }),
      activation: fc.constantFrom<Activation>("softmax", "softmax", "softmax", "exp", "relu"),
      scale: fc.constantFrom<Scale>("m", "sqrt"),
    })
    .chain(({ n, d, m, activation, scale }) =>
      fc.record({
        X: matrix(n, d, entry(2, false)),
        Y: matrix(n, d, entry(1, false)),
        W: matrix(d, m, entry(6, extremes)),
        A: matrix(d, m, fc.constantFrom(1, -1, 1, -1, 0)),
        opts: fc.constant({ activation, scale }),
      }),
    );
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

function expectSameAsSeparatePasses(c: Case): void {
  const weights = { W: c.W, A: c.A };
  const pass = forward(c.X, weights, c.opts);
  const swept = lossAndGradient(c.X, c.Y, weights, c.opts);
  expect(sameBits(swept.F.data, pass.F.data), "F").toBe(true);
  expect(Object.is(swept.squaredError, squaredError(pass.F, c.Y)), "‖F − Y‖²").toBe(true);
  expect(sameBits(swept.gradient.data, gradientFromPass(c.X, c.Y, weights, c.opts, pass).data), "gradient").toBe(true);
  expect(sameBits(networkOutputs(c.X, weights, c.opts).data, pass.F.data), "networkOutputs").toBe(true);
}

describe("lossAndGradient / networkOutputs = forward + squaredError + gradientFromPass, bit for bit", () => {
  test.prop([sweepCase(false)], { numRuns: 300 })("finite weights", expectSameAsSeparatePasses);
  test.prop([sweepCase(true)], { numRuns: 200 })("with extreme and non-finite weights", expectSameAsSeparatePasses);

  it("takes the WebAssembly path for softmax with d ≤ MAX_SWEEP_DIMENSION (so the properties compare two paths)", () => {
    const n = 5, d = 3, m = 7;
    const X = new Float64Array(n * d).fill(0.25);
    const W = Float64Array.from({ length: d * m }, (_, k) => Math.sin(k));
    const A = Float64Array.from({ length: d * m }, (_, k) => (k % 3 === 0 ? -1 : 1));
    expect(softmaxRowSweep(n, d, m, X, X, W, A, m, shiftedExponentials)).not.toBeNull();
    expect(softmaxRowSweep(n, MAX_SWEEP_DIMENSION + 1, 1, new Float64Array(n * 9), null, new Float64Array(9), new Float64Array(9), 1, shiftedExponentials)).toBeNull();
  });

  it("gives the same numbers with the kernels switched off, and after the kernel memory grew", () => {
    const make = (n: number, d: number, m: number, seed: number): Case => {
      const f = (k: number): number => Math.sin(seed * 7.1 + k * 1.3);
      return {
        X: { rows: n, cols: d, data: Float64Array.from({ length: n * d }, (_, k) => f(k)) },
        Y: { rows: n, cols: d, data: Float64Array.from({ length: n * d }, (_, k) => f(k + 99) / 2) },
        W: { rows: d, cols: m, data: Float64Array.from({ length: d * m }, (_, k) => 3 * f(k + 7)) },
        A: { rows: d, cols: m, data: Float64Array.from({ length: d * m }, (_, k) => (f(k + 3) > 0 ? 1 : -1)) },
        opts: { activation: "softmax", scale: "sqrt" },
      };
    };
    for (const c of [make(3, 2, 5, 1), make(2048, 4, 513, 2), make(7, 3, 64, 3)]) {
      const on = lossAndGradient(c.X, c.Y, { W: c.W, A: c.A }, c.opts);
      const previous = useWasmKernels(false);
      try {
        const off = lossAndGradient(c.X, c.Y, { W: c.W, A: c.A }, c.opts);
        expect(sameBits(on.gradient.data, off.gradient.data)).toBe(true);
        expect(Object.is(on.squaredError, off.squaredError)).toBe(true);
      } finally {
        useWasmKernels(previous);
      }
    }
  });

  it("names the mismatched shape", () => {
    const X = { rows: 2, cols: 3, data: new Float64Array(6) };
    const W = { rows: 2, cols: 4, data: new Float64Array(8) };
    expect(() => lossAndGradient(X, X, { W, A: W }, { activation: "softmax", scale: "m" })).toThrow(/X is 2×3 but W has 2 rows/);
    const W3 = { rows: 3, cols: 4, data: new Float64Array(12) };
    expect(() => lossAndGradient(X, { rows: 1, cols: 3, data: new Float64Array(3) }, { W: W3, A: W3 }, { activation: "softmax", scale: "m" })).toThrow(/Y is 1×3, expected 2×3/);
  });
});
