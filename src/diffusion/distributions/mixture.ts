/**
 * Isotropic Gaussian mixtures p_0 = Σ_k w_k N(μ_k, s_k² I_d) (SPEC §4): under the forward process p_t is the
 * mixture of N(α_t μ_k, (α_t² s_k² + h_t) I) with the same weights, so score, posterior mean and log density
 * are closed-form log-sum-exp expressions (derived in `./isotropicComponents.ts`).
 *
 * Weights. w_k ≥ 0 with |Σ_k w_k − 1| ≤ {@link weightSumTolerance}(K); they are then divided by their
 * floating-point sum so that the mixture used is exactly a probability distribution (the renormalisation
 * moves log p_t by |log Σw| ≤ 1.001·tolerance).
 *
 * @module
 */
import { type Dense, clone, zeros } from "../../linalg/dense.js";
import { gamma } from "../../numerics/tolerance.js";
import type { Rng } from "../../random/rng.js";
import { evaluateIsotropic } from "./isotropicComponents.js";
import { type Distribution, type ScoreEvaluation, checkCount } from "./types.js";

/**
 * Relative precision assumed for weights written in decimal: 10 significant digits, i.e. each w̃_k = w_k·(1 + δ_k)
 * with |δ_k| ≤ 5·10⁻¹⁰ (half a unit in the 10th digit).
 */
export const WEIGHT_DIGITS_PRECISION = 5e-10;

/**
 * Tolerance on |Σ_k w_k − 1| for K weights (derived): weights that sum to 1 exactly but are written with
 * 10 significant digits sum to within Σ|δ_k|w_k ≤ 5·10⁻¹⁰ of 1, and the floating-point sum of K terms adds at
 * most γ_{K−1}·Σw (Higham, Lemma 3.1; the parse of each decimal is one more rounding, ≤ u·w_k). So
 * 2·(5·10⁻¹⁰ + γ_K) admits every such input with a factor-2 margin and refuses anything visibly
 * unnormalised (e.g. weights 0.5, 0.4).
 */
export function weightSumTolerance(K: number): number {
  return 2 * (WEIGHT_DIGITS_PRECISION + gamma(Math.max(K, 1)));
}

/** What is wrong with a weight vector, if anything: `index` names the bad entry when there is one. */
export interface WeightProblem {
  readonly index?: number;
  readonly problem: string;
}

/** Checks mixture weights (finite, ≥ 0, sum 1 within {@link weightSumTolerance}); undefined when fine. */
export function weightsProblem(weights: ArrayLike<number>): WeightProblem | undefined {
  const K = weights.length;
  if (K === 0) return { problem: "must have at least one weight" };
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const w = weights[k];
    if (!Number.isFinite(w)) return { index: k, problem: `must be a finite number, got ${w}` };
    if (w < 0) return { index: k, problem: `must be ≥ 0 (a probability), got ${w}` };
    sum += w;
  }
  const tol = weightSumTolerance(K);
  if (!(Math.abs(sum - 1) <= tol)) {
    return { problem: `must sum to 1: Σw = ${sum}, |Σw − 1| = ${Math.abs(sum - 1)} exceeds the tolerance ${tol.toPrecision(3)} (2·(5e-10 + γ_K) for K = ${K}: 10 significant digits per weight plus rounding)` };
  }
  return undefined;
}

/** Parameters of an isotropic Gaussian mixture. */
export interface MixtureParameters {
  /** Length K ≥ 1: weights w_k ≥ 0 summing to 1 (within {@link weightSumTolerance}). */
  readonly weights: ArrayLike<number>;
  /** K×d: row k is the mean μ_k. */
  readonly means: Dense;
  /** Length K: standard deviations s_k > 0 (finite). */
  readonly stds: ArrayLike<number>;
}

/** An isotropic Gaussian mixture as a {@link Distribution}, with its (renormalised) parameters. */
export interface GaussianMixture extends Distribution {
  readonly kind: "mixture";
  /** Length K: the weights used (the given ones divided by their sum). */
  readonly weights: Float64Array;
  /** K×d means (a copy). */
  readonly means: Dense;
  /** Length K standard deviations. */
  readonly stds: Float64Array;
}

/**
 * Builds the mixture Σ_k w_k N(μ_k, s_k² I_d).
 *
 * @throws RangeError for empty or mismatched shapes, bad weights ({@link weightsProblem}), or s_k not finite
 *   and > 0, or non-finite means.
 */
export function gaussianMixture(params: MixtureParameters): GaussianMixture {
  const K = params.means.rows;
  const d = params.means.cols;
  if (K < 1 || d < 1) throw new RangeError(`gaussianMixture: means must be K×d with K, d ≥ 1, got ${K}×${d}`);
  if (params.weights.length !== K) throw new RangeError(`gaussianMixture: ${params.weights.length} weights for ${K} means`);
  if (params.stds.length !== K) throw new RangeError(`gaussianMixture: ${params.stds.length} stds for ${K} means`);
  const bad = weightsProblem(params.weights);
  if (bad) throw new RangeError(`gaussianMixture: weights${bad.index === undefined ? "" : `[${bad.index}]`} ${bad.problem}`);
  for (let j = 0; j < K; j++) {
    const s = params.stds[j];
    if (!Number.isFinite(s) || !(s > 0)) throw new RangeError(`gaussianMixture: stds[${j}] must be finite and > 0, got ${s}`);
  }
  for (const v of params.means.data) if (!Number.isFinite(v)) throw new RangeError(`gaussianMixture: means must be finite`);

  let sum = 0;
  for (let j = 0; j < K; j++) sum += params.weights[j];
  const weights = Float64Array.from(params.weights, (w) => w / sum);
  const stds = Float64Array.from(params.stds);
  const means = clone(params.means);
  const components = {
    logWeights: weights.map(Math.log),
    means,
    variances: stds.map((s) => s * s),
  };
  // Cumulative weights for sampling by inversion. From the last positive weight on, the entries are forced
  // to 1, so every u ∈ [0, 1) is covered and a zero-weight component is never drawn.
  const cumulative = new Float64Array(K);
  let acc = 0;
  let lastPositive = 0;
  for (let j = 0; j < K; j++) {
    cumulative[j] = acc += weights[j];
    if (weights[j] > 0) lastPositive = j;
  }
  cumulative.fill(1, lastPositive);

  const evaluate = (t: number, X: Dense): ScoreEvaluation => evaluateIsotropic(components, t, X, "gaussianMixture");
  return {
    kind: "mixture",
    dimension: d,
    weights,
    means,
    stds,
    /** Per row: one uniform for the component (inversion of the cumulative weights), then d normals. */
    sample(count: number, rng: Rng): Dense {
      checkCount(count, "gaussianMixture.sample");
      const out = zeros(count, d);
      for (let i = 0; i < count; i++) {
        const u = rng.uniform();
        let j = 0;
        while (j < K - 1 && !(u < cumulative[j])) j++;
        for (let l = 0; l < d; l++) out.data[i * d + l] = means.data[j * d + l] + stds[j] * rng.gaussian();
      }
      return out;
    },
    score: (t, X) => evaluate(t, X).score,
    posteriorMean: (t, X) => evaluate(t, X).posteriorMean,
    logDensity: (t, X) => evaluate(t, X).logDensity,
    evaluate,
  };
}
