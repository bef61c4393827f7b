/**
 * The forward (noising) process of SPEC §4 "Diffusion score estimation": the Ornstein–Uhlenbeck process
 * dx = −x dt + √2 dB started at x_0 ~ p_0, whose marginal given x_0 is
 *
 *     x_t = α_t x_0 + √h_t ξ,   α_t = e^{−t},   h_t = 1 − e^{−2t} = 1 − α_t²,   ξ ~ N(0, I_d),
 *
 * and the training pairs of score matching: x_0 ~ p_0, t ~ Unif[t_0, t_1], input x_t, label y = x_0.
 *
 * Accuracy. h_t is computed as −expm1(−2t), which keeps full relative accuracy as t → 0 (1 − e^{−2t}
 * would cancel: at t = 1e−9 it keeps only 7 digits). α_t underflows gracefully: α_t² < 2⁻¹⁰⁷⁴ from
 * t ≈ 372 and α_t = 0 from t ≈ 745, where p_t = N(0, I) to double precision anyway.
 *
 * Supported times. Every finite t > 0 is accepted; t ≤ 0 and non-finite t are refused ({@link checkTime}).
 * The distributions of `./distributions/` are tested for accuracy on t ∈ [1e−3, 50] (score = ∇log p_t on
 * [1e−3, 5]; closed forms, D3 and Tweedie on [1e−3, 50]; numpy agreement at 1e−3 … 5) and for finite outputs
 * at t = 1e−6 and 1e3. As t → 0 their outputs stay finite as long as ‖x − α_t μ‖²/(2h_t) is a finite double
 * (for |entries| ≤ 10⁶, d ≤ 1024: every t ≥ 1e−290); the `score` command refuses a t at which they would not.
 *
 * Randomness: every draw comes from the {@link Rng} passed in, in a documented order, so a seed reproduces a
 * batch bit for bit.
 *
 * @module
 */
import { type Dense, zeros } from "../linalg/dense.js";
import type { Rng } from "../random/rng.js";

/**
 * Throws a RangeError unless t is a finite number > 0 (the process is only noisy for t > 0: at t = 0,
 * h_0 = 0 and p_0 may have no density, so scores are undefined). `what` names t in the message.
 */
export function checkTime(t: number, what = "t"): number {
  if (typeof t !== "number" || !Number.isFinite(t)) throw new RangeError(`${what} must be a finite number, got ${t}`);
  if (!(t > 0)) throw new RangeError(`${what} must be > 0 (the forward process has no noise at t = 0), got ${t}`);
  return t;
}

/** The signal coefficient α_t = e^{−t} ∈ (0, 1) (t > 0, checked). */
export function signalScale(t: number): number {
  checkTime(t);
  return Math.exp(-t);
}

/** The noise variance h_t = 1 − e^{−2t} = −expm1(−2t) ∈ (0, 1] (t > 0, checked; accurate as t → 0). */
export function noiseVariance(t: number): number {
  checkTime(t);
  return -Math.expm1(-2 * t);
}

/** Both coefficients of the forward process at time t. */
export interface ProcessCoefficients {
  /** The time t > 0. */
  readonly t: number;
  /** α_t = e^{−t}. */
  readonly alpha: number;
  /** h_t = 1 − e^{−2t} (so α_t² + h_t = 1). */
  readonly h: number;
}

/** α_t and h_t at time t (t > 0, checked). */
export function coefficients(t: number): ProcessCoefficients {
  checkTime(t);
  return { t, alpha: Math.exp(-t), h: -Math.expm1(-2 * t) };
}

/**
 * Noises clean points to time t: row i of the result is α_t x_0^{(i)} + √h_t ξ_i.
 *
 * @param X0 - k×d clean points (row i is x_0^{(i)}).
 * @param t - time, > 0 (checked).
 * @param rng - source of ξ: k·d standard normal draws, in row-major order.
 * @returns the k×d noisy points x_t.
 */
export function forwardSample(X0: Dense, t: number, rng: Rng): Dense {
  const { alpha, h } = coefficients(t);
  const sd = Math.sqrt(h);
  const out = zeros(X0.rows, X0.cols);
  for (let k = 0; k < out.data.length; k++) out.data[k] = alpha * X0.data[k] + sd * rng.gaussian();
  return out;
}

/** Anything that draws clean samples x_0 ~ p_0 (every `Distribution` does). */
export interface CleanSampler {
  /** Dimension d of the samples. */
  readonly dimension: number;
  /** `count` i.i.d. draws from p_0, as a count×d matrix (rows are samples), using `rng` only. */
  sample(count: number, rng: Rng): Dense;
}

/** How many training pairs, over which time interval. */
export interface PairOptions {
  /** Number of pairs n ≥ 1 (integer). */
  readonly count: number;
  /** Lower end t_0 > 0 of the time interval. */
  readonly t0: number;
  /** Upper end t_1 ≥ t_0 (finite); t_1 = t_0 gives a single fixed time. */
  readonly t1: number;
}

/** A batch of score-matching training pairs (SPEC §4): input (t_i, x_t^{(i)}), label x_0^{(i)}. */
export interface TrainingPairs {
  /** n×d clean samples x_0 ~ p_0; also the regression labels y (a noisy label with E[y | x_t] = E[x_0 | x_t]). */
  readonly x0: Dense;
  /** The n times t_i ~ Unif[t_0, t_1]. */
  readonly t: Float64Array;
  /** n×d noisy inputs, row i = α_{t_i} x_0^{(i)} + √h_{t_i} ξ_i. */
  readonly xt: Dense;
}

/**
 * Draws n training pairs: x_0 ~ p_0, t ~ Unif[t_0, t_1], x_t = α_t x_0 + √h_t ξ.
 *
 * Draw order (for reproducibility): first `p0.sample(n, rng)`, then n uniforms for the times, then n·d
 * standard normals for ξ in row-major order. The stream is advanced, so consecutive calls with one `rng` give
 * independent batches; the same seed gives a bit-identical batch.
 *
 * @param p0 - the data distribution (dimension d).
 * @param options - count n ≥ 1 and the time interval 0 < t_0 ≤ t_1 < ∞.
 * @param rng - the only source of randomness.
 * @throws RangeError for a non-integer or non-positive count, or a bad interval.
 */
export function sampleTrainingPairs(p0: CleanSampler, options: PairOptions, rng: Rng): TrainingPairs {
  const { count, t0, t1 } = options;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`sampleTrainingPairs: count must be an integer ≥ 1, got ${count}`);
  checkTime(t0, "t0");
  checkTime(t1, "t1");
  if (!(t1 >= t0)) throw new RangeError(`sampleTrainingPairs: need t0 ≤ t1, got t0 = ${t0}, t1 = ${t1}`);
  const d = p0.dimension;
  const x0 = p0.sample(count, rng);
  if (x0.rows !== count || x0.cols !== d) throw new RangeError(`sampleTrainingPairs: sampler returned ${x0.rows}×${x0.cols}, expected ${count}×${d}`);
  const t = new Float64Array(count);
  // t_0 + (t_1 − t_0)·u with u ∈ [0, 1) stays in [t_0, t_1]; clamp the rounding of the last ulp.
  for (let i = 0; i < count; i++) t[i] = Math.min(t1, t0 + (t1 - t0) * rng.uniform());
  const xt = zeros(count, d);
  for (let i = 0; i < count; i++) {
    const alpha = Math.exp(-t[i]);
    const sd = Math.sqrt(-Math.expm1(-2 * t[i]));
    for (let j = 0; j < d; j++) xt.data[i * d + j] = alpha * x0.data[i * d + j] + sd * rng.gaussian();
  }
  return { x0, t, xt };
}
