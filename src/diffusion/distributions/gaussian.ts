/**
 * Gaussian data p_0 = N(μ, Σ) with a full covariance (SPEC §4). Under the forward process (derived)
 *
 *     p_t = N(α_t μ, C_t),   C_t = α_t² Σ + h_t I   (positive definite for every t > 0),
 *
 * so with r = x − α_t μ and C_t = L Lᵀ (Cholesky):
 *
 *     log p_t(x) = −½‖L⁻¹ r‖² − Σ_i log L_ii − (d/2) log 2π,
 *     ∇log p_t(x) = −C_t⁻¹ r,
 *     E[x_0 | x_t = x] = μ + α_t Σ C_t⁻¹ r         (Gaussian conditioning).
 *
 * Tweedie holds exactly: α_t(μ + α_t Σ C_t⁻¹ r) − x = −(C_t − α_t²Σ) C_t⁻¹ r = −h_t C_t⁻¹ r. The score is
 * computed as −C_t⁻¹ r (no cancellation as h_t → 0) and the posterior mean directly (no division by α_t,
 * which underflows as t → ∞).
 *
 * Factorising C_t robustly: for α_t² ≥ h_t (t ≤ ½ log 2 ≈ 0.35) C_t = α_t²(Σ + (h_t/α_t²) I), otherwise
 * C_t = h_t(I + (α_t²/h_t) Σ). The first bracket adds εI, ε ∈ (0, 1], to Σ, whose floating-point Cholesky
 * factorisation succeeded at construction (adding to the diagonal only raises the pivots); the second is
 * ⪰ I. The scale factors α_t, √h_t lie in [0.70, 1], so nothing overflows or underflows for any t > 0 (α_t²/h_t
 * may underflow to 0 for t ≳ 372, where C_t = h_t I to double precision). A failure would be a bug and is
 * reported as a RangeError.
 *
 * Σ must be symmetric (within {@link SYMMETRY_TOLERANCE}, then symmetrised) and positive definite in floating
 * point (its Cholesky factorisation succeeds); a singular Σ is refused. Cost: O(d³) per call to factorise
 * C_t, O(d²) per query row.
 *
 * @module
 */
import { type Dense, zeros } from "../../linalg/dense.js";
import { cholesky } from "../../linalg/cholesky.js";
import type { Rng } from "../../random/rng.js";
import { coefficients } from "../ornsteinUhlenbeck.js";
import { LOG_2PI } from "./isotropicComponents.js";
import { type Distribution, type ScoreEvaluation, checkCount, checkQueryShape } from "./types.js";

/**
 * Largest accepted asymmetry |Σ_ij − Σ_ji| relative to max_ij |Σ_ij| (equal to the largest variance for a
 * covariance). 10⁻¹² is ≈ 4500 units of roundoff: two summation orders of a sample covariance over N terms
 * differ by up to ≈ 2γ_N·max variance (Higham, Lemma 3.1, with Cauchy–Schwarz |Σ_ij| ≤ √(Σ_ii Σ_jj)), so any
 * covariance computed in double precision from up to ≈ 2000 samples passes, while a genuinely
 * non-symmetric matrix is refused.
 */
export const SYMMETRY_TOLERANCE = 1e-12;

/** Outcome of {@link factorCovariance}. */
export type CovarianceCheck =
  | {
      readonly ok: true;
      /** d×d symmetrised covariance (Σ + Σᵀ)/2. */
      readonly covariance: Dense;
      /** Lower Cholesky factor of the symmetrised covariance (row-major, d×d). */
      readonly factor: Dense;
    }
  | {
      readonly ok: false;
      /** Why Σ is refused (one sentence, no field name). */
      readonly problem: string;
      /** The offending entry (row, column), when there is one. */
      readonly entry?: readonly [number, number];
    };

/**
 * Checks that Σ (d×d) is a usable covariance: square, d ≥ 1, finite, symmetric within
 * {@link SYMMETRY_TOLERANCE}, positive definite (Cholesky of the symmetrised matrix succeeds).
 */
export function factorCovariance(cov: Dense): CovarianceCheck {
  const d = cov.rows;
  if (d < 1 || cov.cols !== d) return { ok: false, problem: `must be a square d×d matrix with d ≥ 1, got ${cov.rows}×${cov.cols}` };
  let scale = 0;
  for (let idx = 0; idx < cov.data.length; idx++) {
    const v = cov.data[idx];
    if (!Number.isFinite(v)) return { ok: false, problem: `has a non-finite entry ${v}`, entry: [Math.floor(idx / d), idx % d] };
    scale = Math.max(scale, Math.abs(v));
  }
  const tol = SYMMETRY_TOLERANCE * scale;
  const sym = zeros(d, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const a = cov.data[i * d + j];
      const b = cov.data[j * d + i];
      if (Math.abs(a - b) > tol) {
        return {
          ok: false,
          problem: `not symmetric: entry [${i}][${j}] = ${a} but [${j}][${i}] = ${b} (|difference| ${Math.abs(a - b)} > ${SYMMETRY_TOLERANCE}·max|entry| = ${tol})`,
          entry: [i, j],
        };
      }
      const m = a === b ? a : 0.5 * a + 0.5 * b;
      sym.data[i * d + j] = m;
      sym.data[j * d + i] = m;
    }
  }
  const chol = cholesky(sym);
  if (!chol.ok) {
    return {
      ok: false,
      problem: `not positive definite (Cholesky pivot ${chol.failedPivot} = ${chol.pivot} ≤ 0; a covariance must be symmetric positive definite)`,
      entry: [chol.failedPivot, chol.failedPivot],
    };
  }
  return { ok: true, covariance: sym, factor: chol.factor };
}

/** A Gaussian N(μ, Σ) as a {@link Distribution}. */
export interface GaussianDistribution extends Distribution {
  readonly kind: "gaussian";
  /** Length d: μ (a copy). */
  readonly mean: Float64Array;
  /** d×d: the symmetrised Σ. */
  readonly covariance: Dense;
  /** d×d lower Cholesky factor of Σ (used for sampling). */
  readonly covarianceFactor: Dense;
}

/** The lower Cholesky factor of C_t = α²Σ + hI, in the scaled form of the module doc. */
function factorAtTime(sigma: Dense, alpha: number, h: number): Dense {
  const d = sigma.rows;
  const a2 = alpha * alpha;
  const bracket = zeros(d, d);
  let outer: number;
  if (a2 >= h) {
    // C = α²(Σ + εI), ε = h/α² ∈ (0, 1].
    const eps = h / a2;
    bracket.data.set(sigma.data);
    for (let i = 0; i < d; i++) bracket.data[i * d + i] += eps;
    outer = alpha;
  } else {
    // C = h(I + cΣ), c = α²/h ∈ [0, 1) (may underflow to 0: then C = hI).
    const c = a2 / h;
    for (let idx = 0; idx < sigma.data.length; idx++) bracket.data[idx] = c * sigma.data[idx];
    for (let i = 0; i < d; i++) bracket.data[i * d + i] += 1;
    outer = Math.sqrt(h);
  }
  const chol = cholesky(bracket);
  if (!chol.ok) throw new RangeError(`gaussian: Cholesky of α²Σ + hI failed at pivot ${chol.failedPivot} (α = ${alpha}, h = ${h})`);
  const L = chol.factor;
  for (let idx = 0; idx < L.data.length; idx++) L.data[idx] *= outer;
  return L;
}

/**
 * Builds N(μ, Σ).
 *
 * @param mean - length d ≥ 1, finite.
 * @param cov - d×d symmetric positive definite (see {@link factorCovariance}).
 * @throws RangeError naming the problem when the shapes disagree or Σ is refused.
 */
export function gaussian(mean: ArrayLike<number>, cov: Dense): GaussianDistribution {
  const d = mean.length;
  if (d < 1) throw new RangeError(`gaussian: mean must have at least one entry`);
  if (cov.rows !== d || cov.cols !== d) throw new RangeError(`gaussian: cov is ${cov.rows}×${cov.cols}, expected ${d}×${d} to match the mean`);
  for (let i = 0; i < d; i++) if (!Number.isFinite(mean[i])) throw new RangeError(`gaussian: mean[${i}] must be finite, got ${mean[i]}`);
  const check = factorCovariance(cov);
  if (!check.ok) throw new RangeError(`gaussian: cov ${check.problem}`);
  const mu = Float64Array.from(mean);
  const sigma = check.covariance;
  const sigmaFactor = check.factor;

  const evaluate = (t: number, X: Dense): ScoreEvaluation => {
    const { alpha, h } = coefficients(t);
    checkQueryShape(X, d, "gaussian");
    const L = factorAtTime(sigma, alpha, h).data;
    let halfLogDet = 0;
    for (let i = 0; i < d; i++) halfLogDet += Math.log(L[i * d + i]);
    const constant = -halfLogDet - 0.5 * d * LOG_2PI;
    const k = X.rows;
    const score = zeros(k, d);
    const posteriorMean = zeros(k, d);
    const logDensity = new Float64Array(k);
    const y = new Float64Array(d);
    const z = new Float64Array(d);
    for (let row = 0; row < k; row++) {
      const o = row * d;
      // Forward substitution L y = r, r = x − αμ.
      let q = 0;
      for (let i = 0; i < d; i++) {
        let s = X.data[o + i] - alpha * mu[i];
        for (let j = 0; j < i; j++) s -= L[i * d + j] * y[j];
        y[i] = s / L[i * d + i];
        q += y[i] * y[i];
      }
      logDensity[row] = constant - 0.5 * q;
      // Back substitution Lᵀ z = y, so z = C⁻¹ r.
      for (let i = d - 1; i >= 0; i--) {
        let s = y[i];
        for (let j = i + 1; j < d; j++) s -= L[j * d + i] * z[j];
        z[i] = s / L[i * d + i];
      }
      for (let i = 0; i < d; i++) {
        score.data[o + i] = -z[i];
        let s = 0;
        for (let j = 0; j < d; j++) s += sigma.data[i * d + j] * z[j];
        posteriorMean.data[o + i] = mu[i] + alpha * s;
      }
    }
    return { score, posteriorMean, logDensity };
  };

  return {
    kind: "gaussian",
    dimension: d,
    mean: mu,
    covariance: sigma,
    covarianceFactor: sigmaFactor,
    /** Per row: d standard normals ξ, then x_0 = μ + L_Σ ξ. */
    sample(count: number, rng: Rng): Dense {
      checkCount(count, "gaussian.sample");
      const out = zeros(count, d);
      const xi = new Float64Array(d);
      const Ls = sigmaFactor.data;
      for (let row = 0; row < count; row++) {
        rng.fillGaussian(xi);
        for (let i = 0; i < d; i++) {
          let s = mu[i];
          for (let j = 0; j <= i; j++) s += Ls[i * d + j] * xi[j];
          out.data[row * d + i] = s;
        }
      }
      return out;
    },
    score: (t, X) => evaluate(t, X).score,
    posteriorMean: (t, X) => evaluate(t, X).posteriorMean,
    logDensity: (t, X) => evaluate(t, X).logDensity,
    evaluate,
  };
}
