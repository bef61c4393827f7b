/**
 * The score model of SPEC §4 "Diffusion score estimation": a softmax network f_W used as a denoiser and turned
 * into a score by Tweedie's formula,
 *
 *     s_W(t, x) = (α_t·f_W(t, x) − x) / h_t,      f_W(t, x) ≈ E[x_0 | x_t = x]   (x, f ∈ ℝ^d).
 *
 * Network input (the scaling that puts ‖input‖ ≤ 1, SPEC §1). With an input radius R_x > 0 (a configured
 * constant; the suite uses the bound of Assumption 6.1, see properties/diffusion.ts D5):
 * - time as a feature (`{kind: "feature", t1}`): u = (x/R_x, t/t_1)/√2 ∈ ℝ^{d+1}, so ‖x‖ ≤ R_x and 0 < t ≤ t_1
 *   give ‖u‖² = (‖x‖²/R_x² + t²/t_1²)/2 ≤ 1;
 * - fixed time (`{kind: "fixed", t}`): u = x/R_x ∈ ℝ^d (‖x‖ ≤ R_x ⇒ ‖u‖ ≤ 1); the model is only defined at that t.
 * Inputs beyond R_x are passed through unchanged (‖u‖ > 1): how often that happens is claim D5's subject.
 *
 * Shapes. The networks of `../network/` have equal input and output dimension (W and A are both p×m). With the
 * time feature the input has p = d + 1 coordinates but the denoiser only d outputs, so the model stores
 * A (p×m) with its last p − d rows equal to zero and trains against labels padded with p − d zero columns:
 * the padded outputs are then identically 0 (F_ℓ = c⟨a_ℓ, S⟩ = 0), their residuals are 0, and by the gradient
 * formula of SPEC §2 (∂L/∂w_r = Σ_i q_{i,r} x_i, q built from the residuals E and F̄ = ⟨a_ℓ, S⟩) they contribute
 * exactly nothing to the gradient or to the NTK (their rows of G vanish). So the padded network is exactly the
 * rectangular network ℝ^{d+1} → ℝ^d, and every routine of `../network/` and `../ntk/` applies unchanged.
 *
 * Initialisation: w_r(0) ~ N(0, σ² I_p), a_{ℓ,r} ~ Unif{±1} for ℓ < d (SPEC §1, `../network/init.ts`, drawn for
 * p outputs and the padding rows then zeroed); `coupled` (m even) gives f_{W(0)} ≡ 0, hence s_{W(0)}(t, x) = −x/h_t,
 * the score of N(0, h_t I).
 *
 * @module
 */
import { type Dense, zeros } from "../linalg/dense.js";
import { forward } from "../network/forward.js";
import { initialWeights } from "../network/init.js";
import type { Init, NetworkOptions, Weights } from "../network/types.js";
import type { Rng } from "../random/rng.js";
import { checkTime } from "./ornsteinUhlenbeck.js";

/** How the model sees time: as an extra input feature scaled by t_1, or not at all (one fixed t). */
export type TimeInput = { readonly kind: "feature"; readonly t1: number } | { readonly kind: "fixed"; readonly t: number };

/** The definition of a score model (everything except its weights). */
export interface ScoreModelSpec {
  /** Data dimension d ≥ 1 (of x and of the denoiser output). */
  readonly d: number;
  /** Input radius R_x > 0: x enters the network as x/R_x (see the module doc). */
  readonly inputRadius: number;
  /** Time handling. */
  readonly time: TimeInput;
  /** The network: activation (the suite uses softmax) and output scaling c_m ∈ {m, √m}. */
  readonly network: NetworkOptions;
}

/** A score model: its definition and weights W (p×m, trained) and A (p×m, rows ≥ d zero). */
export interface ScoreModel {
  readonly spec: ScoreModelSpec;
  readonly weights: Weights;
}

/** Computes a score for a batch: row i of the result is s(t_i, x_i) for the k×d points X and k times. */
export type ScoreFunction = (times: Float64Array, X: Dense) => Dense;

/** Turns a denoiser output into a score: the seam mutation tests replace (default {@link tweedieRows}). */
export type TweedieMap = (times: Float64Array, X: Dense, M: Dense) => Dense;

/** Checks a spec; throws a RangeError naming the bad field. */
export function checkScoreModelSpec(spec: ScoreModelSpec): ScoreModelSpec {
  if (!Number.isInteger(spec.d) || spec.d < 1) throw new RangeError(`score model: d must be a positive integer, got ${spec.d}`);
  if (!(spec.inputRadius > 0) || !Number.isFinite(spec.inputRadius)) throw new RangeError(`score model: inputRadius must be finite and > 0, got ${spec.inputRadius}`);
  if (spec.time.kind === "feature") checkTime(spec.time.t1, "t1");
  else checkTime(spec.time.t, "t");
  return spec;
}

/** The network's input dimension p: d + 1 with the time feature, d at a fixed time. */
export function inputDimension(spec: ScoreModelSpec): number {
  return spec.time.kind === "feature" ? spec.d + 1 : spec.d;
}

/**
 * The network inputs of k points (module doc): k×p, row i = (x_i/R_x, t_i/t_1)/√2 or x_i/R_x.
 *
 * @param spec - the model definition.
 * @param times - length k, the time of each row (for a fixed-time model every entry must equal its t).
 * @param X - k×d points.
 * @throws RangeError on a shape mismatch or, for a fixed-time model, a different time.
 */
export function networkInputs(spec: ScoreModelSpec, times: Float64Array, X: Dense): Dense {
  const { d } = spec;
  if (X.cols !== d) throw new RangeError(`networkInputs: points have ${X.cols} columns, expected d = ${d}`);
  if (times.length !== X.rows) throw new RangeError(`networkInputs: ${times.length} times for ${X.rows} points`);
  const k = X.rows;
  if (spec.time.kind === "fixed") {
    const t = spec.time.t;
    for (let i = 0; i < k; i++) if (times[i] !== t) throw new RangeError(`networkInputs: a fixed-time model (t = ${t}) was asked for t = ${times[i]}`);
    const out = zeros(k, d);
    const inv = 1 / spec.inputRadius;
    for (let q = 0; q < out.data.length; q++) out.data[q] = X.data[q] * inv;
    return out;
  }
  const p = d + 1;
  const out = zeros(k, p);
  const sx = Math.SQRT1_2 / spec.inputRadius;
  const st = Math.SQRT1_2 / spec.time.t1;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < d; j++) out.data[i * p + j] = X.data[i * d + j] * sx;
    out.data[i * p + d] = times[i] * st;
  }
  return out;
}

/** Labels Y (k×d) padded with p − d zero columns (k×p), the targets of the padded network (module doc). */
export function paddedLabels(spec: ScoreModelSpec, Y: Dense): Dense {
  const { d } = spec;
  if (Y.cols !== d) throw new RangeError(`paddedLabels: labels have ${Y.cols} columns, expected d = ${d}`);
  const p = inputDimension(spec);
  if (p === d) return Y;
  const out = zeros(Y.rows, p);
  for (let i = 0; i < Y.rows; i++) for (let j = 0; j < d; j++) out.data[i * p + j] = Y.data[i * d + j];
  return out;
}

/** The first d columns of a k×p matrix (k×d): the denoiser's outputs from the padded network's. */
export function unpad(spec: ScoreModelSpec, F: Dense): Dense {
  const { d } = spec;
  if (F.cols === d) return F;
  const out = zeros(F.rows, d);
  for (let i = 0; i < F.rows; i++) for (let j = 0; j < d; j++) out.data[i * d + j] = F.data[i * F.cols + j];
  return out;
}

/** Parameters of {@link initialScoreModel}. */
export interface ScoreModelInit {
  /** Width m ≥ 1 (even for `coupled`). */
  readonly m: number;
  /** Standard deviation σ > 0 of w_r(0). */
  readonly sigma: number;
  /** `iid` or `coupled` (f_{W(0)} ≡ 0). */
  readonly init: Init;
}

/**
 * Draws W(0) (p×m) and A (p×m, rows ≥ d zeroed) with `../network/init.ts` from `rng` (forked there, not advanced).
 */
export function initialScoreModel(spec: ScoreModelSpec, init: ScoreModelInit, rng: Rng): ScoreModel {
  checkScoreModelSpec(spec);
  const p = inputDimension(spec);
  const { W, A } = initialWeights({ d: p, m: init.m, sigma: init.sigma, init: init.init }, rng);
  for (let l = spec.d; l < p; l++) A.data.fill(0, l * init.m, (l + 1) * init.m);
  return { spec, weights: { W, A } };
}

/** The denoiser f_W(t_i, x_i) for k points (k×d). */
export function denoise(model: ScoreModel, times: Float64Array, X: Dense): Dense {
  const U = networkInputs(model.spec, times, X);
  return unpad(model.spec, forward(U, model.weights, model.spec.network).F);
}

/**
 * Tweedie's map with one time per row: row i of the result is (α_{t_i} m_i − x_i)/h_{t_i} (SPEC §4; the
 * per-row form of `./tweedie.ts`).
 *
 * @param times - length k, each > 0.
 * @param X - k×d points.
 * @param M - k×d denoiser outputs.
 */
export function tweedieRows(times: Float64Array, X: Dense, M: Dense): Dense {
  if (X.rows !== M.rows || X.cols !== M.cols || times.length !== X.rows) throw new RangeError(`tweedieRows: X ${X.rows}×${X.cols}, M ${M.rows}×${M.cols}, ${times.length} times`);
  const d = X.cols;
  const out = zeros(X.rows, d);
  for (let i = 0; i < X.rows; i++) {
    const t = checkTime(times[i]);
    const alpha = Math.exp(-t);
    const h = -Math.expm1(-2 * t);
    for (let j = 0; j < d; j++) out.data[i * d + j] = (alpha * M.data[i * d + j] - X.data[i * d + j]) / h;
  }
  return out;
}

/** The score s_W(t_i, x_i) = (α_{t_i} f_W(t_i, x_i) − x_i)/h_{t_i} for k points (k×d); `map` is the Tweedie seam. */
export function modelScore(model: ScoreModel, times: Float64Array, X: Dense, map: TweedieMap = tweedieRows): Dense {
  return map(times, X, denoise(model, times, X));
}

/** The model as a {@link ScoreFunction} (optionally through a replaced Tweedie map). */
export function scoreFunctionOf(model: ScoreModel, map: TweedieMap = tweedieRows): ScoreFunction {
  return (times, X) => modelScore(model, times, X, map);
}

/** A model with the same definition and new weights (W replaced, A shared). */
export function withWeights(model: ScoreModel, W: Dense): ScoreModel {
  return { spec: model.spec, weights: { W, A: model.weights.A } };
}
