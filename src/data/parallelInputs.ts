/**
 * Detection of inputs that break the positive-definiteness assumption of SPEC §3 / N4.
 *
 * - a zero row x_i = 0 makes row i of K zero, so λ = 0 exactly;
 * - duplicate rows x_i = x_j make two rows of K equal, so λ = 0 exactly;
 * - parallel (or anti-parallel) rows x_i = c·x_j violate the sufficient condition "pairwise non-parallel"
 *   under which K is proved positive definite (λ may still be > 0, but nothing guarantees it).
 *
 * Two rows count as parallel when 1 − |cos θ_ij| ≤ {@link parallelTolerance}(d): the cosine of two float64 rows
 * of length d is computed with relative error ≤ (d + 2)·u (u = 2⁻⁵³: d products and d−1 sums in each of the
 * three dot products, one division and one square root), so d·u-sized deviations from 1 are rounding noise;
 * we use 16·(d + 2)·u to absorb the inputs' own rounding as well.
 *
 * @module
 */
import type { Dense } from "../linalg/dense.js";
import { UNIT_ROUNDOFF } from "../numerics/tolerance.js";

/** Tolerance on 1 − |cos θ| below which two rows of length d count as parallel (see module doc). */
export function parallelTolerance(d: number): number {
  return 16 * (d + 2) * UNIT_ROUNDOFF;
}

/** One offending pair or row. */
export interface DegenerateInput {
  readonly kind: "zero" | "duplicate" | "parallel";
  /** Row indices (i, j), i < j; for `zero`, i = j. */
  readonly i: number;
  readonly j: number;
  /** 1 − |cos θ_ij| (0 for duplicates and zero rows). */
  readonly gap: number;
}

/** Result of {@link inspectInputs}. */
export interface InputGeometry {
  /** Offending rows and pairs, zero rows first, then pairs in (i, j) order. */
  readonly degenerate: DegenerateInput[];
  /** min over pairs of 1 − |cos θ_ij| (Infinity for n < 2): how close the data come to parallel. */
  readonly minGap: number;
  /** True when some zero row or exact duplicate makes λ = 0 exactly. */
  readonly lambdaIsZero: boolean;
  /** True when the sufficient condition "pairwise non-parallel, non-zero" holds. */
  readonly nonParallel: boolean;
}

/** Classifies the rows of X (n×d): zero rows, duplicates, parallel pairs, and the smallest angular gap. */
export function inspectInputs(X: Dense): InputGeometry {
  const { rows: n, cols: d } = X;
  const x = X.data;
  const norms = new Float64Array(n);
  const degenerate: DegenerateInput[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += x[i * d + k] * x[i * d + k];
    norms[i] = Math.sqrt(s);
    if (norms[i] === 0) degenerate.push({ kind: "zero", i, j: i, gap: 0 });
  }
  const tol = parallelTolerance(d);
  let minGap = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (norms[i] === 0 || norms[j] === 0) continue;
      let same = true;
      let dot = 0;
      for (let k = 0; k < d; k++) {
        dot += x[i * d + k] * x[j * d + k];
        if (x[i * d + k] !== x[j * d + k]) same = false;
      }
      const gap = same ? 0 : Math.max(0, 1 - Math.abs(dot) / (norms[i] * norms[j]));
      minGap = Math.min(minGap, gap);
      if (same) degenerate.push({ kind: "duplicate", i, j, gap: 0 });
      else if (gap <= tol) degenerate.push({ kind: "parallel", i, j, gap });
    }
  }
  const lambdaIsZero = degenerate.some((e) => e.kind !== "parallel");
  return { degenerate, minGap, lambdaIsZero, nonParallel: degenerate.length === 0 };
}
