/**
 * The fast-check arbitrary of dense symmetric test matrices for the linear-algebra tests (Cholesky
 * certificate, extreme eigenpairs, tridiagonalisation, Sturm bisection), reaching the hard cases on purpose:
 *
 * - `gaussian`: independent N(0, scale²) entries in the lower triangle, mirrored;
 * - `gram`, `gramLowRank`, `gramLowRankUnnormalized`, `gramFullRank`: Gram matrices B Bᵀ of a Gaussian
 *   n×r factor B, with r < n giving exact zero eigenvalues and r > n a clearly positive definite matrix;
 * - `diagonal`, `diagonalMixed`, `diagonalGaussian`: diagonal matrices with zero and repeated entries;
 * - `clustered`: Q diag(λ) Qᵀ with clustered and exactly repeated eigenvalues.
 *
 * Each kind is the exact construction a test file used before this module existed (same draws in the same
 * order from `new Rng(seed)`), so the kinds that look alike (the three diagonals, the four Gram matrices)
 * are kept apart rather than merged: merging them would silently change a test's inputs.
 *
 * @module
 */
import fc from "fast-check";
import { type Dense, gram } from "../../src/linalg/dense.js";
import { norm2 } from "../../src/linalg/sturm.js";
import { Rng } from "../../src/random/rng.js";

/**
 * Kinds of generated symmetric matrices (n the order, r the rank of a Gram factor B, all entries × scale):
 *
 * - `gaussian`: a_ij = a_ji ~ scale·N(0, 1) for j ≤ i;
 * - `gram`: B Bᵀ, r uniform in 1..n, b_ij ~ N(0, scale) (tridiagonal.test.ts);
 * - `gramLowRank`: B Bᵀ, r uniform in 1..max(1, n − 1), b_ij ~ N(0, scale/r), so E[a_ii] = scale
 *   (cholesky.test.ts);
 * - `gramLowRankUnnormalized`: as `gramLowRank` but b_ij ~ N(0, scale) (spectrum.test.ts);
 * - `gramFullRank`: B Bᵀ, r uniform in n + 1..2n, b_ij ~ N(0, scale/r) (cholesky.test.ts);
 * - `diagonal`: a_ii = scale·(k − 1)·U, k uniform in 0..3, U ~ U[0, 1) (cholesky.test.ts);
 * - `diagonalMixed`: a_ii = scale·c·(1 or U), c drawn from [−2, 0, 0, 1, 3] (spectrum.test.ts);
 * - `diagonalGaussian`: a_ii = scale·(k − 1)·N(0, 1), k uniform in 0..2 (tridiagonal.test.ts);
 * - `clustered`: Q diag(λ) Qᵀ (see {@link similarDiagonal}), λ_i = scale·(c + 0 or 1e−10·N(0, 1)), c drawn
 *   from [−1, 1, 2] (spectrum.test.ts).
 *
 * Rank-deficient Gram factors (r < n) need n ≥ 2; for n = 1 they have r = 1.
 */
export type SymmetricMatrixKind =
  | "gaussian"
  | "gram"
  | "gramLowRank"
  | "gramLowRankUnnormalized"
  | "gramFullRank"
  | "diagonal"
  | "diagonalMixed"
  | "diagonalGaussian"
  | "clustered";

/** A generated test matrix with the parameters that determine it (for replay). */
export interface SymmetricMatrixCase {
  readonly kind: SymmetricMatrixKind;
  readonly n: number;
  readonly scale: number;
  readonly seed: number;
  /** The n×n symmetric matrix {@link buildSymmetricMatrix}(kind, n, scale, seed). */
  readonly H: Dense;
}

/** Bounds of {@link symmetricMatrix}. */
export interface SymmetricMatrixConstraints {
  /** Kinds to draw from, uniformly. */
  readonly kinds: readonly SymmetricMatrixKind[];
  /** Orders are uniform in [1, maxN] (default 40). */
  readonly maxN?: number;
  /** Scales to draw from, uniformly (default 1, 1e−8, 1e8). */
  readonly scales?: readonly number[];
}

/** Q diag(λ) Qᵀ with Q = P₁P₂P₃ (random Householder reflectors), lower triangle computed and mirrored. */
function similarDiagonal(lambda: Float64Array, rng: Rng): Dense {
  const n = lambda.length;
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let r = 0; r < 3; r++) {
    const u = rng.fillGaussian(new Float64Array(n));
    const un = norm2(u);
    if (un === 0) continue;
    for (let i = 0; i < n; i++) u[i] /= un;
    // Q ← Q (I − 2uuᵀ): each row q_i ← q_i − 2 (q_i·u) uᵀ.
    for (let i = 0; i < n; i++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += q[i * n + j] * u[j];
      for (let j = 0; j < n; j++) q[i * n + j] -= 2 * dot * u[j];
    }
  }
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k] * lambda[k] * q[j * n + k];
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return { rows: n, cols: n, data: a };
}

/** B Bᵀ for an n×rank factor B with independent N(0, variance) entries drawn row by row from rng. */
function gaussianGram(n: number, rank: number, variance: number, rng: Rng): Dense {
  const b = rng.fillGaussian(new Float64Array(n * rank), Math.sqrt(variance));
  return gram({ rows: n, cols: rank, data: b });
}

/** A diagonal n×n matrix whose entries are drawn in order by `entry`. */
function diagonalMatrix(n: number, entry: () => number): Dense {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = entry();
  return { rows: n, cols: n, data: a };
}

/**
 * The symmetric test matrix of the given kind, order n ≥ 1 and scale > 0 that a 32-bit seed determines
 * (deterministic; also used to replay counterexamples). See {@link SymmetricMatrixKind} for the kinds.
 */
export function buildSymmetricMatrix(kind: SymmetricMatrixKind, n: number, scale: number, seed: number): Dense {
  const rng = new Rng(seed);
  switch (kind) {
    case "gaussian": {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          const x = scale * rng.gaussian();
          a[i * n + j] = x;
          a[j * n + i] = x;
        }
      }
      return { rows: n, cols: n, data: a };
    }
    case "gram":
      return gaussianGram(n, 1 + rng.integer(n), scale, rng);
    case "gramLowRank": {
      const rank = 1 + rng.integer(Math.max(1, n - 1));
      return gaussianGram(n, rank, scale / rank, rng);
    }
    case "gramLowRankUnnormalized":
      return gaussianGram(n, 1 + rng.integer(Math.max(1, n - 1)), scale, rng);
    case "gramFullRank": {
      const rank = n + 1 + rng.integer(n);
      return gaussianGram(n, rank, scale / rank, rng);
    }
    case "diagonal":
      return diagonalMatrix(n, () => scale * (rng.integer(4) - 1) * rng.uniform());
    case "diagonalMixed":
      return diagonalMatrix(n, () => scale * [-2, 0, 0, 1, 3][rng.integer(5)] * (rng.integer(2) === 0 ? 1 : rng.uniform()));
    case "diagonalGaussian":
      return diagonalMatrix(n, () => scale * (rng.integer(3) - 1) * rng.gaussian());
    case "clustered": {
      // Clusters at −1, 1 and 2: exact repeats and spreads of 1e−10 (far below any gap a test resolves).
      const lambda = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const centre = [-1, 1, 2][rng.integer(3)];
        lambda[i] = scale * (centre + (rng.integer(2) === 0 ? 0 : 1e-10 * rng.gaussian()));
      }
      return similarDiagonal(lambda, rng);
    }
  }
}

/**
 * Symmetric test matrices: a kind from `kinds`, n ∈ [1, maxN], a scale from `scales` and a 32-bit seed,
 * with the matrix H they determine through {@link buildSymmetricMatrix}.
 */
export function symmetricMatrix(constraints: SymmetricMatrixConstraints): fc.Arbitrary<SymmetricMatrixCase> {
  const { kinds, maxN = 40, scales = [1, 1e-8, 1e8] } = constraints;
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      n: fc.integer({ min: 1, max: maxN }),
      scale: fc.constantFrom(...scales),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
    })
    .map((c) => ({ ...c, H: buildSymmetricMatrix(c.kind, c.n, c.scale, c.seed) }));
}
