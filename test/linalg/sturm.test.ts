/**
 * Sturm counts, bisection and inverse iteration on symmetric tridiagonals (src/linalg/sturm.ts).
 *
 * Tolerances, with ε = 2⁻⁵², n the order and ‖T‖_F the Frobenius norm of the tridiagonal:
 * - Eigenvalues: |λ̂_k − λ_k| ≤ tolT := 8nε‖T‖_F (= eigenvalueTolerance of the dense T; its derivation is in
 *   spectrum.ts). For the reference we use either the closed form of the 1-D Laplacian or ml-matrix's
 *   symmetric EVD of the dense T, itself backward stable within the same bound.
 * - Counts: the floating-point Sturm count at x is exact for a tridiagonal within a few u of T (Kahan), so
 *   count(x) = #{λ_ref < x} is only asserted at points x farther than tolT from every reference
 *   eigenvalue; monotonicity is asserted everywhere (it holds in IEEE arithmetic for this recurrence).
 * - Residuals: ‖T v − λ̂ v‖ ≤ tolT (rounding floor of the residual itself ≈ (n+1)ε‖T‖ plus the eigenvalue
 *   error; see spectrum.ts).
 * - Counts, eigenvalues and residuals get an absolute allowance of 2·pivmin (≈ 4.5e-308 · max(1, max e²)): the
 *   pivot guard moves the count's switching point by up to pivmin and bisection's absolute floor is pivmin.
 *   It only matters for the zero matrix, where tolT = 0.
 */
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { buildSymmetricMatrix } from "../../properties/arbitraries/symmetricMatrix.js";
import { type Dense, frobenius } from "../../src/linalg/dense.js";
import { eigenvalueTolerance, symmetricEigenvaluesReference } from "../../src/linalg/spectrum.js";
import {
  type SymmetricTridiagonal,
  bisectEigenvalue,
  inverseIteration,
  norm2,
  prepareSturm,
  sturmCount,
  tridiagonalResidual,
} from "../../src/linalg/sturm.js";
import { tridiagonalToDense, tridiagonalize } from "../../src/linalg/tridiagonal.js";
import { Rng } from "../../src/random/rng.js";

type Kind = "random" | "fromDense" | "repeated" | "graded";

/**
 * Tridiagonals of several kinds: random entries; the reduction of a random symmetric matrix; a diagonal
 * with repeated values and some zero couplings (exactly repeated eigenvalues); entries graded over many
 * orders of magnitude.
 */
function tridiagonal(kind: Kind, n: number, scale: number, seed: number): SymmetricTridiagonal {
  const rng = new Rng(seed);
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  if (kind === "fromDense") {
    const t = tridiagonalize(buildSymmetricMatrix("gaussian", n, scale, seed));
    return { diagonal: t.diagonal, offDiagonal: t.offDiagonal };
  }
  for (let i = 0; i < n; i++) {
    if (kind === "random") d[i] = scale * rng.gaussian();
    else if (kind === "repeated") d[i] = scale * (rng.integer(3) - 1);
    else d[i] = scale * 10 ** (rng.integer(9) - 4) * rng.gaussian();
  }
  for (let i = 0; i + 1 < n; i++) {
    if (kind === "random") e[i] = scale * rng.gaussian();
    else if (kind === "repeated") e[i] = rng.integer(3) === 0 ? scale * rng.gaussian() : 0;
    else e[i] = scale * 10 ** (rng.integer(9) - 4) * rng.gaussian();
  }
  return { diagonal: d, offDiagonal: e };
}

const tridiagonalCase = fc
  .record({
    kind: fc.constantFrom<Kind>("random", "fromDense", "repeated", "graded"),
    n: fc.integer({ min: 1, max: 40 }),
    scale: fc.constantFrom(1, 1e-8, 1e8),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
  })
  .map((c) => {
    const t = tridiagonal(c.kind, c.n, c.scale, c.seed);
    const dense: Dense = tridiagonalToDense(t.diagonal, t.offDiagonal);
    return { ...c, t, dense, tol: eigenvalueTolerance(dense), reference: symmetricEigenvaluesReference(dense) };
  });

/** Number of reference eigenvalues below x. */
function referenceCount(reference: readonly number[], x: number): number {
  let c = 0;
  for (const l of reference) if (l < x) c++;
  return c;
}

/** Distance from x to the nearest reference eigenvalue. */
function distanceToSpectrum(reference: readonly number[], x: number): number {
  let m = Infinity;
  for (const l of reference) m = Math.min(m, Math.abs(l - x));
  return m;
}

describe("sturmCount", () => {
  test.prop([tridiagonalCase, fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: 2, maxLength: 30 })], {
    numRuns: 80,
  })("is monotone, 0 at the lower bound, n at the upper bound, and matches the reference away from eigenvalues", (c, fractions) => {
    const s = prepareSturm(c.t);
    expect(sturmCount(s, s.lower)).toBe(0);
    expect(sturmCount(s, s.upper)).toBe(c.n);
    // Probe points spread over (and a little beyond) the Gershgorin interval, plus every gap midpoint.
    const centre = 0.5 * (s.lower + s.upper);
    const half = 0.5 * (s.upper - s.lower);
    const points = fractions.map((f) => centre + f * half);
    // Two probes certainly more than tolT outside the spectrum, so the comparison below is never vacuous.
    points.push(s.lower - 2 * half - 2 * c.tol - 1, s.upper + 2 * half + 2 * c.tol + 1);
    for (let i = 0; i + 1 < c.n; i++) points.push(0.5 * (c.reference[i] + c.reference[i + 1]));
    points.sort((x, y) => x - y);
    let previous = 0;
    let checked = 0;
    for (const x of points) {
      const count = sturmCount(s, x);
      expect(count).toBeGreaterThanOrEqual(previous);
      previous = count;
      if (distanceToSpectrum(c.reference, x) > c.tol + 2 * s.pivmin) {
        expect(count).toBe(referenceCount(c.reference, x));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it("counts an eigenvalue sitting exactly at x as below x (zero pivot replaced by −pivmin)", () => {
    const s = prepareSturm({ diagonal: new Float64Array([0, 1, 2]), offDiagonal: new Float64Array([0, 0]) });
    expect(sturmCount(s, 1)).toBe(2);
    expect(sturmCount(s, 0.5)).toBe(1);
    expect(sturmCount(s, 0)).toBe(1);
    expect(sturmCount(s, -1e-300)).toBe(0);
  });

  it("rejects empty and mismatched input", () => {
    expect(() => prepareSturm({ diagonal: new Float64Array(0), offDiagonal: new Float64Array(0) })).toThrow(RangeError);
    expect(() => prepareSturm({ diagonal: new Float64Array(3), offDiagonal: new Float64Array(3) })).toThrow(/n − 1 = 2/);
  });
});

describe("bisectEigenvalue", () => {
  test.prop([tridiagonalCase], { numRuns: 80 })("finds every eigenvalue within tolT with a valid bracket", (c) => {
    const s = prepareSturm(c.t);
    for (let k = 0; k < c.n; k++) {
      const r = bisectEigenvalue(s, k);
      expect(Math.abs(r.value - c.reference[k])).toBeLessThanOrEqual(c.tol + 2 * s.pivmin);
      expect(r.stop).not.toBe("step-limit");
      expect(sturmCount(s, r.lower)).toBeLessThanOrEqual(k);
      expect(sturmCount(s, r.upper)).toBeGreaterThan(k);
      expect(r.upper - r.lower).toBeLessThanOrEqual(2 * Number.EPSILON * Math.max(Math.abs(r.lower), Math.abs(r.upper)) + s.pivmin);
    }
  });

  it("matches the closed-form spectrum of the 1-D Laplacian tridiag(−1, 2, −1)", () => {
    // λ_k = 2 − 2cos((k+1)π/(n+1)), k = 0..n−1: an analytic reference independent of any eigensolver.
    for (const n of [1, 2, 7, 50]) {
      const s = prepareSturm({ diagonal: new Float64Array(n).fill(2), offDiagonal: new Float64Array(n - 1).fill(-1) });
      const tol = eigenvalueTolerance(tridiagonalToDense(new Float64Array(n).fill(2), new Float64Array(n - 1).fill(-1)));
      for (let k = 0; k < n; k++) {
        const exact = 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1));
        expect(Math.abs(bisectEigenvalue(s, k).value - exact)).toBeLessThanOrEqual(tol);
      }
    }
  });

  it("separates the nearly equal top pair of Wilkinson's W₂₁⁺", () => {
    // W₂₁⁺ = tridiag(1, |10 − i|, 1), i = 0..20: its two largest eigenvalues agree to ~14 digits
    // (10.746194182903…); bisection resolves them as two distinct, ordered values.
    const n = 21;
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = Math.abs(10 - i);
    const t = { diagonal: d, offDiagonal: new Float64Array(n - 1).fill(1) };
    const s = prepareSturm(t);
    const top = bisectEigenvalue(s, n - 1).value;
    const next = bisectEigenvalue(s, n - 2).value;
    expect(top).toBeGreaterThanOrEqual(next);
    expect(top).toBeCloseTo(10.746194182903, 11);
    expect(next).toBeCloseTo(10.746194182903, 11);
    const reference = symmetricEigenvaluesReference(tridiagonalToDense(d, t.offDiagonal));
    const tol = eigenvalueTolerance(tridiagonalToDense(d, t.offDiagonal));
    expect(Math.abs(top - reference[n - 1])).toBeLessThanOrEqual(tol);
    expect(Math.abs(next - reference[n - 2])).toBeLessThanOrEqual(tol);
  });

  it("stops on the absolute floor for an eigenvalue at exactly zero, and validates its arguments", () => {
    const s = prepareSturm({ diagonal: new Float64Array([0, 0]), offDiagonal: new Float64Array([0]) });
    const r = bisectEigenvalue(s, 0);
    expect(r.stop).toBe("absolute-floor");
    // The pivot guard moves the count's switching point from 0 to −pivmin; the bracket is ≤ pivmin wide.
    expect(Math.abs(r.value)).toBeLessThanOrEqual(2 * s.pivmin);
    expect(() => bisectEigenvalue(s, 2)).toThrow(RangeError);
    expect(() => bisectEigenvalue(s, 0.5)).toThrow(RangeError);
    expect(() => bisectEigenvalue(s, 0, -1)).toThrow(RangeError);
  });
});

describe("inverseIteration", () => {
  test.prop([tridiagonalCase], { numRuns: 80 })("returns a unit vector with residual ≤ tolT for λ_min and λ_max", (c) => {
    const s = prepareSturm(c.t);
    for (const k of [0, c.n - 1]) {
      const lambda = bisectEigenvalue(s, k).value;
      const ev = inverseIteration(c.t, lambda);
      expect(ev.vector.length).toBe(c.n);
      expect(Math.abs(norm2(ev.vector) - 1)).toBeLessThanOrEqual(4 * c.n * Number.EPSILON);
      expect(ev.residual).toBe(tridiagonalResidual(c.t, lambda, ev.vector));
      expect(ev.residual).toBeLessThanOrEqual(c.tol + 2 * s.pivmin);
    }
  });

  it("recovers coordinate vectors of a diagonal matrix and handles repeated eigenvalues", () => {
    const t = { diagonal: new Float64Array([3, 1, 2]), offDiagonal: new Float64Array([0, 0]) };
    // One solve amplifies the e₁ component by 1/(u·‖T‖) relative to the others: they end at O(u).
    const v = inverseIteration(t, 1).vector;
    expect(Math.abs(Math.abs(v[1]) - 1)).toBeLessThanOrEqual(Number.EPSILON);
    expect(Math.abs(v[0])).toBeLessThanOrEqual(2 * Number.EPSILON);
    expect(Math.abs(v[2])).toBeLessThanOrEqual(2 * Number.EPSILON);
    const identity = { diagonal: new Float64Array(5).fill(1), offDiagonal: new Float64Array(4) };
    const w = inverseIteration(identity, 1);
    expect(w.residual).toBe(0);
    expect(Math.abs(norm2(w.vector) - 1)).toBeLessThanOrEqual(4 * 5 * Number.EPSILON);
  });

  it("gives the exact eigenvector direction of a 2×2 with a large coupling", () => {
    // [[1, 1e8], [1e8, 1]]: eigenvalues 1 ± 1e8 with eigenvectors (1, ±1)/√2.
    const t = { diagonal: new Float64Array([1, 1]), offDiagonal: new Float64Array([1e8]) };
    const s = prepareSturm(t);
    const v = inverseIteration(t, bisectEigenvalue(s, 0).value).vector;
    expect(Math.abs(Math.abs(v[0]) - Math.SQRT1_2)).toBeLessThanOrEqual(4 * Number.EPSILON);
    expect(v[0] * v[1]).toBeLessThan(0);
    expect(frobenius(v)).toBeCloseTo(1, 15);
  });
});
