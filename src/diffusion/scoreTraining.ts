/**
 * Training a score model (`./scoreModel.ts`) on score-matching pairs by full-batch gradient descent (SPEC §2, §4):
 * the regression of the noisy labels y_i = x_0^{(i)} on the inputs (t_i, x_t^{(i)}),
 *
 *     L(W) = ½ Σ_i ‖f_W(t_i, x_t^{(i)}) − x_0^{(i)}‖²,   W(τ+1) = W(τ) − η ∇L(W(τ))   (gradient of `../network/gradient.ts`),
 *
 * whose minimiser over all functions is E[x_0 | t, x_t] (so the labels are noisy: their conditional variance
 * Var[x_0 | x_t] does not vanish, and fitting them exactly over-fits).
 *
 * Step size: η = ν / λ_max(J Jᵀ) at W(0) on the training inputs (power iteration, `../ntk/operator.ts`), i.e.
 * η_eff·λ_max(H(W(0))) = ν (SPEC §3; ν < 2 is the linear model's stability edge, the suite uses ν = 1).
 *
 * Stopping rules ({@link StoppingRule}):
 * - `early` (the rule of D4): the last ⌈f·n⌉ pairs (f = `holdoutFraction`, default 0.2) are held out; the pairs are
 *   i.i.d., so these are a uniformly random subset. Gradient descent runs on the other pairs; after every step the
 *   held-out DSM loss (1/n_h) Σ_i (α_{t_i}²/h_{t_i}²)‖f_W(t_i, x_i) − x_0^{(i)}‖² is evaluated (by D1 it equals the
 *   held-out estimate of DSM minus a W-independent constant, i.e. of the score error plus a constant). The result is
 *   the weights at the step τ* with the smallest held-out loss (step 0 included); training stops at the first step τ
 *   with τ − τ* ≥ max(P, τ*) (P = `patience`: the minimum has not improved for P steps nor since its own step count
 *   doubled, a patience that scales with the time already trained, because gradient descent in the kernel regime
 *   progresses on a logarithmic time scale), or after `maxSteps` steps.
 * - `interpolate`: gradient descent on the given pairs (all of them) until ‖F − Y‖²_F ≤ `relativeLoss`·‖Y‖²_F
 *   (near-interpolation of the noisy labels) or `maxSteps` steps; the last weights are returned.
 * - `fixed`: exactly `steps` steps (used to compare with the linearised model at equal training time).
 *
 * @module
 */
import { type Dense, clone } from "../linalg/dense.js";
import { forward } from "../network/forward.js";
import { lossAndGradient, networkOutputs } from "../network/lossGradient.js";
import { tangentKernelTopEigenvalue } from "../ntk/operator.js";
import type { TrainingPairs } from "./ornsteinUhlenbeck.js";
import { type ScoreModel, networkInputs, paddedLabels, withWeights } from "./scoreModel.js";

/** When to stop (module doc). */
export type StoppingRule =
  | { readonly kind: "early"; readonly holdoutFraction: number; readonly patience: number; readonly maxSteps: number }
  | { readonly kind: "interpolate"; readonly relativeLoss: number; readonly maxSteps: number }
  | { readonly kind: "fixed"; readonly steps: number };

/** Default held-out fraction of the early-stopping rule. */
export const HOLDOUT_FRACTION = 0.2;

/** Options of {@link trainScoreModel}. */
export interface ScoreTrainingOptions {
  readonly rule: StoppingRule;
  /** ν = η_eff·λ_max(H(W(0))) (default 1); ignored when `eta` is given. */
  readonly stepScale?: number;
  /** The raw step η, when fixed by the caller (e.g. to share it between runs). */
  readonly eta?: number;
}

/** Why training ended. */
export type StopReason = "patience" | "maxSteps" | "threshold" | "steps" | "diverged";

/** Result of {@link trainScoreModel}. */
export interface ScoreTrainingResult {
  /** The returned model (best held-out step for `early`, last step otherwise). */
  readonly model: ScoreModel;
  /** The raw step η used. */
  readonly eta: number;
  /** Gradient steps performed. */
  readonly stepsRun: number;
  /** The step whose weights were returned. */
  readonly selectedStep: number;
  /** ‖F(τ) − Y‖²_F / ‖Y‖²_F on the training pairs, τ = 0 … stepsRun. */
  readonly trainRelativeLoss: Float64Array;
  /** Held-out DSM loss per step (`early` only; τ = 0 … stepsRun). */
  readonly holdoutLoss?: Float64Array;
  readonly stoppedBy: StopReason;
  /** Number of pairs trained on and held out. */
  readonly trainCount: number;
  readonly holdoutCount: number;
}

/** Rows [from, to) of a batch of pairs. */
export function slicePairs(pairs: TrainingPairs, from: number, to: number): TrainingPairs {
  const d = pairs.x0.cols;
  const k = to - from;
  const rows = (M: Dense): Dense => ({ rows: k, cols: d, data: M.data.slice(from * d, to * d) });
  return { x0: rows(pairs.x0), xt: rows(pairs.xt), t: pairs.t.slice(from, to) };
}

/** The rows of a batch for which `keep(i)` holds, in order. */
export function filterPairs(pairs: TrainingPairs, keep: (i: number) => boolean): TrainingPairs {
  const d = pairs.x0.cols;
  const idx: number[] = [];
  for (let i = 0; i < pairs.t.length; i++) if (keep(i)) idx.push(i);
  const pick = (M: Dense): Dense => {
    const data = new Float64Array(idx.length * d);
    idx.forEach((i, k) => data.set(M.data.subarray(i * d, (i + 1) * d), k * d));
    return { rows: idx.length, cols: d, data };
  };
  return { x0: pick(pairs.x0), xt: pick(pairs.xt), t: Float64Array.from(idx, (i) => pairs.t[i]) };
}

/** Number of held-out pairs of the early-stopping rule: ⌈f·n⌉, at least 1, leaving at least 1 to train on. */
export function holdoutCount(n: number, fraction: number): number {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`holdoutFraction must lie in (0, 1), got ${fraction}`);
  if (n < 2) throw new RangeError(`early stopping needs at least 2 pairs, got ${n}`);
  return Math.min(n - 1, Math.max(1, Math.ceil(fraction * n)));
}

/** The split of the early-stopping rule: the first n − ⌈f·n⌉ pairs train, the rest are held out. */
export function holdoutSplit(pairs: TrainingPairs, fraction = HOLDOUT_FRACTION): { readonly train: TrainingPairs; readonly holdout: TrainingPairs } {
  const n = pairs.t.length;
  const h = holdoutCount(n, fraction);
  return { train: slicePairs(pairs, 0, n - h), holdout: slicePairs(pairs, n - h, n) };
}

/** The DSM weights α_t²/h_t² of each pair. */
export function dsmWeights(times: Float64Array): Float64Array {
  return times.map((t) => {
    const h = -Math.expm1(-2 * t);
    return Math.exp(-2 * t) / (h * h);
  });
}

/**
 * The raw step η = ν/λ_max(J Jᵀ) at the model's weights on the inputs of `pairs` (module doc).
 *
 * @throws RangeError when λ_max(J Jᵀ) is at rounding level: below ε·‖J‖²_F's bound n·d·m·(2c)²·max‖u‖² (every
 *   entry of J is c·S_{i,r}(a_{ℓ,r} − ⟨a_ℓ, S_i⟩)·u_{i,k}, at most 2c|u_{i,k}|). This happens exactly when the
 *   tangent kernel vanishes, e.g. when all output signs a_{ℓ,r} of an output are equal; a step size would be meaningless.
 */
export function defaultStepSize(model: ScoreModel, pairs: TrainingPairs, stepScale = 1): number {
  const U = networkInputs(model.spec, pairs.t, pairs.xt);
  const pass = forward(U, model.weights, model.spec.network);
  const top = tangentKernelTopEigenvalue(U, model.weights, model.spec.network, pass);
  let maxNorm2 = 0;
  for (let i = 0; i < U.rows; i++) {
    let s = 0;
    for (let k = 0; k < U.cols; k++) s += U.data[i * U.cols + k] ** 2;
    maxNorm2 = Math.max(maxNorm2, s);
  }
  const floor = Number.EPSILON * U.rows * model.spec.d * model.weights.W.cols * 4 * pass.c * pass.c * maxNorm2;
  if (!(top.value > floor)) throw new RangeError(`defaultStepSize: λ_max(J Jᵀ) = ${top.value} is at rounding level (≤ ${floor}): the tangent kernel vanishes (e.g. equal output signs)`);
  return stepScale / top.value;
}

/**
 * Trains the model on `pairs` under the stopping rule (module doc). Deterministic: no randomness is used.
 *
 * @param initial - the model at W(0) (not modified).
 * @param pairs - n pairs (x_0, t, x_t); labels are x_0.
 * @param options - stopping rule and step size.
 */
export function trainScoreModel(initial: ScoreModel, pairs: TrainingPairs, options: ScoreTrainingOptions): ScoreTrainingResult {
  const rule = options.rule;
  const split = rule.kind === "early" ? holdoutSplit(pairs, rule.holdoutFraction) : { train: pairs, holdout: undefined };
  const train = split.train;
  const spec = initial.spec;
  const U = networkInputs(spec, train.t, train.xt);
  const Y = paddedLabels(spec, train.x0);
  const eta = options.eta ?? defaultStepSize(initial, train, options.stepScale ?? 1);
  if (!(eta > 0) || !Number.isFinite(eta)) throw new RangeError(`trainScoreModel: step size must be finite and > 0, got ${eta}`);
  const maxSteps = rule.kind === "fixed" ? rule.steps : rule.maxSteps;
  let yNorm = 0;
  for (const v of Y.data) yNorm += v * v;
  const yScale = yNorm > 0 ? yNorm : 1;

  const holdout = split.holdout;
  const Uh = holdout ? networkInputs(spec, holdout.t, holdout.xt) : undefined;
  const wh = holdout ? dsmWeights(holdout.t) : undefined;
  const holdoutLossOf = (W: Dense): number => {
    if (!holdout || !Uh || !wh) return NaN;
    const F = networkOutputs(Uh, { W, A: initial.weights.A }, spec.network);
    const p = F.cols;
    const d = spec.d;
    let acc = 0;
    for (let i = 0; i < holdout.t.length; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const e = F.data[i * p + j] - holdout.x0.data[i * d + j];
        s += e * e;
      }
      acc += wh[i] * s;
    }
    return acc / holdout.t.length;
  };

  const W = clone(initial.weights.W);
  const weights = { W, A: initial.weights.A };
  const trainLoss: number[] = [];
  const holdLoss: number[] = [];
  let best = { step: 0, loss: Infinity, W: clone(W) };
  let stoppedBy: StopReason = rule.kind === "fixed" ? "steps" : "maxSteps";
  let step = 0;
  for (; ; step++) {
    // Loss and gradient in one sweep (../network/lossGradient.ts); the gradient of the last step goes unused.
    const swept = lossAndGradient(U, Y, weights, spec.network);
    const sq = swept.squaredError;
    trainLoss.push(sq / yScale);
    if (!Number.isFinite(sq)) {
      stoppedBy = "diverged";
      break;
    }
    if (rule.kind === "early") {
      const hl = holdoutLossOf(W);
      holdLoss.push(hl);
      if (hl < best.loss) best = { step, loss: hl, W: clone(W) };
      else if (step - best.step >= Math.max(rule.patience, best.step)) {
        stoppedBy = "patience";
        break;
      }
    }
    if (rule.kind === "interpolate" && sq <= rule.relativeLoss * yScale) {
      stoppedBy = "threshold";
      break;
    }
    if (step >= maxSteps) break;
    const grad = swept.gradient;
    for (let k = 0; k < W.data.length; k++) W.data[k] -= eta * grad.data[k];
  }
  const early = rule.kind === "early";
  return {
    model: withWeights(initial, early ? best.W : W),
    eta,
    stepsRun: step,
    selectedStep: early ? best.step : step,
    trainRelativeLoss: Float64Array.from(trainLoss),
    ...(early ? { holdoutLoss: Float64Array.from(holdLoss) } : {}),
    stoppedBy,
    trainCount: train.t.length,
    holdoutCount: holdout ? holdout.t.length : 0,
  };
}
