/**
 * Householder tridiagonalisation (src/linalg/tridiagonal.ts): T = Qᵀ H Q with Q orthogonal.
 *
 * Tolerances, in units of ε = 2⁻⁵² (Number.EPSILON), n the order, ‖H‖_F the Frobenius norm:
 * - Orthogonality, ‖Q̂ᵀQ̂ − I‖_max ≤ 4nε. Column j of Q̂ is e_j pushed through n − 2 reflectors; each
 *   application (a dot product and an axpy of length ≤ n) is backward stable with a relative error of a
 *   few u, so each column is within ≈ n·u·const of an exactly orthonormal one (Higham, ASNA §19.3), and
 *   forming Q̂ᵀQ̂ adds γ_n ≈ nu. Together ≲ 2nε; we allow 4nε. (Measured max ≈ 1.2nε at n = 3.)
 * - Similarity, |Q̂ᵀ H Q̂ − T|_max ≤ eigenvalueTolerance(H) = 8nε‖H‖_F: the backward error ‖E‖_F = O(nu)‖H‖_F
 *   of the reduction, plus the rounding of the two products (γ_n|Q̂ᵀ||H||Q̂|, entries ≤ nu‖H‖_F·const).
 *   (Measured max ≈ 0.6nε‖H‖_F.)
 * - Spectrum, |λ_i(T) − λ_i(H)| ≤ eigenvalueTolerance(H) for every i, both via ml-matrix: T is similar to
 *   H + E, so this compares two backward-stable computations of H's spectrum (see spectrum.ts for the
 *   bound). (Measured max ≈ 1.7nε‖H‖_F at n = 3.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { symmetricMatrix } from "../../properties/arbitraries/symmetricMatrix.js";
import { type Dense, frobenius, fromRows, matmul } from "../../src/linalg/dense.js";
import { eigenvalueTolerance, symmetricEigenvaluesReference } from "../../src/linalg/spectrum.js";
import { applyQ, applyQTranspose, formQ, tridiagonalize, tridiagonalToDense } from "../../src/linalg/tridiagonal.js";
import { Rng } from "../../src/random/rng.js";
import { householderKernels } from "../../src/linalg/wasm/householder.js";
import { useWasmKernels } from "../../src/linalg/wasm/runtime.js";

/** Orthogonality allowance in units of n·ε (see module doc). */
const ORTHOGONALITY_FACTOR = 4;

const matrixCase = symmetricMatrix({ kinds: ["gaussian", "gram", "diagonalGaussian"] });

function transpose(a: Dense): Dense {
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j];
  return { rows: a.cols, cols: a.rows, data: out };
}

/**
 * The textbook unblocked reduction (LAPACK `dsytd2`, upper triangle): per step one full sweep for
 * p = τ A₂₂ v, then one full sweep for A₂₂ ← A₂₂ − v wᵀ − w vᵀ, rows one at a time. The library defers each
 * update and fuses it with the next product, two rows at a time, claiming the very same arithmetic: this is
 * the reference for that claim (bit for bit). Returns [diagonal, offDiagonal, τ].
 */
function twoSweepReduction(H: Dense): [Float64Array, Float64Array, Float64Array] {
  const n = H.rows;
  const a = H.data.slice();
  const diag = new Float64Array(n);
  const off = new Float64Array(Math.max(n - 1, 0));
  const taus = new Float64Array(Math.max(n - 2, 0));
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k + 2 < n; k++) {
    const row = k * n;
    diag[k] = a[row + k];
    // dlarfg, as in the library: scaled tail norm, β of the sign opposite to α, v_j = x_j / (α − β).
    const alpha = a[row + k + 1];
    let scale = 0;
    for (let j = k + 2; j < n; j++) scale = Math.max(scale, Math.abs(a[row + j]));
    let acc = 0;
    for (let j = k + 2; j < n && scale > 0; j++) acc += (a[row + j] / scale) ** 2;
    const tail = scale * Math.sqrt(acc);
    if (tail === 0) {
      off[k] = alpha;
      continue;
    }
    const norm = Math.hypot(alpha, tail);
    const beta = alpha >= 0 ? -norm : norm;
    const tau = (beta - alpha) / beta;
    off[k] = beta;
    taus[k] = tau;
    v[k + 1] = 1;
    for (let j = k + 2; j < n; j++) v[j] = a[row + j] / (alpha - beta);
    p.fill(0);
    for (let i = k + 1; i < n; i++) {
      let dot = a[i * n + i] * v[i];
      for (let j = i + 1; j < n; j++) {
        dot += a[i * n + j] * v[j];
        p[j] += a[i * n + j] * v[i];
      }
      p[i] += dot;
    }
    let pv = 0;
    for (let i = k + 1; i < n; i++) p[i] *= tau;
    for (let j = k + 1; j < n; j++) pv += p[j] * v[j];
    const shift = -0.5 * tau * pv;
    for (let j = k + 1; j < n; j++) p[j] += shift * v[j];
    for (let i = k + 1; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] -= v[i] * p[j] + p[i] * v[j];
  }
  if (n >= 2) {
    diag[n - 2] = a[(n - 2) * n + n - 2];
    off[n - 2] = a[(n - 2) * n + n - 1];
  }
  if (n >= 1) diag[n - 1] = a[n * n - 1];
  return [diag, off, taus];
}

function maxAbsDifference(a: Dense, b: Dense): number {
  let m = 0;
  for (let k = 0; k < a.data.length; k++) m = Math.max(m, Math.abs(a.data[k] - b.data[k]));
  return m;
}

describe("tridiagonalize", () => {
  test.prop([matrixCase], { numRuns: 60 })("Q is orthogonal and Qᵀ H Q = T", ({ n, H }) => {
    const t = tridiagonalize(H);
    expect(t.diagonal.length).toBe(n);
    expect(t.offDiagonal.length).toBe(n - 1);
    const Q = formQ(t.reflectors);
    const identity = tridiagonalToDense(new Float64Array(n).fill(1), new Float64Array(Math.max(n - 1, 0)));
    expect(maxAbsDifference(matmul(transpose(Q), Q), identity)).toBeLessThanOrEqual(ORTHOGONALITY_FACTOR * n * Number.EPSILON);
    const T = tridiagonalToDense(t.diagonal, t.offDiagonal);
    expect(maxAbsDifference(matmul(transpose(Q), matmul(H, Q)), T)).toBeLessThanOrEqual(eigenvalueTolerance(H));
  });

  test.prop([matrixCase], { numRuns: 60 })("T has the eigenvalues of H (ml-matrix on both)", ({ n, H }) => {
    const t = tridiagonalize(H);
    const fromT = symmetricEigenvaluesReference(tridiagonalToDense(t.diagonal, t.offDiagonal));
    const fromH = symmetricEigenvaluesReference(H);
    const tol = eigenvalueTolerance(H);
    for (let i = 0; i < n; i++) expect(Math.abs(fromT[i] - fromH[i])).toBeLessThanOrEqual(tol);
  });

  test.prop([matrixCase], { numRuns: 40 })("applyQ and applyQTranspose are inverse and norm-preserving", ({ n, H, seed }) => {
    const t = tridiagonalize(H);
    const x = new Rng((seed ^ 0x5a5a5a5a) >>> 0).fillGaussian(new Float64Array(n));
    const y = applyQ(t.reflectors, x);
    const back = applyQTranspose(t.reflectors, y);
    const norm = frobenius(x);
    // Each of ≤ n − 2 reflector applications moves a vector by a few u relative to its norm: 4nε·‖x‖.
    const tol = ORTHOGONALITY_FACTOR * n * Number.EPSILON * norm;
    expect(Math.abs(frobenius(y) - norm)).toBeLessThanOrEqual(tol);
    for (let i = 0; i < n; i++) expect(Math.abs(back[i] - x[i])).toBeLessThanOrEqual(tol);
  });

  for (const path of ["wasm", "js"] as const) {
    describe(`row operations in ${path}`, () => {
      beforeAll(() => {
        useWasmKernels(path === "wasm");
      });
      afterAll(() => {
        useWasmKernels(true);
      });

      test.prop([matrixCase], { numRuns: 60 })(`[${path}] is bit for bit the textbook two-sweep reduction (the fusion reorders no arithmetic)`, ({ H }) => {
        const t = tridiagonalize(H);
        const [diag, off, taus] = twoSweepReduction(H);
        const same = (x: Float64Array, y: Float64Array): boolean => x.length === y.length && x.every((value, k) => Object.is(value, y[k]));
        expect(same(t.diagonal, diag)).toBe(true);
        expect(same(t.offDiagonal, off)).toBe(true);
        expect(same(t.reflectors.tau, taus)).toBe(true);
      });

      it(`[${path}] is bit for bit the two-sweep reduction at larger odd and even orders`, () => {
        for (const n of [31, 64, 65, 100]) {
          const rng = new Rng(1000 + n);
          const data = new Float64Array(n * n);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j <= i; j++) {
              const x = rng.gaussian();
              data[i * n + j] = x;
              data[j * n + i] = x;
            }
          }
          const t = tridiagonalize({ rows: n, cols: n, data });
          const [diag, off, taus] = twoSweepReduction({ rows: n, cols: n, data });
          expect(Array.from(t.diagonal)).toEqual(Array.from(diag));
          expect(Array.from(t.offDiagonal)).toEqual(Array.from(off));
          expect(Array.from(t.reflectors.tau)).toEqual(Array.from(taus));
        }
      });

      it(`[${path}] is bit for bit the two-sweep reduction when a step's reflector is the identity while an update is pending`, () => {
        // Block-diagonal: after step 0 (dense 3×3 block), row 1 has nothing beyond column 2 (τ₁ = 0 with step
        // 0's update still pending); odd and even orders exercise both ends of the two-row loop.
        for (const n of [7, 8, 9]) {
          const rng = new Rng(n);
          const data = new Float64Array(n * n);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j <= i; j++) {
              if ((i < 3) !== (j < 3)) continue;
              const x = rng.gaussian();
              data[i * n + j] = x;
              data[j * n + i] = x;
            }
          }
          const H = { rows: n, cols: n, data };
          const t = tridiagonalize(H);
          const [diag, off, taus] = twoSweepReduction(H);
          expect(t.reflectors.tau[1]).toBe(0);
          expect(Array.from(t.diagonal)).toEqual(Array.from(diag));
          expect(Array.from(t.offDiagonal)).toEqual(Array.from(off));
          expect(Array.from(t.reflectors.tau)).toEqual(Array.from(taus));
        }
      });
    });
  }

  it("runs its row operations in WebAssembly on this Node (so the [wasm] runs above exercised the kernels)", () => {
    expect(householderKernels()).not.toBeNull();
  });

  it("leaves diagonal and already-tridiagonal matrices exactly unchanged (all reflectors are identities)", () => {
    const D = fromRows([
      [3, 0, 0, 0],
      [0, -1, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 2],
    ]);
    const d = tridiagonalize(D);
    expect(Array.from(d.diagonal)).toEqual([3, -1, 0, 2]);
    expect(Array.from(d.offDiagonal)).toEqual([0, 0, 0]);
    expect(Array.from(d.reflectors.tau)).toEqual([0, 0]);
    const T = fromRows([
      [2, -1, 0, 0],
      [-1, 2, -1, 0],
      [0, -1, 2, -1],
      [0, 0, -1, 2],
    ]);
    const t = tridiagonalize(T);
    expect(Array.from(t.diagonal)).toEqual([2, 2, 2, 2]);
    expect(Array.from(t.offDiagonal)).toEqual([-1, -1, -1]);
    expect(Array.from(t.reflectors.tau)).toEqual([0, 0]);
  });

  it("reduces a known 3×3 matrix to the textbook result", () => {
    // H = [[1, 3, 4], [3, 1, 0], [4, 0, 1]]: the reflector maps (3, 4) to −5·e₁ (β = −sign(3)·5), and
    // the trailing block [[1, 0], [0, 1]] = I is invariant under any orthogonal similarity.
    const H = fromRows([
      [1, 3, 4],
      [3, 1, 0],
      [4, 0, 1],
    ]);
    const t = tridiagonalize(H);
    expect(t.diagonal[0]).toBe(1);
    expect(t.offDiagonal[0]).toBeCloseTo(-5, 14);
    expect(t.diagonal[1]).toBeCloseTo(1, 14);
    expect(t.diagonal[2]).toBeCloseTo(1, 14);
    expect(Math.abs(t.offDiagonal[1])).toBeLessThanOrEqual(8 * Number.EPSILON);
  });

  it("handles n = 0, 1, 2 and rejects non-square input", () => {
    const empty = tridiagonalize({ rows: 0, cols: 0, data: new Float64Array(0) });
    expect(empty.diagonal.length).toBe(0);
    expect(empty.offDiagonal.length).toBe(0);
    const one = tridiagonalize(fromRows([[7]]));
    expect(Array.from(one.diagonal)).toEqual([7]);
    expect(Array.from(applyQ(one.reflectors, new Float64Array([2])))).toEqual([2]);
    const two = tridiagonalize(fromRows([
      [1, 2],
      [2, 5],
    ]));
    expect(Array.from(two.diagonal)).toEqual([1, 5]);
    expect(Array.from(two.offDiagonal)).toEqual([2]);
    expect(() => tridiagonalize({ rows: 2, cols: 3, data: new Float64Array(6) })).toThrow(RangeError);
    expect(() => applyQ(two.reflectors, new Float64Array(3))).toThrow(RangeError);
  });
});
