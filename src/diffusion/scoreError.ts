/**
 * Score errors measured exactly on fresh samples (SPEC §4, D1 and D4): for (x_0, t, x_t) with x_0 ~ p_0,
 * t ~ Unif[t_0, t_1], x_t = α_t x_0 + √h_t ξ,
 *
 *     score error      E‖s(t, x_t) − ∇log p_t(x_t)‖²           (∇log p_t in closed form, `./distributions/`),
 *     DSM loss         DSM(s) = E‖s(t, x_t) − ∇log p(x_t | x_0)‖²,  ∇log p(x_t | x_0) = −(x_t − α_t x_0)/h_t,
 *     its constant     C = E_t C_t,  C_t = E‖∇log p(x_t | x_0) − ∇log p_t(x_t)‖²   (independent of s),
 *
 * and D1's identity E‖s − ∇log p_t‖² = DSM(s) − C (derived: with a = s, b = ∇log p(x_t|x_0), c = ∇log p_t,
 * ‖a − b‖² − ‖b − c‖² = ‖a − c‖² + 2⟨a − c, c − b⟩ and E[b | t, x_t] = c, so the cross term has mean 0).
 *
 * Every expectation is a Monte-Carlo mean over the samples of a {@link ScoreTestSet} with a Student-t interval
 * ({@link meanEstimate}); the time average is part of the same mean (t is drawn per sample), so "time-averaged
 * error" = E_t E_{x_t}‖…‖² with t ~ Unif[t_0, t_1].
 *
 * @module
 */
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { type Dense, zeros } from "../linalg/dense.js";
import type { Rng } from "../random/rng.js";
import type { Distribution } from "./distributions/types.js";
import { type PairOptions, type TrainingPairs, sampleTrainingPairs } from "./ornsteinUhlenbeck.js";
import type { ScoreFunction } from "./scoreModel.js";

/** Fresh samples with the exact quantities of p_t at each of them. */
export interface ScoreTestSet extends TrainingPairs {
  /** k×d: ∇log p_{t_i}(x_t^{(i)}). */
  readonly trueScore: Dense;
  /** k×d: E[x_0 | x_{t_i} = x_t^{(i)}]. */
  readonly posteriorMean: Dense;
  /** k×d: ∇log p(x_t | x_0) = −(x_t − α_t x_0)/h_t (the DSM target). */
  readonly conditionalScore: Dense;
}

/** A Monte-Carlo mean with its standard error and a two-sided Student-t interval. */
export interface MeanEstimate {
  readonly mean: number;
  /** s/√k (s the sample standard deviation). */
  readonly standardError: number;
  readonly lower: number;
  readonly upper: number;
  /** Number of samples k. */
  readonly count: number;
  /** Confidence level of [lower, upper], e.g. 0.95. */
  readonly level: number;
}

/** Mean of k ≥ 1 values with a `level` Student-t interval (k − 1 degrees of freedom; infinite for k = 1). */
export function meanEstimate(values: ArrayLike<number>, level = 0.95): MeanEstimate {
  const k = values.length;
  if (k < 1) throw new RangeError("meanEstimate: no values");
  let sum = 0;
  for (let i = 0; i < k; i++) sum += values[i];
  const mean = sum / k;
  if (k === 1) return { mean, standardError: Infinity, lower: -Infinity, upper: Infinity, count: 1, level };
  let ss = 0;
  for (let i = 0; i < k; i++) ss += (values[i] - mean) ** 2;
  const standardError = Math.sqrt(ss / (k - 1) / k);
  const half = tQuantile(1 - (1 - level) / 2, k - 1) * standardError;
  return { mean, standardError, lower: mean - half, upper: mean + half, count: k, level };
}

/** ∇log p(x_t | x_0) = −(x_t − α_t x_0)/h_t per row (k×d). */
export function conditionalScore(times: Float64Array, xt: Dense, x0: Dense): Dense {
  const d = xt.cols;
  const out = zeros(xt.rows, d);
  for (let i = 0; i < xt.rows; i++) {
    const alpha = Math.exp(-times[i]);
    const h = -Math.expm1(-2 * times[i]);
    for (let j = 0; j < d; j++) out.data[i * d + j] = -(xt.data[i * d + j] - alpha * x0.data[i * d + j]) / h;
  }
  return out;
}

/** Score and posterior mean of p_{t_i} at row i of X, one time per row (k×d each). */
export function exactAtRows(p0: Distribution, times: Float64Array, X: Dense): { readonly score: Dense; readonly posteriorMean: Dense } {
  const d = X.cols;
  const score = zeros(X.rows, d);
  const posteriorMean = zeros(X.rows, d);
  for (let i = 0; i < X.rows; i++) {
    const row: Dense = { rows: 1, cols: d, data: X.data.subarray(i * d, (i + 1) * d) };
    const ev = p0.evaluate(times[i], row);
    score.data.set(ev.score.data, i * d);
    posteriorMean.data.set(ev.posteriorMean.data, i * d);
  }
  return { score, posteriorMean };
}

/** Adds the exact quantities to a batch of pairs (see {@link ScoreTestSet}). */
export function withExactScores(p0: Distribution, pairs: TrainingPairs): ScoreTestSet {
  const exact = exactAtRows(p0, pairs.t, pairs.xt);
  return { ...pairs, trueScore: exact.score, posteriorMean: exact.posteriorMean, conditionalScore: conditionalScore(pairs.t, pairs.xt, pairs.x0) };
}

/**
 * Draws k fresh samples (x_0, t, x_t) (the draw order of `sampleTrainingPairs`) and evaluates p_t's exact
 * score and posterior mean at each.
 */
export function scoreTestSet(p0: Distribution, options: PairOptions, rng: Rng): ScoreTestSet {
  return withExactScores(p0, sampleTrainingPairs(p0, options, rng));
}

/** Row-wise ‖A_i − B_i‖² (length k). */
export function rowSquaredDistances(A: Dense, B: Dense): Float64Array {
  if (A.rows !== B.rows || A.cols !== B.cols) throw new RangeError(`rowSquaredDistances: ${A.rows}×${A.cols} vs ${B.rows}×${B.cols}`);
  const d = A.cols;
  const out = new Float64Array(A.rows);
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const e = A.data[i * d + j] - B.data[i * d + j];
      s += e * e;
    }
    out[i] = s;
  }
  return out;
}

/** Per-sample squared score errors ‖s(t_i, x_i) − ∇log p_{t_i}(x_i)‖² (length k). */
export function scoreErrors(score: ScoreFunction, set: ScoreTestSet): Float64Array {
  return rowSquaredDistances(score(set.t, set.xt), set.trueScore);
}

/** The time-averaged score error E_t E‖s − ∇log p_t‖² over the set, with its interval. */
export function scoreError(score: ScoreFunction, set: ScoreTestSet, level = 0.95): MeanEstimate {
  return meanEstimate(scoreErrors(score, set), level);
}

/** D1's three expectations and the Monte-Carlo check of the identity error = DSM − C. */
export interface DsmDecomposition {
  /** E‖s − ∇log p_t‖². */
  readonly error: MeanEstimate;
  /** DSM(s) = E‖s − ∇log p(x_t | x_0)‖². */
  readonly dsm: MeanEstimate;
  /** C = E‖∇log p(x_t | x_0) − ∇log p_t‖². */
  readonly constant: MeanEstimate;
  /**
   * Mean of the per-sample differences ‖a − c‖² − (‖a − b‖² − ‖b − c‖²) = −2⟨a − c, c − b⟩, whose expectation is
   * exactly 0 (module doc): the identity holds when its interval contains 0. Paired, so far tighter than the
   * separate intervals.
   */
  readonly identityGap: MeanEstimate;
}

/** Estimates error, DSM and C on the set (one evaluation of s) and the identity's gap. */
export function dsmDecomposition(score: ScoreFunction, set: ScoreTestSet, level = 0.95): DsmDecomposition {
  const s = score(set.t, set.xt);
  const err = rowSquaredDistances(s, set.trueScore);
  const dsm = rowSquaredDistances(s, set.conditionalScore);
  const constant = rowSquaredDistances(set.conditionalScore, set.trueScore);
  const gap = new Float64Array(err.length);
  for (let i = 0; i < gap.length; i++) gap[i] = err[i] - (dsm[i] - constant[i]);
  return { error: meanEstimate(err, level), dsm: meanEstimate(dsm, level), constant: meanEstimate(constant, level), identityGap: meanEstimate(gap, level) };
}

/** The exact score of p_0 as a {@link ScoreFunction} (its score error is 0 up to rounding). */
export function exactScoreFunction(p0: Distribution): ScoreFunction {
  return (times, X) => exactAtRows(p0, times, X).score;
}
