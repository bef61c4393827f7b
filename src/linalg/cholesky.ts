/**
 * Rigorous decision of "λ_min(A) > τ" for a symmetric floating-point matrix A (SPEC N4: positive
 * definiteness of the limit kernel, certified by a Cholesky factorisation with a rounding margin).
 *
 * Shapes: A is n×n row-major ({@link Dense}), n ≥ 1, finite, symmetric to within the tolerance of
 * spectrum.ts; τ is a finite number. Statements about λ_min(A) refer to the symmetric part (A + Aᵀ)/2
 * (identical to A when A is exactly symmetric, as every NTK matrix of the suite is).
 *
 * Three outcomes, each backed by a proof rather than by a comparison of rounded numbers:
 * - "refuted" (exact): some diagonal entry a_ii < τ. Since a_ii = e_iᵀ A e_i ≥ λ_min(A) (Rayleigh),
 *   λ_min(A) ≤ min_i a_ii < τ.
 * - "certified": the floating-point Cholesky factorisation of A − (τ + c)I runs to completion with positive
 *   pivots, c being Rump's rounding margin (below). Then λ_min(A) > τ.
 * - "refuted" (witness): the fast eigensolver gives λ̂ and a unit v with residual r̂ = ‖Av − λ̂v‖; for any
 *   symmetric A and unit v some eigenvalue lies within ‖Av − λ̂v‖ of λ̂, so λ_min(A) ≤ λ̂ + ‖Av − λ̂v‖, and
 *   the exact residual is at most r̂ + eigenvalueTolerance(A) (the rounding of the residual computation,
 *   derived in spectrum.ts). If that upper bound is < τ, λ_min(A) < τ.
 * - "undecided" otherwise: τ is within rounding distance of λ_min(A).
 *
 * The certificate (Rump 2006). S. M. Rump, "Verification of positive definiteness", BIT Numerical
 * Mathematics 46 (2006) 433–452, Theorem 2.3 / Corollary 2.4 (floating-point Cholesky as a proof of
 * positive definiteness, with underflow), in the form usually quoted from it (the original text was not
 * at hand; the formal version below was). Let A' be a symmetric floating-point matrix with
 * 0 ≤ a'_ii ≤ maxdiag and let Ã agree with A' off the diagonal and satisfy ã_ii ≤ a'_ii − c (as real numbers), where
 *
 *     c ≥ γ_{n+1}/(1 − 2γ_{n+1}) · tr(A') + 3·(2n + maxdiag)·η,   γ_k = k·u/(1 − k·u),
 *
 * u = 2⁻⁵³ (unit roundoff), η = 2⁻¹⁰⁷⁴ (smallest subnormal). If floating-point Cholesky of Ã (rounding to
 * nearest, no overflow) completes with positive diagonal, then A' is positive definite. The underflow term
 * as formally verified in Coq (P. Roux, "Formal proofs of rounding error bounds", J. Automated Reasoning 57
 * (2016), with the improved bounds of Rump & Jeannerod, SIMAX 35 (2014); the `validsdp` library) is
 * 4·n·(2(n+1) + maxdiag)·η with trace coefficient (n+1)u/(1 − (n+1)u) ≤ γ_{n+1}/(1 − 2γ_{n+1}); we take the
 * larger of the two published forms term by term, so the certificate is sound under either proof. The
 * formalised algorithm computes each entry as ((a_ij − l_i0·l_j0) − l_i1·l_j1) − … left to right, then
 * divides (off-diagonal) or takes the square root (diagonal): {@link cholesky} does exactly that (JavaScript
 * has no fused multiply-add, so every operation is one correctly rounded IEEE operation).
 *
 * Applying it to "λ_min(A) > τ": let M be A's lower triangle mirrored (what Cholesky reads) and δ an upper
 * bound on ‖(A + Aᵀ)/2 − M‖₂ (0 for symmetric input). A' := M off the diagonal, a'_ii := a_ii − τ − δ
 * rounded downwards, and ã_ii := a'_ii − c rounded downwards, so both real inequalities hold. Then
 * M − (τ + δ)I ⪰ A' ≻ 0, so λ_min(M) > τ + δ and, by Weyl, λ_min((A + Aᵀ)/2) > τ. Every constant is computed
 * with upward rounding emulated by one-ulp steps (each IEEE operation is within half an ulp, so the next
 * double up bounds the exact result).
 *
 * @module
 */
import type { Dense } from "./dense.js";
import { SMALLEST_SUBNORMAL, UNIT_ROUNDOFF } from "../numerics/tolerance.js";
import { assertSymmetricInput, eigenvalueTolerance, extremeEigenpairs } from "./spectrum.js";

/** Outcome of {@link certifyMinEigenvalue}. */
export type CertificateStatus = "certified" | "refuted" | "undecided";

/** A decision about "λ_min(A) > τ" with the numbers that justify it. */
export interface EigenvalueCertificate {
  /** "certified": λ_min(A) > τ proven; "refuted": λ_min(A) < τ proven; "undecided": neither. */
  readonly status: CertificateStatus;
  /** The threshold τ. */
  readonly tau: number;
  /**
   * Total diagonal shift beyond τ used by the Cholesky test: Rump's rounding margin c plus the asymmetry
   * bound δ (0 when the test was not reached, i.e. refuted by the diagonal).
   */
  readonly margin: number;
  /** min_i a_ii (an exact upper bound on λ_min(A)). */
  readonly minDiagonal: number;
  /** Index of the first non-positive (or non-finite) pivot when the shifted Cholesky failed. */
  readonly failedPivot?: number;
  /** Rigorous upper bound on λ_min(A) from the eigenvector witness, when it was computed. */
  readonly lambdaMinUpperBound?: number;
  /** A sentence stating which argument decided (or why none did). */
  readonly reason: string;
}

/** Result of {@link cholesky}: the lower factor, or where the factorisation broke down. */
export type CholeskyResult =
  | { readonly ok: true; readonly factor: Dense }
  | { readonly ok: false; readonly failedPivot: number; readonly pivot: number };

/** Raw bits for one-ulp stepping. */
const bitsView = new DataView(new ArrayBuffer(8));

/** The next double above x (x finite). */
export function nextUp(x: number): number {
  if (x === 0) return SMALLEST_SUBNORMAL;
  bitsView.setFloat64(0, x);
  const bits = bitsView.getBigUint64(0);
  bitsView.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return bitsView.getFloat64(0);
}

/** The next double below x (x finite). */
export function nextDown(x: number): number {
  return -nextUp(-x);
}

/** An upper bound on the exact x + y (one correctly rounded addition, then one ulp up). */
function addUp(x: number, y: number): number {
  return nextUp(x + y);
}

/** An upper bound on the exact x · y. */
function mulUp(x: number, y: number): number {
  return nextUp(x * y);
}

/** An upper bound on the exact x / y (y > 0). */
function divUp(x: number, y: number): number {
  return nextUp(x / y);
}

/**
 * A lower bound on the exact x − y that is exact when possible: the rounding error of s = fl(x − y) is
 * recovered exactly by Knuth's TwoSum, and s is stepped down one ulp only if it exceeds x − y.
 */
function subDown(x: number, y: number): number {
  const b = -y;
  const s = x + b;
  const bVirtual = s - x;
  const aVirtual = s - bVirtual;
  const err = (x - aVirtual) + (b - bVirtual);
  return err < 0 ? nextDown(s) : s;
}

/**
 * Cholesky factorisation A = L Lᵀ in the operation order of Rump's theorem (see module doc): for each row
 * i and column j ≤ i, s = a_ij − l_i0 l_j0 − l_i1 l_j1 − … (left to right), then l_ij = s / l_jj, or
 * l_ii = √s if s > 0. Reads the lower triangle of A only. O(n³/3).
 *
 * @param A - n×n matrix (square; symmetry is the caller's business).
 * @returns `{ ok: true, factor }` with L lower triangular row-major, or `{ ok: false, failedPivot, pivot }`
 *   at the first diagonal s that is not a finite positive number.
 */
export function cholesky(A: Dense): CholeskyResult {
  if (A.rows !== A.cols) throw new RangeError(`cholesky: matrix must be square, got ${A.rows}×${A.cols}`);
  const n = A.rows;
  const a = A.data;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < i; j++) {
      const rj = j * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      l[ri + j] = s / l[rj + j];
    }
    let s = a[ri + i];
    for (let k = 0; k < i; k++) s -= l[ri + k] * l[ri + k];
    if (!(s > 0) || !Number.isFinite(s)) return { ok: false, failedPivot: i, pivot: s };
    l[ri + i] = Math.sqrt(s);
  }
  // A finite pivot sequence can still hide an overflowed off-diagonal entry: refuse it.
  for (let idx = 0; idx < l.length; idx++) {
    if (!Number.isFinite(l[idx])) return { ok: false, failedPivot: Math.floor(idx / n), pivot: l[idx] };
  }
  return { ok: true, factor: { rows: n, cols: n, data: l } };
}

/**
 * Upper bound on ‖(A − Aᵀ)/2‖_F (≥ the 2-norm distance between the symmetric part of A and its lower
 * triangle mirrored), rounded upwards; exactly 0 for a symmetric matrix.
 */
function asymmetryBound(A: Dense): number {
  const n = A.rows;
  const a = A.data;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const gap = Math.abs(a[i * n + j] - a[j * n + i]);
      if (gap === 0) continue;
      // Entry (i, j) and (j, i) of (A − Aᵀ)/2 both have magnitude |gap|/2 (gap itself may be rounded: step up).
      const half = nextUp(nextUp(gap) * 0.5);
      sumSquares = addUp(sumSquares, mulUp(2, mulUp(half, half)));
    }
  }
  return sumSquares === 0 ? 0 : nextUp(Math.sqrt(sumSquares));
}

/**
 * Rump's rounding margin for a matrix of order n with non-negative diagonal trace `trace` and largest
 * diagonal entry `maxDiagonal`: the larger of the two published forms (see module doc), computed with
 * upward rounding.
 */
export function rumpMargin(n: number, trace: number, maxDiagonal: number): number {
  const nu = mulUp(n + 1, UNIT_ROUNDOFF); // (n+1)·u, exact for n < 2⁵³
  const gamma = divUp(nu, subDown(1, nu)); // γ_{n+1}
  const coefficient = divUp(gamma, subDown(1, mulUp(2, gamma))); // γ_{n+1}/(1 − 2γ_{n+1}) ≥ (n+1)u/(1 − (n+1)u)
  const traceTerm = mulUp(coefficient, trace);
  const rumpUnderflow = mulUp(3, addUp(2 * n, maxDiagonal)); // 3(2n + maxdiag), in units of η
  const verifiedUnderflow = mulUp(4 * n, addUp(2 * (n + 1), maxDiagonal)); // 4n(2(n+1) + maxdiag)
  const underflowTerm = mulUp(Math.max(rumpUnderflow, verifiedUnderflow), SMALLEST_SUBNORMAL);
  return addUp(traceTerm, underflowTerm);
}

/**
 * Decides "λ_min(A) > τ" rigorously (see the module doc for the three arguments and their proofs).
 *
 * Cost: one O(n³/3) Cholesky; if it fails, one {@link extremeEigenpairs} call (≈ 4/3 n³).
 *
 * @param A - n×n symmetric matrix (validated: square, n ≥ 1, finite, symmetric within tolerance).
 * @param tau - finite threshold.
 * @throws RangeError for invalid A or non-finite τ.
 */
export function certifyMinEigenvalue(A: Dense, tau: number): EigenvalueCertificate {
  assertSymmetricInput(A, "certifyMinEigenvalue");
  if (!Number.isFinite(tau)) throw new RangeError(`certifyMinEigenvalue: tau must be finite, got ${tau}`);
  const n = A.rows;
  const a = A.data;

  // 1. Diagonal test (exact): λ_min(A) ≤ a_ii for every i.
  let minDiagonal = Infinity;
  let argMin = 0;
  for (let i = 0; i < n; i++) {
    if (a[i * n + i] < minDiagonal) {
      minDiagonal = a[i * n + i];
      argMin = i;
    }
  }
  if (minDiagonal < tau) {
    return {
      status: "refuted",
      tau,
      margin: 0,
      minDiagonal,
      reason: `diagonal entry a[${argMin}][${argMin}] = ${minDiagonal} < τ = ${tau}, and λ_min(A) ≤ min_i a_ii`,
    };
  }

  // 2. Rump's test on A' = A − (τ + δ)I (diagonal rounded down) shifted by a further c.
  const delta = asymmetryBound(A);
  const shiftedDiagonal = new Float64Array(n);
  let trace = 0;
  let maxDiagonal = 0;
  let diagonalNonNegative = true;
  for (let i = 0; i < n; i++) {
    const d = delta === 0 ? subDown(a[i * n + i], tau) : subDown(subDown(a[i * n + i], tau), nextUp(delta));
    shiftedDiagonal[i] = d;
    if (!(d >= 0) || !Number.isFinite(d)) diagonalNonNegative = false;
    else {
      trace = addUp(trace, d);
      if (d > maxDiagonal) maxDiagonal = d;
    }
  }
  let margin = delta;
  let failedPivot: number | undefined;
  if (diagonalNonNegative && Number.isFinite(trace)) {
    const c = rumpMargin(n, trace, maxDiagonal);
    margin = addUp(c, delta);
    const test = new Float64Array(a);
    for (let i = 0; i < n; i++) test[i * n + i] = subDown(shiftedDiagonal[i], c);
    const chol = cholesky({ rows: n, cols: n, data: test });
    if (chol.ok) {
      return {
        status: "certified",
        tau,
        margin,
        minDiagonal,
        reason:
          `floating-point Cholesky of A − (τ + ${margin})I completed with positive pivots; by Rump (2006, ` +
          `Cor. 2.4) A − τI is positive definite, so λ_min(A) > τ`,
      };
    }
    failedPivot = chol.failedPivot;
  }

  // 3. Eigenvector witness: λ_min(A) ≤ λ̂ + ‖Av − λ̂v‖ ≤ λ̂ + r̂ + tol (+ δ for the asymmetric part).
  const pairs = extremeEigenpairs(A);
  const tolerance = eigenvalueTolerance(A);
  const underflowSlack = (2 * n + 4) * SMALLEST_SUBNORMAL;
  const upperBound = addUp(addUp(addUp(addUp(pairs.lambdaMin, pairs.residualMin), tolerance), delta), underflowSlack);
  const base = { tau, margin, minDiagonal, lambdaMinUpperBound: upperBound, ...(failedPivot === undefined ? {} : { failedPivot }) };
  if (upperBound < tau) {
    return {
      ...base,
      status: "refuted",
      reason:
        `eigenvector witness: λ_min(A) ≤ λ̂ + ‖Av − λ̂v‖ + rounding bound = ${upperBound} < τ = ${tau} ` +
        `(λ̂ = ${pairs.lambdaMin}, residual ${pairs.residualMin}, tolerance ${tolerance})`,
    };
  }
  const why =
    failedPivot === undefined
      ? `the shifted diagonal a_ii − τ − δ is negative or not finite`
      : `shifted Cholesky failed at pivot ${failedPivot}`;
  return {
    ...base,
    status: "undecided",
    reason:
      `${why}, and the eigenvector witness bound ${upperBound} is not below τ = ${tau}: τ is within rounding ` +
      `distance (margin ${margin}, λ̂_min = ${pairs.lambdaMin}) of λ_min(A)`,
  };
}
