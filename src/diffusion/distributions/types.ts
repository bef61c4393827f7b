/**
 * The common interface of the data distributions p_0 with exact scores (SPEC §4, D2): for every time t > 0
 * of the forward process x_t = α_t x_0 + √h_t ξ they give the score ∇log p_t, the posterior mean
 * (optimal denoiser) E[x_0 | x_t = x] and the log density log p_t, all in closed form.
 *
 * Shapes: points are the rows of a k×d {@link Dense} matrix X (k ≥ 0, d = `dimension`); scores and posterior
 * means are k×d; log densities have length k. Times must be finite and > 0 (a RangeError otherwise).
 *
 * @module
 */
import type { Dense } from "../../linalg/dense.js";
import type { Rng } from "../../random/rng.js";

/** Which family a distribution belongs to (the `kind` of the score command's input, SPEC §5). */
export type DistributionKind = "gaussian" | "mixture" | "points";

/** All three quantities at once, for k query points. */
export interface ScoreEvaluation {
  /** k×d: row i is ∇log p_t(x_i). */
  readonly score: Dense;
  /** k×d: row i is E[x_0 | x_t = x_i]. */
  readonly posteriorMean: Dense;
  /** Length k: entry i is log p_t(x_i) (natural log, density w.r.t. Lebesgue measure on ℝ^d). */
  readonly logDensity: Float64Array;
}

/** A data distribution p_0 on ℝ^d with closed-form p_t for the Ornstein–Uhlenbeck forward process. */
export interface Distribution {
  /** The family. */
  readonly kind: DistributionKind;
  /** The dimension d ≥ 1. */
  readonly dimension: number;
  /**
   * `count` i.i.d. draws x_0 ~ p_0 as a count×d matrix (rows are samples). Every random number comes from
   * `rng`, which is advanced.
   */
  sample(count: number, rng: Rng): Dense;
  /** k×d scores ∇log p_t(x_i) of the rows of X (k×d). */
  score(t: number, X: Dense): Dense;
  /** k×d posterior means E[x_0 | x_t = x_i] of the rows of X (k×d). */
  posteriorMean(t: number, X: Dense): Dense;
  /** Length-k log densities log p_t(x_i) of the rows of X (k×d). */
  logDensity(t: number, X: Dense): Float64Array;
  /** All three at once (one pass; identical numbers to the three separate calls). */
  evaluate(t: number, X: Dense): ScoreEvaluation;
}

/** Throws a RangeError unless X has `d` columns; `who` names the caller. */
export function checkQueryShape(X: Dense, d: number, who: string): void {
  if (X.cols !== d) throw new RangeError(`${who}: points have ${X.cols} columns, expected dimension ${d}`);
}

/** Throws a RangeError unless `count` is an integer ≥ 0. */
export function checkCount(count: number, who: string): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`${who}: sample count must be an integer ≥ 0, got ${count}`);
}
