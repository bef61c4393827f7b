/**
 * The blocked kernels of src/linalg/dense.ts against plain triple loops: the row-dot kernel (`gram`,
 * `matmulTransB`, `matmulTransBColumns`) and the row-combination kernel (`matmul`, `matmulTransA`).
 *
 * Two references:
 * - the plain left-to-right loop acc = 0; acc += a_ik·b_jk (k = 0, 1, …): the kernels only reorder *which*
 *   entries are computed when (k-panels, 4×4 register blocks), never the order of the terms within one
 *   entry, so they must agree bit for bit (compared with Object.is, so even the sign of zero counts);
 * - the exact value Σ_k a_ik·b_jk from the 64-digit BigNumber oracle, with the a-priori rounding bound of a
 *   length-q dot product |fl(Σ) − Σ| ≤ γ_q·Σ_k |a_ik·b_jk| (Higham, ASNA 2nd ed., §3.1, eq. (3.5)), plus
 *   half an ulp for rounding the oracle's value to a double before the comparison.
 * The row-dot products run twice, through the WebAssembly SIMD kernel and through the JavaScript kernel
 * (`useWasmKernels`), against the same references.
 * Shapes are chosen to hit every edge of the blocking: 1×1, sizes below, at and off multiples of the 4×4
 * block, q just past the 512-column panel, p < q and p > q, q = 1, and 0-row inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { type Dense, gram, matmul, matmulTransA, matmulTransB, matmulTransBColumns } from "../../src/linalg/dense.js";
import { gamma, UNIT_ROUNDOFF } from "../../src/numerics/tolerance.js";
import { oracleMath, toBig } from "../../src/oracle/bigNumber.js";
import { Rng } from "../../src/random/rng.js";
import { sleb, uleb } from "../../src/linalg/wasm/encoding.js";
import { wasmKernelsAvailable } from "../../src/linalg/wasm/rowDots.js";
import { useWasmKernels } from "../../src/linalg/wasm/runtime.js";

/** A p×q matrix with N(0, 1) entries, a few exact zeros and one huge and one tiny entry (awkward magnitudes). */
function randomDense(p: number, q: number, seed: number): Dense {
  const rng = new Rng(seed);
  const data = new Float64Array(p * q);
  for (let k = 0; k < data.length; k++) data[k] = rng.gaussian();
  if (data.length > 3) {
    data[0] = 0;
    data[data.length >> 1] = 1e150;
    data[data.length - 1] = -1e-150;
  }
  return { rows: p, cols: q, data };
}

/** The plain loop: out(i, j) = Σ_k a(i, k)·b(j, k), summed left to right from 0. */
function plainRowDots(a: Dense, b: Dense): Float64Array {
  const out = new Float64Array(a.rows * b.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.rows; j++) {
      let acc = 0;
      for (let k = 0; k < a.cols; k++) acc += a.data[i * a.cols + k] * b.data[j * b.cols + k];
      out[i * b.rows + j] = acc;
    }
  }
  return out;
}

/** Aᵀ (a copy), to express the row-combination products through {@link plainRowDots}. */
function transpose(a: Dense): Dense {
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j];
  return { rows: a.cols, cols: a.rows, data: out };
}

/** Columns [from, to) of a matrix (a copy). */
function columns(a: Dense, from: number, to: number): Dense {
  const out = new Float64Array(a.rows * (to - from));
  for (let i = 0; i < a.rows; i++) for (let k = from; k < to; k++) out[i * (to - from) + k - from] = a.data[i * a.cols + k];
  return { rows: a.rows, cols: to - from, data: out };
}

/**
 * The plain i-k-j product op(A)·B, terms in increasing k, skipping zero coefficients (the documented
 * contract of `matmul` / `matmulTransA`: a zero coefficient never multiplies an entry of B).
 */
function plainRowCombinations(opA: Dense, b: Dense): Float64Array {
  const out = new Float64Array(opA.rows * b.cols);
  for (let i = 0; i < opA.rows; i++) {
    for (let k = 0; k < opA.cols; k++) {
      const c = opA.data[i * opA.cols + k];
      if (c === 0) continue;
      for (let j = 0; j < b.cols; j++) out[i * b.cols + j] += c * b.data[k * b.cols + j];
    }
  }
  return out;
}

/** Entries where two buffers differ bit for bit (Object.is), as "index: x vs y". */
function bitDifferences(x: Float64Array, y: Float64Array): string[] {
  const out: string[] = [];
  for (let k = 0; k < x.length; k++) if (!Object.is(x[k], y[k])) out.push(`${k}: ${x[k]} vs ${y[k]}`);
  return out;
}

/** Largest excess |computed − exact| − bound over all entries (≤ 0 when every entry meets its bound). */
function worstExcessOverRoundingBound(a: Dense, b: Dense, computed: Float64Array): number {
  const q = a.cols;
  const g = gamma(q);
  let worst = -Infinity;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.rows; j++) {
      let exact = oracleMath.bignumber(0);
      let absSum = 0;
      for (let k = 0; k < q; k++) {
        const x = a.data[i * q + k];
        const y = b.data[j * q + k];
        exact = oracleMath.add(exact, oracleMath.multiply(toBig(x), toBig(y))) as typeof exact;
        absSum += Math.abs(x * y);
      }
      const exactDouble = exact.toNumber();
      // γ_q Σ|terms| for the dot product; absSum itself is computed in floating point, so inflate it by
      // (1 + γ_q) (it is a sum of q non-negative rounded products); ½ ulp for rounding `exact` to a double.
      const bound = g * absSum * (1 + g) + UNIT_ROUNDOFF * Math.abs(exactDouble);
      worst = Math.max(worst, Math.abs(computed[i * b.rows + j] - exactDouble) - bound);
    }
  }
  return worst;
}

/** (p, s, q) triples at the edges of the 4×4 blocks and the 512-column panels. */
const AWKWARD: readonly [number, number, number][] = [
  [1, 1, 1],
  [1, 3, 2],
  [3, 1, 7],
  [4, 4, 4],
  [5, 7, 1],
  [8, 5, 513],
  [9, 9, 1030],
  [13, 2, 3],
  [2, 13, 600],
  [0, 3, 5],
];

for (const path of ["wasm", "js"] as const) {
  describe(`row dots through the ${path} kernel`, () => {
    beforeAll(() => {
      useWasmKernels(path === "wasm");
    });
    afterAll(() => {
      useWasmKernels(true);
    });

    describe(`gram (blocked, lower triangle mirrored) [${path}]`, () => {
      it("is bit for bit the plain loop, and exactly symmetric, on awkward shapes", () => {
        for (const [p, , q] of AWKWARD) {
          const a = randomDense(p, q, 1000 * p + q);
          const G = gram(a);
          expect([G.rows, G.cols]).toEqual([p, p]);
          expect(bitDifferences(G.data, plainRowDots(a, a))).toEqual([]);
          for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) expect(Object.is(G.data[i * p + j], G.data[j * p + i])).toBe(true);
        }
      });

      it("meets the dot-product rounding bound γ_q·Σ|a_ik a_jk| against the exact (64-digit) sums", () => {
        for (const [p, q] of [
          [1, 1],
          [5, 3],
          [6, 520],
          [9, 64],
        ]) {
          const a = randomDense(p, q, 7 * p + q);
          expect(worstExcessOverRoundingBound(a, a, gram(a).data)).toBeLessThanOrEqual(0);
        }
      });

      test.prop([fc.integer({ min: 1, max: 14 }), fc.integer({ min: 1, max: 1100 }), fc.integer({ min: 0, max: 1e6 })], { numRuns: 25 })(
        "random shapes: bit for bit the plain loop",
        (p, q, seed) => {
          const a = randomDense(p, q, seed);
          expect(bitDifferences(gram(a).data, plainRowDots(a, a))).toEqual([]);
        },
      );
    });

    describe(`matmulTransB (blocked) [${path}]`, () => {
      it("is bit for bit the plain loop on awkward shapes (p ≠ s, neither a multiple of 4)", () => {
        for (const [p, s, q] of AWKWARD) {
          const a = randomDense(p, q, 31 * p + q);
          const b = randomDense(s, q, 37 * s + q + 1);
          const C = matmulTransB(a, b);
          expect([C.rows, C.cols]).toEqual([p, s]);
          expect(bitDifferences(C.data, plainRowDots(a, b))).toEqual([]);
        }
      });

      it("meets the dot-product rounding bound against the exact sums", () => {
        const a = randomDense(7, 515, 3);
        const b = randomDense(6, 515, 4);
        expect(worstExcessOverRoundingBound(a, b, matmulTransB(a, b).data)).toBeLessThanOrEqual(0);
      });

      it("refuses mismatched inner dimensions", () => {
        expect(() => matmulTransB(randomDense(2, 3, 1), randomDense(2, 4, 2))).toThrow(/matmulTransB: 2×3 times \(2×4\)ᵀ/);
      });
    });

    describe(`matmulTransBColumns (row dots over a column range) [${path}]`, () => {
      it("is bit for bit the plain loop over the selected columns, ranges off the panel and block edges", () => {
        const a = randomDense(6, 1100, 11);
        const b = randomDense(5, 1100, 12);
        for (const [from, to] of [
          [0, 0],
          [0, 550],
          [550, 1100],
          [3, 517],
          [1099, 1100],
        ]) {
          const C = matmulTransBColumns(a, b, from, to);
          expect(bitDifferences(C.data, plainRowDots(columns(a, from, to), columns(b, from, to)))).toEqual([]);
        }
        expect(() => matmulTransBColumns(a, b, 5, 2)).toThrow(/column range \[5, 2\) outside \[0, 1100\]/);
      });
    });
  });
}

describe("the WebAssembly kernel", () => {
  it("is available on this Node (so the [wasm] runs above exercised it)", () => {
    expect(wasmKernelsAvailable()).toBe(true);
  });

  it("LEB128 encodings match the format's worked examples", () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(240)).toEqual([0xf0, 0x01]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
  });
});

describe("matmul and matmulTransA (four rows of B per sweep)", () => {
  it("are bit for bit the plain i-k-j loop on awkward shapes (d = 1, n < d, counts off multiples of 4)", () => {
    for (const [p, q, s] of [
      [1, 1, 1],
      [3, 1, 4097],
      [2, 5, 7],
      [7, 16, 33],
      [32, 9, 1],
      [0, 3, 4],
    ]) {
      const a = randomDense(p, q, 41 * p + q);
      const b = randomDense(q, s, 43 * q + s);
      expect(bitDifferences(matmul(a, b).data, plainRowCombinations(a, b))).toEqual([]);
      // matmulTransA(aᵀ, b) = (aᵀ)ᵀ b = a b, accumulated from the columns of aᵀ.
      expect(bitDifferences(matmulTransA(transpose(a), b).data, plainRowCombinations(a, b))).toEqual([]);
    }
  });

  it("meet the dot-product rounding bound against the exact sums", () => {
    const a = randomDense(5, 9, 21);
    const b = randomDense(9, 6, 22);
    expect(worstExcessOverRoundingBound(a, transpose(b), matmul(a, b).data)).toBeLessThanOrEqual(0);
    const x = randomDense(9, 5, 23);
    expect(worstExcessOverRoundingBound(transpose(x), transpose(b), matmulTransA(x, b).data)).toBeLessThanOrEqual(0);
  });

  it("never multiplies an entry of B by a zero coefficient (0·∞ would be NaN)", () => {
    const a: Dense = { rows: 1, cols: 5, data: new Float64Array([0, 1, 0, 2, 0]) };
    const b: Dense = { rows: 5, cols: 2, data: new Float64Array([Infinity, 1, 3, 4, NaN, 5, 6, 7, -Infinity, 8]) };
    expect(Array.from(matmul(a, b).data)).toEqual([15, 18]);
    expect(Array.from(matmulTransA(transpose(a), b).data)).toEqual([15, 18]);
  });

  it("refuse mismatched inner dimensions", () => {
    expect(() => matmul(randomDense(2, 3, 1), randomDense(4, 2, 2))).toThrow(/matmul: 2×3 times 4×2/);
    expect(() => matmulTransA(randomDense(3, 2, 1), randomDense(4, 2, 2))).toThrow(/matmulTransA: \(3×2\)ᵀ times 4×2/);
  });
});
