/**
 * The numerical core shared by isotropic Gaussian mixtures and finite point sets: closed-form score,
 * posterior mean and log density of p_t when
 *
 *     p_0 = Σ_k w_k N(μ_k, s_k² I_d),   s_k ≥ 0 (s_k = 0 is the Dirac mass at μ_k),
 *
 * under x_t = α_t x_0 + √h_t ξ. Component k of p_t is N(α_t μ_k, v_k I) with v_k = α_t² s_k² + h_t ≥ h_t > 0.
 * With r_k = x − α_t μ_k and the component log-likelihoods
 *
 *     ℓ_k(x) = log w_k − (d/2)·log(2π v_k) − ‖r_k‖² / (2 v_k),
 *
 * (derived) log p_t(x) = LSE_k ℓ_k(x), the responsibilities are ρ_k = softmax_k(ℓ_k) = P(component k | x_t = x),
 *
 *     ∇log p_t(x) = Σ_k ρ_k · (−r_k / v_k),
 *     E[x_0 | x_t = x] = Σ_k ρ_k · (μ_k + (α_t s_k² / v_k)·r_k)     (Gaussian conditioning within component k).
 *
 * These satisfy Tweedie's formula exactly: α_t(μ_k + α_t s_k² r_k / v_k) − x = −(h_t / v_k)·r_k, so
 * (α_t E[x_0|x] − x)/h_t equals the score above. The score is evaluated in the form Σ ρ_k(−r_k/v_k), which
 * never subtracts nearly equal numbers (the Tweedie form would, as h_t → 0).
 *
 * Stability: LSE and softmax use the max-shift, so for every t > 0 at least one responsibility is 1 after
 * shifting and nothing overflows as long as ‖r_k‖²/(2v_k) is a finite double (for data and queries of norm
 * ≤ 10³ that holds for every t ≥ 1e−290). As t → 0 the responsibilities become a near-hard assignment to the
 * nearest component; as t → ∞ (α_t → 0, v_k → 1) p_t → N(0, I). α_t may underflow to 0 (t ≳ 745): then every
 * r_k = x and p_t = N(0, I) exactly.
 *
 * Cost: O(k·K·d) time, O(K) extra memory per query row.
 *
 * @module
 */
import { type Dense, zeros } from "../../linalg/dense.js";
import { coefficients } from "../ornsteinUhlenbeck.js";
import { type ScoreEvaluation, checkQueryShape } from "./types.js";

/** The components of p_0 = Σ_k w_k N(μ_k, s_k² I). */
export interface IsotropicComponents {
  /** Length K: log w_k (−Infinity for a zero weight; the w_k must sum to 1). */
  readonly logWeights: Float64Array;
  /** K×d: row k is μ_k. */
  readonly means: Dense;
  /** Length K: s_k² ≥ 0 (0 for a Dirac mass). */
  readonly variances: Float64Array;
}

/** log(2π), the normalising constant of a one-dimensional standard normal, doubled. */
export const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Score, posterior mean and log density of p_t at the rows of X.
 *
 * @param c - the K components (K ≥ 1, dimension d = c.means.cols).
 * @param t - time, > 0 (checked).
 * @param X - k×d query points.
 * @param who - caller name for error messages.
 */
export function evaluateIsotropic(c: IsotropicComponents, t: number, X: Dense, who: string): ScoreEvaluation {
  const { alpha, h } = coefficients(t);
  const K = c.means.rows;
  const d = c.means.cols;
  checkQueryShape(X, d, who);
  const k = X.rows;
  const mu = c.means.data;
  // Per-component constants at time t: v_k, 1/v_k, log w_k − (d/2) log(2π v_k), and α s_k²/v_k.
  const v = new Float64Array(K);
  const constant = new Float64Array(K);
  const shrink = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    const s2 = c.variances[j];
    v[j] = alpha * alpha * s2 + h;
    constant[j] = c.logWeights[j] - 0.5 * d * (LOG_2PI + Math.log(v[j]));
    shrink[j] = s2 === 0 ? 0 : (alpha * s2) / v[j];
  }
  const score = zeros(k, d);
  const posteriorMean = zeros(k, d);
  const logDensity = new Float64Array(k);
  const ell = new Float64Array(K);
  for (let i = 0; i < k; i++) {
    const xi = i * d;
    let max = -Infinity;
    for (let j = 0; j < K; j++) {
      const mj = j * d;
      let q = 0;
      for (let l = 0; l < d; l++) {
        const r = X.data[xi + l] - alpha * mu[mj + l];
        q += r * r;
      }
      const value = constant[j] - q / (2 * v[j]);
      ell[j] = value;
      if (value > max) max = value;
    }
    let sum = 0;
    for (let j = 0; j < K; j++) {
      const e = Math.exp(ell[j] - max);
      ell[j] = e;
      sum += e;
    }
    logDensity[i] = max + Math.log(sum);
    const inv = 1 / sum;
    for (let j = 0; j < K; j++) {
      const rho = ell[j] * inv;
      if (rho === 0) continue;
      const mj = j * d;
      const a = rho / v[j];
      const b = rho * shrink[j];
      for (let l = 0; l < d; l++) {
        const r = X.data[xi + l] - alpha * mu[mj + l];
        score.data[xi + l] -= a * r;
        posteriorMean.data[xi + l] += rho * mu[mj + l] + b * r;
      }
    }
  }
  return { score, posteriorMean, logDensity };
}
