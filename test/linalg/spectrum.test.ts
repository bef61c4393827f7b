/**
 * SPEC I6: λ_min and λ_max from the fast path (src/linalg/spectrum.ts) agree with ml-matrix's symmetric
 * EVD and come with small residuals ‖Hv − λv‖.
 *
 * Tolerance: tol = eigenvalueTolerance(H) = 8·n·ε·‖H‖_F (ε = 2⁻⁵²). Its derivation is in spectrum.ts: both
 * solvers are backward stable with backward error O(n·u)‖H‖_F, so by Weyl their eigenvalues differ by at
 * most that much; a computed residual sits at its own rounding floor (n+1)ε‖H‖_F plus the backward error.
 * Measured maxima over these generators are ≈ 1.4·nε‖H‖_F (eigenvalues) and ≈ 2.5·nε‖H‖_F (residuals), so
 * the assertions have a 3–6× margin and fail for any algorithmic error above rounding level (a wrong sign,
 * a missed reflector, a bisection off by one index all produce O(‖H‖) errors).
 *
 * Generated matrices (n ∈ [1, 40], scale ∈ {1, 1e−8, 1e8}): Gaussian symmetric; low-rank Gram B Bᵀ
 * (rank r < n ⇒ exact zero eigenvalues); diagonal with repeated entries; Q diag(λ) Qᵀ with clustered and
 * exactly repeated eigenvalues (Q a product of three random reflectors).
 */
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { symmetricMatrix } from "../../properties/arbitraries/symmetricMatrix.js";
import { fromRows, gram, maxAbs } from "../../src/linalg/dense.js";
import {
  EIGENVALUE_TOLERANCE_FACTOR,
  eigenvalueTolerance,
  extremeEigenpairs,
  residualNorm,
  symmetricEigenvaluesReference,
} from "../../src/linalg/spectrum.js";
import { norm2 } from "../../src/linalg/sturm.js";
import { Rng } from "../../src/random/rng.js";

const matrixCase = symmetricMatrix({ kinds: ["gaussian", "gramLowRankUnnormalized", "diagonalMixed", "clustered"] });

describe("extremeEigenpairs vs ml-matrix (I6)", () => {
  test.prop([matrixCase], { numRuns: 100 })("λ_min and λ_max agree within eigenvalueTolerance", ({ n, H }) => {
    const e = extremeEigenpairs(H);
    const reference = symmetricEigenvaluesReference(H);
    const tol = eigenvalueTolerance(H);
    expect(Math.abs(e.lambdaMin - reference[0])).toBeLessThanOrEqual(tol);
    expect(Math.abs(e.lambdaMax - reference[n - 1])).toBeLessThanOrEqual(tol);
  });

  test.prop([matrixCase], { numRuns: 100 })("eigenvectors are unit vectors with residual ≤ eigenvalueTolerance", ({ n, H }) => {
    const e = extremeEigenpairs(H);
    const tol = eigenvalueTolerance(H);
    for (const [v, lambda, residual] of [
      [e.vectorMin, e.lambdaMin, e.residualMin],
      [e.vectorMax, e.lambdaMax, e.residualMax],
    ] as const) {
      expect(v.length).toBe(n);
      // Normalisation by a computed norm: |‖v‖ − 1| ≤ γ_{n+2} < 2nε.
      expect(Math.abs(norm2(v) - 1)).toBeLessThanOrEqual(2 * (n + 2) * Number.EPSILON);
      expect(residual).toBe(residualNorm(H, lambda, v));
      expect(residual).toBeLessThanOrEqual(tol);
    }
    expect(e.lambdaMin).toBeLessThanOrEqual(e.lambdaMax);
  });

  test.prop([matrixCase, fc.integer({ min: -60, max: 60 })], { numRuns: 50 })(
    "commutes exactly with power-of-two scaling (the internal scaling is exact)",
    ({ H }, k) => {
      const s = 2 ** k;
      const e = extremeEigenpairs(H);
      const scaled = extremeEigenpairs({ rows: H.rows, cols: H.cols, data: H.data.map((x) => x * s) });
      // Bitwise equal, except that an eigenvalue at exactly 0 comes out at the pivot-guard level
      // (≈ 2⁻¹⁰²² relative to max|H|), which unscales to a subnormal and may lose bits.
      const slack = 2 ** -1000 * maxAbs(H) * s;
      expect(Math.abs(scaled.lambdaMin - e.lambdaMin * s)).toBeLessThanOrEqual(slack);
      expect(Math.abs(scaled.lambdaMax - e.lambdaMax * s)).toBeLessThanOrEqual(slack);
      if (Math.abs(e.lambdaMin) > slack) expect(scaled.lambdaMin).toBe(e.lambdaMin * s);
      expect(Array.from(scaled.vectorMin)).toEqual(Array.from(e.vectorMin));
    },
  );

  it("matches ml-matrix on a deterministic n = 200 random Gram matrix (full rank and rank 120)", () => {
    const rng = new Rng(20240503);
    for (const rank of [250, 120]) {
      const b = rng.fillGaussian(new Float64Array(200 * rank), 1 / Math.sqrt(rank));
      const H = gram({ rows: 200, cols: rank, data: b });
      const e = extremeEigenpairs(H);
      const reference = symmetricEigenvaluesReference(H);
      const tol = eigenvalueTolerance(H);
      expect(Math.abs(e.lambdaMin - reference[0])).toBeLessThanOrEqual(tol);
      expect(Math.abs(e.lambdaMax - reference[199])).toBeLessThanOrEqual(tol);
      expect(e.residualMin).toBeLessThanOrEqual(tol);
      expect(e.residualMax).toBeLessThanOrEqual(tol);
      if (rank === 250) {
        // Marchenko–Pastur edges for aspect 200/250: (1 ± √0.8)² ≈ 0.011 and 3.59 (finite-n fluctuations aside).
        expect(e.lambdaMin).toBeGreaterThan(0.001);
        expect(e.lambdaMax).toBeLessThan(4.5);
      } else {
        // Rank 120 < 200: 80 exact zero eigenvalues, found to rounding level.
        expect(Math.abs(e.lambdaMin)).toBeLessThanOrEqual(tol);
      }
    }
  });
});

describe("extremeEigenpairs special cases", () => {
  it("n = 1", () => {
    const e = extremeEigenpairs(fromRows([[-3.5]]));
    expect(e).toMatchObject({ lambdaMin: -3.5, lambdaMax: -3.5, residualMin: 0, residualMax: 0 });
    expect(Array.from(e.vectorMin)).toEqual([1]);
  });

  it("n = 2 matches the closed form", () => {
    // [[a, b], [b, c]]: λ = (a + c)/2 ± √(((a − c)/2)² + b²).
    const [a, b, c] = [2, -3, 7];
    const e = extremeEigenpairs(fromRows([
      [a, b],
      [b, c],
    ]));
    const mid = (a + c) / 2;
    const rad = Math.hypot((a - c) / 2, b);
    const tol = EIGENVALUE_TOLERANCE_FACTOR * 2 * Number.EPSILON * Math.hypot(a, b, b, c);
    expect(Math.abs(e.lambdaMin - (mid - rad))).toBeLessThanOrEqual(tol);
    expect(Math.abs(e.lambdaMax - (mid + rad))).toBeLessThanOrEqual(tol);
    // Eigenvector for λ_min is ∝ (b, λ_min − a); compare directions via |cos| = 1.
    const v = e.vectorMin;
    const w = [b, mid - rad - a];
    const cos = Math.abs(v[0] * w[0] + v[1] * w[1]) / Math.hypot(w[0], w[1]);
    expect(Math.abs(cos - 1)).toBeLessThanOrEqual(4 * Number.EPSILON);
  });

  it("zero and diagonal matrices", () => {
    const zero = extremeEigenpairs({ rows: 4, cols: 4, data: new Float64Array(16) });
    expect(zero).toMatchObject({ lambdaMin: 0, lambdaMax: 0, residualMin: 0, residualMax: 0 });
    expect(norm2(zero.vectorMin)).toBe(1);
    const D = fromRows([
      [5, 0, 0],
      [0, -2, 0],
      [0, 0, 5],
    ]);
    const e = extremeEigenpairs(D);
    // Bisection brackets to 2ε·|λ|, so the midpoint is within ε|λ| of the exact diagonal value.
    expect(Math.abs(e.lambdaMin + 2)).toBeLessThanOrEqual(2 * Number.EPSILON);
    expect(Math.abs(e.lambdaMax - 5)).toBeLessThanOrEqual(5 * Number.EPSILON);
    expect(Math.abs(Math.abs(e.vectorMin[1]) - 1)).toBeLessThanOrEqual(Number.EPSILON);
    expect(e.residualMax).toBeLessThanOrEqual(eigenvalueTolerance(D));
  });

  it("extreme magnitudes stay finite and accurate (1e−300 and 1e300 entries)", () => {
    for (const s of [1e-300, 1e300]) {
      const H = fromRows([
        [2 * s, s, 0],
        [s, 2 * s, s],
        [0, s, 2 * s],
      ]);
      const e = extremeEigenpairs(H);
      // tridiag(1, 2, 1)·s has eigenvalues s·(2 − √2), 2s, s·(2 + √2).
      expect(Math.abs(e.lambdaMin / s - (2 - Math.SQRT2))).toBeLessThanOrEqual(64 * Number.EPSILON);
      expect(Math.abs(e.lambdaMax / s - (2 + Math.SQRT2))).toBeLessThanOrEqual(64 * Number.EPSILON);
      expect(Number.isFinite(e.residualMin) && Number.isFinite(e.residualMax)).toBe(true);
    }
  });

  it("accepts rounding-level asymmetry and rejects invalid input with precise messages", () => {
    const nearly = fromRows([
      [1, 2],
      [2 * (1 + 1e-15), 1],
    ]);
    expect(extremeEigenpairs(nearly).lambdaMax).toBeCloseTo(3, 12);
    expect(() => extremeEigenpairs({ rows: 0, cols: 0, data: new Float64Array(0) })).toThrow(/empty/);
    expect(() => extremeEigenpairs({ rows: 2, cols: 3, data: new Float64Array(6) })).toThrow(/square, got 2×3/);
    expect(() => extremeEigenpairs(fromRows([
      [1, NaN],
      [NaN, 1],
    ]))).toThrow(/entry \(0, 1\) is NaN/);
    expect(() => extremeEigenpairs(fromRows([
      [1, 0],
      [0, Infinity],
    ]))).toThrow(/entry \(1, 1\) is Infinity/);
    expect(() => extremeEigenpairs(fromRows([
      [1, 2],
      [2 + 1e-9, 1],
    ]))).toThrow(/not symmetric: \|H\[0\]\[1\] − H\[1\]\[0\]\|/);
    expect(() => extremeEigenpairs(fromRows([
      [1, 2],
      [2 + 1e-9, 1],
    ]))).toThrow(RangeError);
  });
});

describe("symmetricEigenvaluesReference and eigenvalueTolerance", () => {
  it("returns all eigenvalues ascending", () => {
    const values = symmetricEigenvaluesReference(fromRows([
      [3, 0, 0],
      [0, -1, 0],
      [0, 0, 2],
    ]));
    expect(values).toEqual([-1, 2, 3]);
  });

  it("is c·n·ε·‖H‖_F", () => {
    const H = fromRows([
      [3, 4],
      [4, 0],
    ]);
    // ‖H‖_F = √(9 + 16 + 16) = √41.
    const expected = EIGENVALUE_TOLERANCE_FACTOR * 2 * Number.EPSILON * Math.sqrt(41);
    expect(Math.abs(eigenvalueTolerance(H) - expected)).toBeLessThanOrEqual(4 * Number.EPSILON * expected);
  });
});
