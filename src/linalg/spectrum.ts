/**
 * Extreme eigenpairs (λ_min, λ_max and unit eigenvectors) of a real symmetric matrix: the fast path behind
 * every λ_min / λ_max of an NTK matrix in the suite (SPEC §3, N3, N4, T1–T6; checked by I6).
 *
 * Shapes: `H` is n×n row-major ({@link Dense}), n ≥ 1, finite and symmetric to within
 * {@link SYMMETRY_RELATIVE_TOLERANCE}; the eigenvalues reported are those of its symmetric part
 * (H + Hᵀ)/2. Vectors are `Float64Array`s of length n with unit 2-norm.
 *
 * Method: exact power-of-two scaling so that max|H_ij| ∈ [1, 2) (no overflow or harmful underflow in squares;
 * eigenvalues unscale exactly), Householder tridiagonalisation (tridiagonal.ts, ≈ 4/3 n³ flops), bisection
 * on Sturm counts for λ₀ and λ_{n−1} and inverse iteration for their eigenvectors (sturm.ts, O(n) per
 * step), back-transformation by Q (O(n²)), and a residual ‖Hv − λv‖₂ against the original H (O(n²)).
 * At n = 1024 this is several times faster than a full EVD, which also forms all n eigenvectors.
 *
 * @module
 */
import { EigenvalueDecomposition } from "ml-matrix";
import { type Dense, frobenius, toMatrix } from "./dense.js";
import { bisectEigenvalue, inverseIteration, norm2, prepareSturm } from "./sturm.js";
import { applyQ, tridiagonalize } from "./tridiagonal.js";

/**
 * Largest accepted asymmetry, relative to max|H_ij|: |H_ij − H_ji| ≤ 1e-12 · max|H|. Matrices assembled
 * from the same products in a different order differ by a few units of roundoff per entry (≈ 1e-16
 * relative), so this is ~4500 u of slack; a transposed block or wrong index differs by O(1) and is refused.
 */
export const SYMMETRY_RELATIVE_TOLERANCE = 1e-12;

/**
 * The constant c of {@link eigenvalueTolerance} = c · n · ε · ‖H‖_F (ε = 2⁻⁵²). c = 8 = 2 × 4: the computed
 * residual of even an exact eigenvector sits at its own rounding floor, up to (n+1)ε‖H‖_F ≤ 2nε‖H‖_F, and
 * the backward error of the computed eigenpair adds the same order (p(n)·u with p(n) = 4n), so residuals and
 * discrepancies between two backward-stable solvers are ≲ 4nε‖H‖_F; the factor 2 is safety. Measured maxima
 * (random, low-rank Gram; n ≤ 200): eigenvalue discrepancy vs ml-matrix ≤ 1.4·nε‖H‖_F (at n = 3; below
 * 0.2 for n ≥ 64), residual ≤ 2.5·nε‖H‖_F (at n = 2). The rigorous use in cholesky.ts needs only c ≥ 2.
 */
export const EIGENVALUE_TOLERANCE_FACTOR = 8;

/** Extreme eigenpairs of a symmetric matrix (see {@link extremeEigenpairs}). */
export interface ExtremeEigenpairs {
  /** Smallest eigenvalue λ_min. */
  readonly lambdaMin: number;
  /** Largest eigenvalue λ_max. */
  readonly lambdaMax: number;
  /** Unit eigenvector for λ_min, length n. */
  readonly vectorMin: Float64Array;
  /** Unit eigenvector for λ_max, length n. */
  readonly vectorMax: Float64Array;
  /** ‖H vectorMin − lambdaMin · vectorMin‖₂, against the original H. */
  readonly residualMin: number;
  /** ‖H vectorMax − lambdaMax · vectorMax‖₂, against the original H. */
  readonly residualMax: number;
}

/**
 * Validates a symmetric-matrix input: at least 1×1, square, all entries finite, and
 * |H_ij − H_ji| ≤ {@link SYMMETRY_RELATIVE_TOLERANCE} · max|H|.
 *
 * @param H - the matrix to check.
 * @param context - prefix for error messages (the caller's name).
 * @throws RangeError naming the first offending shape, entry or pair.
 */
export function assertSymmetricInput(H: Dense, context: string): void {
  if (H.rows !== H.cols) throw new RangeError(`${context}: matrix must be square, got ${H.rows}×${H.cols}`);
  const n = H.rows;
  if (n === 0) throw new RangeError(`${context}: matrix is empty (0×0); λ_min and λ_max are undefined`);
  if (H.data.length !== n * n) throw new RangeError(`${context}: buffer length ${H.data.length} does not match ${n}×${n}`);
  const a = H.data;
  let maxAbs = 0;
  for (let idx = 0; idx < a.length; idx++) {
    const x = a[idx];
    if (!Number.isFinite(x)) {
      const i = Math.floor(idx / n);
      throw new RangeError(`${context}: entry (${i}, ${idx - i * n}) is ${x}; all entries must be finite`);
    }
    const m = Math.abs(x);
    if (m > maxAbs) maxAbs = m;
  }
  const allowed = SYMMETRY_RELATIVE_TOLERANCE * maxAbs;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const gap = Math.abs(a[i * n + j] - a[j * n + i]);
      if (gap > allowed) {
        throw new RangeError(
          `${context}: matrix is not symmetric: |H[${i}][${j}] − H[${j}][${i}]| = ${gap} exceeds ` +
            `${SYMMETRY_RELATIVE_TOLERANCE} · max|H| = ${allowed}`,
        );
      }
    }
  }
}

/**
 * A-priori bound on the error of computed eigenvalues and of computed residuals: c · n · ε · ‖H‖_F with
 * c = {@link EIGENVALUE_TOLERANCE_FACTOR}, ε = 2⁻⁵² and n the order of H.
 *
 * Derivation. (1) Householder tridiagonalisation is backward stable: T̂ = Q̃ᵀ(H + E)Q̃ with Q̃ orthogonal and
 * ‖E‖_F ≤ p(n)·u·‖H‖_F (Higham, ASNA 2nd ed., §19.3, Thm 19.4 for products of Householder reflectors;
 * u = ε/2). Rigorous worst-case p(n) grows like n² but errors accumulate like a random walk, and LAPACK's
 * error bounds (Users' Guide §4.7) use p(n) = "a modest function of n"; we take p(n) linear in n. (2) The
 * Sturm count is the exact count of a tridiagonal within a few u relative (Kahan), and bisection stops at a
 * width ≤ 2ε|λ| + tiny, adding O(ε)‖H‖. (3) By Weyl's inequality the eigenvalues of H + E are within
 * ‖E‖₂ ≤ ‖E‖_F of those of H. Hence |λ̂ − λ| ≤ O(n·ε)·‖H‖₂ ≤ O(n·ε)·‖H‖_F (Frobenius: computable, ≥ ‖H‖₂).
 * (4) The same quantity bounds the rounding error of a computed residual ‖fl(Hv − λv)‖: each entry is a
 * dot product of n + 1 terms, so the error vector has norm ≤ γ_{n+1}(‖H‖_F + |λ|)‖v‖ ≈ (n+1)·ε·‖H‖_F for
 * ‖v‖ = 1 and |λ| ≤ ‖H‖₂ (γ_k = k·u/(1 − k·u)), plus relative O(n·u) terms from ‖v‖ ≠ 1 exactly; any
 * c ≥ 2 covers that (n + 1 ≤ 2n), which is what makes the eigenvector witness of cholesky.ts rigorous.
 * The choice c = {@link EIGENVALUE_TOLERANCE_FACTOR} = 8 is explained there. The result also bounds the
 * residual ‖Hv − λv‖ of a computed eigenpair and the discrepancy between two backward-stable solvers
 * (ours and ml-matrix's).
 *
 * @param H - the (validated or not) square matrix; only n and ‖H‖_F are used.
 */
export function eigenvalueTolerance(H: Dense): number {
  return EIGENVALUE_TOLERANCE_FACTOR * H.rows * Number.EPSILON * frobenius(H);
}

/** ‖H v − λ v‖₂ in O(n²), rows of H read contiguously. */
export function residualNorm(H: Dense, lambda: number, v: Float64Array): number {
  const n = H.rows;
  const a = H.data;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let s = -lambda * v[i];
    for (let j = 0; j < n; j++) s += a[row + j] * v[j];
    r[i] = s;
  }
  return norm2(r);
}

/** Largest |entry|. */
function maxAbsEntry(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.abs(a[i]);
    if (x > m) m = x;
  }
  return m;
}

/**
 * Power-of-two exponent e with 2^e · maxAbs ∈ [1, 2), clamped to [−1000, 1000] so that 2^e is a normal
 * double (multiplying by it is exact unless a product under- or overflows).
 */
function scalingExponent(maxAbs: number): number {
  let e = -Math.floor(Math.log2(maxAbs));
  // Math.log2 may round across an integer for a mantissa just below 2: correct by one step either way.
  e = Math.max(-1000, Math.min(1000, e));
  if (maxAbs * 2 ** e >= 2 && e > -1000) e--;
  else if (maxAbs * 2 ** e < 1 && e < 1000) e++;
  return e;
}

/** 2^e · (H + Hᵀ)/2, exactly for entries that stay normal. */
function scaledSymmetricPart(H: Dense, scale: number): Dense {
  const n = H.rows;
  const a = H.data;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    out[i * n + i] = scale * a[i * n + i];
    for (let j = i + 1; j < n; j++) {
      const x = a[i * n + j];
      const y = a[j * n + i];
      const s = x === y ? scale * x : 0.5 * (scale * x) + 0.5 * (scale * y);
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return { rows: n, cols: n, data: out };
}

/** The unit vector e_i of length n. */
function unitVector(n: number, i: number): Float64Array {
  const v = new Float64Array(n);
  v[i] = 1;
  return v;
}

/** Normalises in place to unit 2-norm (the vector is nonzero: it is Q times a unit vector). */
function normalizeInPlace(v: Float64Array): Float64Array {
  const nrm = norm2(v);
  for (let i = 0; i < v.length; i++) v[i] /= nrm;
  return v;
}

/**
 * λ_min and λ_max of a symmetric matrix with unit eigenvectors and residuals ‖Hv − λv‖₂ against the
 * original H. Accuracy: |λ̂ − λ| ≤ {@link eigenvalueTolerance}(H) (see there), residuals of the same order.
 *
 * Special cases: n = 1 returns H₀₀ and v = [1]; the zero matrix returns 0 and v = e₀ for both ends.
 * Diagonal and already-tridiagonal matrices go through the general path (their reflectors are identities).
 *
 * @param H - n×n symmetric matrix, n ≥ 1, finite entries.
 * @throws RangeError if H is empty, not square, has a non-finite entry or is not symmetric (see
 *   {@link assertSymmetricInput}).
 */
export function extremeEigenpairs(H: Dense): ExtremeEigenpairs {
  assertSymmetricInput(H, "extremeEigenpairs");
  const n = H.rows;
  const maxAbs = maxAbsEntry(H.data);
  if (n === 1 || maxAbs === 0) {
    const lambda = H.data[0];
    const v = unitVector(n, 0);
    const residual = residualNorm(H, lambda, v);
    return { lambdaMin: lambda, lambdaMax: lambda, vectorMin: v, vectorMax: v.slice(), residualMin: residual, residualMax: residual };
  }
  const exponent = scalingExponent(maxAbs);
  const scale = 2 ** exponent;
  const unscale = 2 ** -exponent;
  const t = tridiagonalize(scaledSymmetricPart(H, scale));
  const tri = { diagonal: t.diagonal, offDiagonal: t.offDiagonal };
  const sturm = prepareSturm(tri);
  const pair = (k: number): { lambda: number; vector: Float64Array } => {
    const mu = bisectEigenvalue(sturm, k).value;
    const y = inverseIteration(tri, mu).vector;
    return { lambda: mu * unscale, vector: normalizeInPlace(applyQ(t.reflectors, y)) };
  };
  const lo = pair(0);
  const hi = pair(n - 1);
  return {
    lambdaMin: lo.lambda,
    lambdaMax: hi.lambda,
    vectorMin: lo.vector,
    vectorMax: hi.vector,
    residualMin: residualNorm(H, lo.lambda, lo.vector),
    residualMax: residualNorm(H, hi.lambda, hi.vector),
  };
}

/**
 * All eigenvalues by ml-matrix's symmetric EVD (`EigenvalueDecomposition(…, { assumeSymmetric: true })`,
 * the JAMA `tred2` + `tql2` algorithm), sorted ascending: the independent reference for tests (SPEC I6).
 * O(n³) with a larger constant than {@link extremeEigenpairs}, and it forms all eigenvectors.
 *
 * @param H - n×n symmetric matrix (validated like {@link extremeEigenpairs}).
 * @returns the n eigenvalues in ascending order.
 */
export function symmetricEigenvaluesReference(H: Dense): number[] {
  assertSymmetricInput(H, "symmetricEigenvaluesReference");
  const evd = new EigenvalueDecomposition(toMatrix(H), { assumeSymmetric: true });
  return evd.realEigenvalues.slice().sort((x, y) => x - y);
}
