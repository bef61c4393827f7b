/**
 * Eigenvalues and eigenvectors of a real symmetric tridiagonal matrix by Sturm-sequence bisection and
 * inverse iteration (the LAPACK `dstebz` / `dstein` approach, for a few selected eigenpairs).
 *
 * Shapes: T is n×n symmetric tridiagonal, given by `diagonal` (length n ≥ 1) and `offDiagonal`
 * (length n − 1, `offDiagonal[k] = T[k, k+1] = T[k+1, k]`). Eigenvalues are indexed from 0 in ascending
 * order: λ₀ ≤ λ₁ ≤ … ≤ λ_{n−1}. Eigenvectors are `Float64Array`s of length n with unit 2-norm.
 *
 * Accuracy: the floating-point Sturm count at x is the exact count of a tridiagonal whose entries differ
 * from T's by a few units of roundoff relative to them (Kahan 1966; Demmel, *Applied Numerical Linear
 * Algebra*, §5.3.4), so bisection returns each eigenvalue to an absolute error of a small multiple of
 * u·‖T‖ (u = 2⁻⁵³), plus the final interval width.
 *
 * @module
 */
import { UNIT_ROUNDOFF } from "../numerics/tolerance.js";

/** Smallest positive normal double, 2⁻¹⁰²² (LAPACK's "safe minimum"). */
const SAFE_MINIMUM = 2 ** -1022;

/**
 * Relative width at which bisection stops: the interval [lo, hi] may shrink to 2·ε·max(|lo|, |hi|)
 * (ε = `Number.EPSILON` = 2u), i.e. to about two floating-point spacings at the eigenvalue. Below that the
 * midpoint cannot be distinguished from an endpoint, so further halving makes no progress.
 */
const BISECTION_RELATIVE_WIDTH = 2 * Number.EPSILON;

/** Upper bound on bisection steps: from the widest double interval to the narrowest takes < 2·1100 halvings. */
const MAX_BISECTION_STEPS = 2200;

/** Maximum number of inverse-iteration solves per eigenvector (one usually suffices; see {@link inverseIteration}). */
const MAX_INVERSE_ITERATIONS = 5;

/** A symmetric tridiagonal matrix by its two diagonals. */
export interface SymmetricTridiagonal {
  /** Diagonal, length n. */
  readonly diagonal: Float64Array;
  /** Off-diagonal, length n − 1. */
  readonly offDiagonal: Float64Array;
}

/** Precomputed quantities for repeated Sturm counts on one matrix (see {@link prepareSturm}). */
export interface SturmData {
  /** Diagonal, length n. */
  readonly diagonal: Float64Array;
  /** Squared off-diagonal entries e_k², length n − 1. */
  readonly offDiagonalSquared: Float64Array;
  /**
   * Pivot guard (LAPACK `dstebz`: PIVMIN = safe minimum · max(1, max_k e_k²)). A pivot of magnitude ≤ pivmin
   * is replaced by −pivmin: it would otherwise divide by (near) zero, and a perturbation this small moves
   * eigenvalues by far less than the count's own backward error.
   */
  readonly pivmin: number;
  /** Gershgorin lower bound on λ₀, widened by the rounding slack of {@link gershgorinInterval}. */
  readonly lower: number;
  /** Gershgorin upper bound on λ_{n−1}, widened likewise. */
  readonly upper: number;
  /** max_i (|e_{i−1}| + |d_i| + |e_i|) ≥ ‖T‖₂: the scale of absolute errors. */
  readonly norm: number;
}

/** Why bisection stopped. */
export type BisectionStop = "relative-width" | "absolute-floor" | "step-limit";

/** Result of {@link bisectEigenvalue}. */
export interface BisectionResult {
  /** Midpoint of the final bracket: the eigenvalue estimate. */
  readonly value: number;
  /** Final bracket [lower, upper] with count(lower) ≤ k < count(upper) (floating-point Sturm counts). */
  readonly lower: number;
  /** See {@link BisectionResult.lower}. */
  readonly upper: number;
  /** Number of halvings performed. */
  readonly steps: number;
  /** Which stopping rule fired. */
  readonly stop: BisectionStop;
}

/** Result of {@link inverseIteration}. */
export interface TridiagonalEigenvector {
  /** Unit eigenvector estimate, length n. */
  readonly vector: Float64Array;
  /** ‖T v − λ v‖₂ for the returned v (computed in floating point). */
  readonly residual: number;
  /** Number of linear solves performed. */
  readonly iterations: number;
}

/** Validates the two diagonals; throws a RangeError naming the problem. */
function checkTridiagonal(t: SymmetricTridiagonal): number {
  const n = t.diagonal.length;
  if (n === 0) throw new RangeError("tridiagonal: the matrix is empty (n = 0)");
  if (t.offDiagonal.length !== n - 1) {
    throw new RangeError(`tridiagonal: offDiagonal has length ${t.offDiagonal.length}, expected n − 1 = ${n - 1}`);
  }
  return n;
}

/**
 * Gershgorin interval [lo, hi] ⊇ spectrum(T), widened by 2·n·u·‖T‖ + 2·pivmin (the `dstebz` fudge) so that
 * the floating-point counts satisfy count(lo) = 0 and count(hi) = n despite rounding.
 */
function gershgorinInterval(d: Float64Array, e: Float64Array, pivmin: number): { lower: number; upper: number; norm: number } {
  const n = d.length;
  let lower = Infinity;
  let upper = -Infinity;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const radius = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i + 1 < n ? Math.abs(e[i]) : 0);
    lower = Math.min(lower, d[i] - radius);
    upper = Math.max(upper, d[i] + radius);
    norm = Math.max(norm, Math.abs(d[i]) + radius);
  }
  const fudge = 2 * n * UNIT_ROUNDOFF * norm + 2 * pivmin;
  return { lower: lower - fudge, upper: upper + fudge, norm };
}

/**
 * Precomputes e², the pivot guard and the Gershgorin interval of T for repeated Sturm counts.
 *
 * @throws RangeError if n = 0 or the lengths do not match.
 */
export function prepareSturm(t: SymmetricTridiagonal): SturmData {
  checkTridiagonal(t);
  const e2 = new Float64Array(t.offDiagonal.length);
  let maxE2 = 0;
  for (let k = 0; k < e2.length; k++) {
    const s = t.offDiagonal[k] * t.offDiagonal[k];
    e2[k] = s;
    if (s > maxE2) maxE2 = s;
  }
  const pivmin = SAFE_MINIMUM * Math.max(1, maxE2);
  const g = gershgorinInterval(t.diagonal, t.offDiagonal, pivmin);
  return { diagonal: t.diagonal, offDiagonalSquared: e2, pivmin, lower: g.lower, upper: g.upper, norm: g.norm };
}

/**
 * Sturm count: the number of eigenvalues of T smaller than x (LAPACK `dlaebz` recurrence).
 *
 * The pivots q₀ = d₀ − x, q_i = d_i − x − e²_{i−1}/q_{i−1} are the diagonal of the LDLᵀ factorisation of
 * T − xI; by Sylvester's law of inertia the number of negative pivots is the number of eigenvalues below x.
 * A pivot with |q| ≤ pivmin is replaced by −pivmin (so an eigenvalue exactly at x counts as below x), which
 * keeps every division finite. The count is monotone in x in exact arithmetic; for this recurrence in IEEE
 * arithmetic monotonicity is known to hold under mild conditions (Demmel, Dhillon, Ren 1995, "On the
 * correctness of some bisection-like parallel eigenvalue algorithms in floating point arithmetic"), and the
 * tests check it, but {@link bisectEigenvalue} does not depend on it: it only keeps a bracket whose end
 * counts straddle k. O(n).
 */
export function sturmCount(s: SturmData, x: number): number {
  const d = s.diagonal;
  const e2 = s.offDiagonalSquared;
  const pivmin = s.pivmin;
  const n = d.length;
  let q = d[0] - x;
  if (Math.abs(q) <= pivmin) q = -pivmin;
  let count = q < 0 ? 1 : 0;
  for (let i = 1; i < n; i++) {
    q = d[i] - x - e2[i - 1] / q;
    if (Math.abs(q) <= pivmin) q = -pivmin;
    if (q < 0) count++;
  }
  return count;
}

/**
 * The k-th smallest eigenvalue (k = 0 is λ_min) by bisection on Sturm counts.
 *
 * Invariant: count(lower) ≤ k < count(upper), starting from the widened Gershgorin interval.
 * Stopping rule: upper − lower ≤ 2ε·max(|lower|, |upper|) + absoluteFloor, where ε = 2⁻⁵². The relative
 * term is two floating-point spacings at the eigenvalue: once the bracket is that narrow its midpoint is
 * (nearly) one of its endpoints and halving stalls. The relative term alone would never stop for an
 * eigenvalue at exactly 0 (it would descend through ~1000 binades of subnormal-bound widths), hence the
 * absolute floor; its default, pivmin, is the size below which the count itself perturbs pivots, so a
 * narrower bracket carries no information. A step limit guards against non-finite input.
 *
 * @param s - from {@link prepareSturm}.
 * @param k - eigenvalue index in [0, n).
 * @param absoluteFloor - absolute part of the stopping width (default `s.pivmin`; must be ≥ 0).
 */
export function bisectEigenvalue(s: SturmData, k: number, absoluteFloor: number = s.pivmin): BisectionResult {
  const n = s.diagonal.length;
  if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`bisectEigenvalue: index ${k} outside [0, ${n})`);
  if (!(absoluteFloor >= 0)) throw new RangeError(`bisectEigenvalue: absoluteFloor must be ≥ 0, got ${absoluteFloor}`);
  let lower = s.lower;
  let upper = s.upper;
  let steps = 0;
  let stop: BisectionStop = "step-limit";
  while (steps < MAX_BISECTION_STEPS) {
    const width = upper - lower;
    const relative = BISECTION_RELATIVE_WIDTH * Math.max(Math.abs(lower), Math.abs(upper));
    if (width <= relative + absoluteFloor) {
      stop = width <= relative ? "relative-width" : "absolute-floor";
      break;
    }
    const mid = lower + 0.5 * width;
    if (mid <= lower || mid >= upper) {
      // No double strictly inside the bracket: it is as narrow as the format allows.
      stop = "relative-width";
      break;
    }
    if (sturmCount(s, mid) <= k) lower = mid;
    else upper = mid;
    steps++;
  }
  return { value: lower + 0.5 * (upper - lower), lower, upper, steps, stop };
}

/** LU factors of T − λI with partial pivoting (LAPACK `dlagtf`): U has three diagonals u0, u1, u2. */
interface ShiftedTridiagonalLU {
  readonly u0: Float64Array;
  readonly u1: Float64Array;
  readonly u2: Float64Array;
  /** Multipliers of L (unit lower bidiagonal after the row interchanges). */
  readonly multiplier: Float64Array;
  /** swapped[k] = 1 when rows k and k+1 were interchanged at step k. */
  readonly swapped: Uint8Array;
}

/**
 * Gaussian elimination with partial pivoting of T − λI. Row k at step k is [u0_k, u1_k, u2_k] in columns
 * k, k+1, k+2; row k+1 is [e_k, d_{k+1} − λ, e_{k+1}]. Pivots smaller than `pivotFloor` in magnitude are
 * replaced by ±pivotFloor (inverse iteration wants a nearly singular, not a singular, system).
 */
function factorShifted(d: Float64Array, e: Float64Array, lambda: number, pivotFloor: number): ShiftedTridiagonalLU {
  const n = d.length;
  const u0 = new Float64Array(n);
  const u1 = new Float64Array(n);
  const u2 = new Float64Array(n);
  const multiplier = new Float64Array(n);
  const swapped = new Uint8Array(n);
  for (let i = 0; i < n; i++) u0[i] = d[i] - lambda;
  for (let i = 0; i + 1 < n; i++) u1[i] = e[i];
  for (let k = 0; k + 1 < n; k++) {
    const sub = e[k];
    if (Math.abs(u0[k]) >= Math.abs(sub)) {
      // Floor the pivot before it is used, so L and U factor one (slightly perturbed) matrix.
      if (Math.abs(u0[k]) < pivotFloor) u0[k] = u0[k] < 0 ? -pivotFloor : pivotFloor;
      const m = sub / u0[k];
      multiplier[k] = m;
      u0[k + 1] -= m * u1[k];
      // u2[k] stays 0 and row k+1's entry in column k+2 (u1[k+1]) is unchanged.
    } else {
      const m = u0[k] / sub;
      multiplier[k] = m;
      swapped[k] = 1;
      const nextDiag = u0[k + 1];
      u0[k] = sub;
      u0[k + 1] = u1[k] - m * nextDiag;
      u1[k] = nextDiag;
      if (k + 2 < n) {
        u2[k] = u1[k + 1];
        u1[k + 1] = -m * u2[k];
      }
      if (Math.abs(u0[k]) < pivotFloor) u0[k] = u0[k] < 0 ? -pivotFloor : pivotFloor;
    }
  }
  if (Math.abs(u0[n - 1]) < pivotFloor) u0[n - 1] = u0[n - 1] < 0 ? -pivotFloor : pivotFloor;
  return { u0, u1, u2, multiplier, swapped };
}

/**
 * Above this magnitude the back substitution rescales the partial solution (it is only needed up to a
 * scalar), so tiny pivots compounding over a cluster cannot overflow. 2⁵¹² leaves room for one more
 * division by a pivot as small as u·‖T‖ with ‖T‖ ≈ 1.
 */
const RESCALE_THRESHOLD = 2 ** 512;

/** Solves (T − λI) y = b in place (b becomes a multiple of y); returns nothing, rescaling as needed. */
function solveShifted(f: ShiftedTridiagonalLU, b: Float64Array): void {
  const n = b.length;
  for (let k = 0; k + 1 < n; k++) {
    if (f.swapped[k] === 1) {
      const t = b[k];
      b[k] = b[k + 1];
      b[k + 1] = t;
    }
    b[k + 1] -= f.multiplier[k] * b[k];
  }
  for (let k = n - 1; k >= 0; k--) {
    let s = b[k];
    if (k + 1 < n) s -= f.u1[k] * b[k + 1];
    if (k + 2 < n) s -= f.u2[k] * b[k + 2];
    const y = s / f.u0[k];
    b[k] = y;
    if (Math.abs(y) > RESCALE_THRESHOLD) {
      const scale = 1 / Math.abs(y);
      for (let i = 0; i < n; i++) b[i] *= scale;
    }
  }
}

/** ‖T v − λ v‖₂ in O(n), with overflow-safe scaling. */
export function tridiagonalResidual(t: SymmetricTridiagonal, lambda: number, v: Float64Array): number {
  const d = t.diagonal;
  const e = t.offDiagonal;
  const n = d.length;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = (d[i] - lambda) * v[i];
    if (i > 0) s += e[i - 1] * v[i - 1];
    if (i + 1 < n) s += e[i] * v[i + 1];
    r[i] = s;
  }
  return norm2(r);
}

/** Euclidean norm with scaling (no overflow or harmful underflow). */
export function norm2(x: Float64Array): number {
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > scale) scale = a;
  }
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  // Divide (not multiply by 1/scale): 1/scale overflows when scale is subnormal.
  let acc = 0;
  for (let i = 0; i < x.length; i++) {
    const t = x[i] / scale;
    acc += t * t;
  }
  return scale * Math.sqrt(acc);
}

/** Divides `x` by its 2-norm in place; returns false for a zero or non-finite vector. */
function normalize(x: Float64Array): boolean {
  const nrm = norm2(x);
  if (!(nrm > 0) || !Number.isFinite(nrm)) return false;
  for (let i = 0; i < x.length; i++) x[i] /= nrm;
  return true;
}

/**
 * Deterministic start vector with entries in [0.5, 1.5) (a fixed xorshift stream): generic enough not to be
 * orthogonal to any eigenvector in practice, positive so that it has weight on every coordinate, and
 * reproducible bit for bit.
 */
function startVector(n: number): Float64Array {
  const x = new Float64Array(n);
  let state = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    x[i] = 0.5 + (state >>> 0) / 4294967296;
  }
  return x;
}

/**
 * Eigenvector of T for a computed eigenvalue λ by inverse iteration: repeatedly solve (T − λI) y = x and
 * normalise (LU with partial pivoting, factored once). Because λ is accurate to O(u‖T‖), T − λI is nearly
 * singular and one solve amplifies the wanted direction by ~1/(u·n), so the residual is usually at
 * rounding level after the first solve; iteration stops as soon as ‖Tv − λv‖ ≤ `residualTarget`, or after
 * {@link MAX_INVERSE_ITERATIONS} solves. For a cluster of eigenvalues closer than the target the result is
 * some unit vector in the cluster's invariant subspace, which still has a small residual (what callers use).
 *
 * @param t - the tridiagonal.
 * @param lambda - computed eigenvalue (shift).
 * @param residualTarget - stop when the residual is at most this (default 4·n·u·‖T‖, rounding level).
 */
export function inverseIteration(t: SymmetricTridiagonal, lambda: number, residualTarget?: number): TridiagonalEigenvector {
  const n = checkTridiagonal(t);
  const d = t.diagonal;
  const e = t.offDiagonal;
  let tNorm = 0;
  for (let i = 0; i < n; i++) {
    const row = Math.abs(d[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0) + (i + 1 < n ? Math.abs(e[i]) : 0);
    if (row > tNorm) tNorm = row;
  }
  if (n === 1 || tNorm === 0) {
    const vector = new Float64Array(n);
    vector[0] = 1;
    return { vector, residual: tridiagonalResidual(t, lambda, vector), iterations: 0 };
  }
  const target = residualTarget ?? 4 * n * UNIT_ROUNDOFF * tNorm;
  // Pivot floor u·‖T‖: a perturbation of T − λI at the rounding level of T itself.
  const f = factorShifted(d, e, lambda, Math.max(UNIT_ROUNDOFF * tNorm, SAFE_MINIMUM));
  let v = startVector(n);
  normalize(v);
  let residual = Infinity;
  let iterations = 0;
  while (iterations < MAX_INVERSE_ITERATIONS) {
    const y = v.slice();
    solveShifted(f, y);
    iterations++;
    if (!normalize(y)) break;
    v = y;
    residual = tridiagonalResidual(t, lambda, v);
    if (residual <= target) break;
  }
  if (!Number.isFinite(residual)) residual = tridiagonalResidual(t, lambda, v);
  return { vector: v, residual, iterations };
}
