/**
 * The rigorous decision "λ_min(A) > τ" of src/linalg/cholesky.ts (SPEC N4).
 *
 * What must never happen: "certified" when λ_min(A) ≤ τ, or "refuted" when λ_min(A) ≥ τ. The true λ_min is
 * known exactly for integer Gram matrices of deficient rank (λ_min = 0: B Bᵀ with small integer B is
 * computed without rounding), and otherwise to within tol = eigenvalueTolerance(A) = 8nε‖A‖_F by ml-matrix.
 *
 * Gaps, in the same units:
 * - Above: τ = λ_ref + 8·tol. The witness bound is λ̂ + r̂ + tol with |λ̂ − λ_ref| ≤ tol and r̂ ≤ tol (both
 *   checked in spectrum.test.ts), so it is ≤ λ_ref + 3tol < τ: the answer must be "refuted" (not merely
 *   "not certified").
 * - Below: τ = λ_ref − gap with gap = (α·(max_i a_ii − λ_ref) + 2·tol)/(1 − α), α = 4n(n+3)u. The test
 *   matrix A − (τ + c)I has λ_min ≥ gap − c − tol, and Cholesky provably succeeds when λ_min exceeds
 *   n·γ_{n+1}/(1 − γ_{n+1})·max diag (Higham, ASNA 2nd ed., Thm 10.7, applied to D⁻¹AD⁻¹); Rump's
 *   c ≈ (n+1)u·tr ≤ n(n+1)u·max diag. Both together are ≤ 2n(n+3)u·max diag(A − τI), and the gap is twice
 *   that plus twice the reference error, so the answer must be "certified".
 */
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { symmetricMatrix } from "../../properties/arbitraries/symmetricMatrix.js";
import { type Dense, fromRows, gram, matmulTransB } from "../../src/linalg/dense.js";
import { certifyMinEigenvalue, cholesky, nextDown, nextUp, rumpMargin } from "../../src/linalg/cholesky.js";
import { eigenvalueTolerance, symmetricEigenvaluesReference } from "../../src/linalg/spectrum.js";
import { SMALLEST_SUBNORMAL, UNIT_ROUNDOFF, gamma } from "../../src/numerics/tolerance.js";
import { Rng } from "../../src/random/rng.js";

const matrixCase = symmetricMatrix({ kinds: ["gaussian", "gramLowRank", "gramFullRank", "diagonal"] })
  .map(({ H: A, ...c }) => ({ ...c, A, lambdaRef: symmetricEigenvaluesReference(A)[0], tol: eigenvalueTolerance(A) }))
  // The zero matrix (tol = 0, reachable for small diagonal cases) has no gap to test; see the exact tests.
  .filter((c) => c.tol > 0);

function maxDiagonal(A: Dense): number {
  let m = -Infinity;
  for (let i = 0; i < A.rows; i++) m = Math.max(m, A.data[i * A.rows + i]);
  return m;
}

/** The certification gap of the module doc: large enough that Cholesky of A − (τ + c)I provably succeeds. */
function certificationGap(A: Dense, lambdaRef: number, tol: number): number {
  const n = A.rows;
  const alpha = 4 * n * (n + 3) * UNIT_ROUNDOFF;
  return (alpha * (maxDiagonal(A) - lambdaRef) + 2 * tol) / (1 - alpha);
}

/** An exactly singular PSD matrix: B Bᵀ for an integer n×r matrix B, r < n, computed without rounding. */
function integerGram(n: number, rank: number, seed: number, scaleExponent: number): Dense {
  const rng = new Rng(seed);
  const b = new Float64Array(n * rank);
  for (let i = 0; i < b.length; i++) b[i] = (rng.integer(7) - 3) * 2 ** scaleExponent;
  return gram({ rows: n, cols: rank, data: b });
}

describe("certifyMinEigenvalue", () => {
  test.prop([matrixCase], { numRuns: 80 })("refutes τ = λ_min + 8·tol (never certifies above λ_min)", ({ A, lambdaRef, tol }) => {
    const tau = lambdaRef + 8 * tol;
    const c = certifyMinEigenvalue(A, tau);
    expect(c.status).toBe("refuted");
    expect(c.tau).toBe(tau);
    if (c.lambdaMinUpperBound !== undefined) expect(c.lambdaMinUpperBound).toBeLessThan(tau);
  });

  test.prop([matrixCase], { numRuns: 80 })("certifies τ = λ_min − gap (never refutes below λ_min)", ({ A, lambdaRef, tol }) => {
    const tau = lambdaRef - certificationGap(A, lambdaRef, tol);
    const c = certifyMinEigenvalue(A, tau);
    expect(c.status).toBe("certified");
    expect(c.margin).toBeGreaterThan(0);
    expect(c.failedPivot).toBeUndefined();
  });

  test.prop([matrixCase.filter((c) => c.kind === "gramFullRank")], { numRuns: 40 })(
    "certifies a clearly positive definite matrix with τ = λ_min/2",
    ({ A, lambdaRef }) => {
      expect(certifyMinEigenvalue(A, lambdaRef / 2).status).toBe("certified");
    },
  );

  test.prop(
    [
      fc.integer({ min: 2, max: 30 }),
      fc.integer({ min: 1, max: 29 }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.constantFrom(0, -27, 27),
    ],
    { numRuns: 60 },
  )("λ_min = 0 exactly (integer Gram of deficient rank): τ = 0 is undecided, ±gap are decided", (n, rank, seed, exponent) => {
    // Entries (−3..3)·2^e: every product and partial sum is an integer multiple of 2^(2e) below 2⁵³·2^(2e),
    // so B Bᵀ is exact and rank(B) < n makes λ_min = 0 exactly.
    const A = integerGram(n, Math.min(n - 1, rank), seed, exponent);
    const tol = eigenvalueTolerance(A);
    if (tol === 0) return; // B = 0: the zero matrix, covered separately.
    // Exact: certified would be a false proof of λ_min > 0, refuted a false proof of λ_min < 0.
    expect(certifyMinEigenvalue(A, 0).status).toBe("undecided");
    expect(certifyMinEigenvalue(A, 8 * tol).status).toBe("refuted");
    expect(certifyMinEigenvalue(A, -certificationGap(A, 0, tol)).status).toBe("certified");
  });

  it("refutes exactly from the diagonal, and is undecided at the exact eigenvalue", () => {
    const A = fromRows([
      [4, 1, 0],
      [1, 0.5, 0],
      [0, 0, 3],
    ]);
    const c = certifyMinEigenvalue(A, 0.75);
    expect(c).toMatchObject({ status: "refuted", minDiagonal: 0.5, margin: 0 });
    expect(c.reason).toMatch(/diagonal entry a\[1\]\[1\] = 0.5 < τ = 0.75/);
    const identity = fromRows([
      [1, 0],
      [0, 1],
    ]);
    expect(certifyMinEigenvalue(identity, 1).status).toBe("undecided");
    // λ_min(I) = 1 > 1 − 2⁻⁵³ is true, and provable: A − τI = 2⁻⁵³·I exactly, whose trace (hence Rump's
    // margin, ≈ 3u·2⁻⁵²) is tiny. The margin scales with A − τI, not with A.
    expect(certifyMinEigenvalue(identity, nextDown(1)).status).toBe("certified");
    expect(certifyMinEigenvalue(identity, nextUp(1)).status).toBe("refuted");
    const zero = { rows: 3, cols: 3, data: new Float64Array(9) };
    expect(certifyMinEigenvalue(zero, 0).status).toBe("undecided");
    expect(certifyMinEigenvalue(zero, -1e-300).status).toBe("certified");
    expect(certifyMinEigenvalue(zero, 1e-300).status).toBe("refuted");
  });

  it("reports the failed pivot and the witness bound when refuting an indefinite matrix", () => {
    // [[2, 3], [3, 2]] has eigenvalues −1 and 5; all diagonal entries exceed τ = 0.
    const c = certifyMinEigenvalue(fromRows([
      [2, 3],
      [3, 2],
    ]), 0);
    expect(c.status).toBe("refuted");
    expect(c.failedPivot).toBe(1);
    expect(c.lambdaMinUpperBound).toBeGreaterThanOrEqual(-1);
    expect(c.lambdaMinUpperBound).toBeLessThan(-1 + 1e-12);
    expect(c.reason).toMatch(/eigenvector witness/);
  });

  it("validates its input", () => {
    expect(() => certifyMinEigenvalue(fromRows([[1]]), Number.NaN)).toThrow(/tau must be finite/);
    expect(() => certifyMinEigenvalue({ rows: 0, cols: 0, data: new Float64Array(0) }, 0)).toThrow(RangeError);
    expect(() => certifyMinEigenvalue(fromRows([
      [1, 2],
      [3, 1],
    ]), 0)).toThrow(/not symmetric/);
  });
});

describe("cholesky and rounding helpers", () => {
  test.prop([matrixCase.filter((c) => c.kind === "gramFullRank")], { numRuns: 40 })(
    "L Lᵀ reproduces a positive definite A within 2γ_{n+1}·(|L||L|ᵀ)",
    ({ n, A }) => {
      const r = cholesky(A);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const L = r.factor;
      const product = matmulTransB(L, L);
      const absL = { rows: n, cols: n, data: L.data.map(Math.abs) };
      const magnitude = matmulTransB(absL, absL);
      // Demmel / Higham Thm 10.3: A + ΔA = L̂L̂ᵀ with |ΔA| ≤ γ_{n+1}|L̂||L̂|ᵀ; forming L̂L̂ᵀ adds γ_n|L̂||L̂|ᵀ.
      const gammaN1 = gamma(n + 1);
      for (let k = 0; k < n * n; k++) {
        expect(Math.abs(product.data[k] - A.data[k])).toBeLessThanOrEqual(2 * gammaN1 * magnitude.data[k]);
      }
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(L.data[i * n + j]).toBe(0);
    },
  );

  it("stops at the first non-positive pivot", () => {
    expect(cholesky(fromRows([
      [1, 2],
      [2, 1],
    ]))).toMatchObject({ ok: false, failedPivot: 1, pivot: -3 });
    expect(cholesky(fromRows([[0]]))).toMatchObject({ ok: false, failedPivot: 0 });
    expect(cholesky(fromRows([[4]]))).toMatchObject({ ok: true });
  });

  it("nextUp / nextDown step one ulp and rumpMargin follows the formula", () => {
    expect(nextUp(1)).toBe(1 + Number.EPSILON);
    expect(nextDown(1)).toBe(1 - Number.EPSILON / 2);
    expect(nextUp(0)).toBe(SMALLEST_SUBNORMAL);
    expect(nextDown(0)).toBe(-SMALLEST_SUBNORMAL);
    expect(nextUp(-1)).toBe(-1 + Number.EPSILON / 2);
    // n = 10, trace 10, maxdiag 1: γ₁₁/(1 − 2γ₁₁)·10 ≈ 110u, plus an underflow term of order 1e−321.
    const m = rumpMargin(10, 10, 1);
    const gamma11 = gamma(11);
    const exact = (gamma11 / (1 - 2 * gamma11)) * 10;
    expect(m).toBeGreaterThanOrEqual(exact);
    expect(m).toBeLessThanOrEqual(exact * (1 + 16 * Number.EPSILON) + 1e-300);
  });
});
