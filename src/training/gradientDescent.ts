/**
 * Full-batch gradient descent W(τ+1) = W(τ) − η·∇L(W(τ)) on L = ½‖F − Y‖²_F (SPEC §2), recording what the
 * training claims (T1–T6) measure: ‖F(τ) − Y‖²_F at every step and, on request, vec r(τ), λ_max / λ_min of
 * H(W(τ)) and the largest neuron movement max_r ‖w_r(τ) − w_r(0)‖.
 *
 * Only W is trained; A stays fixed. Shapes: X, Y n×d; W, A d×m; r(τ) = vec(F(τ) − Y) in the output-major order
 * (ℓ, i) ↦ ℓ·n + i of SPEC §1. Entry τ of every per-step record is the state *before* step τ + 1, so entry 0 is
 * the initial state. The network comes from an implementation under test (default: the suite's reference):
 * its `forward` gives F(τ), its `gradient` the step direction ∇_W L and, when λ records are asked for, its
 * `ntk` gives H(W(τ)). For the reference the loop takes a fast path: F and the gradient in one sweep over the
 * rows ({@link lossAndGradient}), a forward pass only where the NTK is needed (see `evaluator`), bit for bit the
 * separate calls. A wrong implementation (e.g. the sign-flipped gradient) is how mutation tests show that the
 * claims catch a wrong update.
 *
 * @module
 */
import { type Dense, vecOutputMajor } from "../linalg/dense.js";
import { extremeEigenpairs } from "../linalg/spectrum.js";
import { forwardOf, gradientOf, ntkOf } from "../implementation/calls.js";
import { REFERENCE_IMPLEMENTATION } from "../implementation/reference.js";
import type { NetworkImplementation } from "../implementation/types.js";
import { forward, kernelFactor } from "../network/forward.js";
import { gradientFromPass } from "../network/gradient.js";
import { lossAndGradient } from "../network/lossGradient.js";
import { empiricalNtk, empiricalNtkFromPass } from "../ntk/empirical.js";
import { squaredError } from "../network/loss.js";
import type { NetworkOptions, Weights } from "../network/types.js";

/** Options of {@link gradientDescent}. */
export interface GradientDescentOptions {
  /** Raw step η > 0 (the kernel dynamics use η_eff = κ·η, see {@link effectiveStepSize}). */
  readonly eta: number;
  /** Number of steps T ≥ 0 (the run records τ = 0…T unless it stops early). */
  readonly steps: number;
  /** The implementation whose forward, gradient and (for λ records) ntk the loop calls; default the reference. */
  readonly impl?: NetworkImplementation;
  /** Keep vec r(τ) (output-major) for every τ. */
  readonly recordResiduals?: boolean;
  /** Record λ_max(H(W(τ))) for every τ (costs O((nd)²·m) per step). */
  readonly recordLambdaMax?: boolean;
  /** Record λ_min(H(W(τ))) every this many steps and at the last step (0 or absent: never). */
  readonly lambdaMinEvery?: number;
  /** Track max over τ of max_r ‖w_r(τ) − w_r(0)‖ (O(dm) per step). */
  readonly trackMovement?: boolean;
  /** Stop once ‖F − Y‖²_F ≤ this value (that step is the last record). */
  readonly stopBelow?: number;
}

/** Result of {@link gradientDescent}. */
export interface GradientDescentResult {
  /** ‖F(τ) − Y‖²_F for τ = 0…(last step), up to and including the first non-finite value. */
  readonly squaredErrors: number[];
  /** vec r(τ) when requested, else empty. */
  readonly residuals: Float64Array[];
  /** λ_max(H(W(τ))) for every τ when requested, else empty. */
  readonly lambdaMax: number[];
  /** (τ, λ_min(H(W(τ)))) at the requested steps, else empty. */
  readonly lambdaMin: { readonly step: number; readonly value: number }[];
  /** max over the recorded τ of max_r ‖w_r(τ) − w_r(0)‖ when tracked, else 0. */
  readonly maxMovement: number;
  /** Final weights (W trained, A unchanged; the initial weights are not modified). */
  readonly weights: Weights;
  /** True when a squared error became non-finite (divergence is data, not an exception; the run stopped there). */
  readonly diverged: boolean;
}

/** η_eff = κ·η: m·η for softmax with `scale=m`, η otherwise (SPEC §3). */
export function effectiveStepSize(eta: number, opts: NetworkOptions, m: number): number {
  return kernelFactor(opts, m) * eta;
}

/** Per-neuron displacement ‖w_r − w_r(0)‖₂ for W, W0 (d×m); returns the m norms. */
export function neuronMovement(W: Dense, W0: Dense): Float64Array {
  const d = W.rows;
  const m = W.cols;
  const out = new Float64Array(m);
  for (let k = 0; k < d; k++) {
    const o = k * m;
    for (let r = 0; r < m; r++) {
      const diff = W.data[o + r] - W0.data[o + r];
      out[r] += diff * diff;
    }
  }
  for (let r = 0; r < m; r++) out[r] = Math.sqrt(out[r]);
  return out;
}

/** Median of a non-empty array (mean of the two middle values for even length). */
export function median(values: Float64Array): number {
  const sorted = values.slice().sort();
  const k = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[k] : 0.5 * (sorted[k - 1] + sorted[k]);
}

/** F(W) (n×d) and, deferred until asked for, ∇_W L(W) (d×m) and the NTK H(W) (nd×nd). */
interface Evaluation {
  readonly F: Dense;
  readonly gradient: () => Dense;
  readonly ntk: () => Dense;
}

/**
 * The per-step evaluation of `impl` on (X, Y) for the network `opts`. The reference computes F and the gradient
 * in one sweep over the rows ({@link lossAndGradient}) and runs a forward pass only at the steps whose NTK is
 * asked for; when λ_max is recorded at every step it runs one forward pass per step and reuses it for the
 * gradient and the NTK. Either way the numbers are bit for bit those of the separate calls. Any other
 * implementation is called method by method (its gradient, and its ntk when `withNtk`, are required up front,
 * so a missing method fails before any work).
 */
function evaluator(impl: NetworkImplementation, X: Dense, Y: Dense, opts: NetworkOptions, withNtk: boolean, ntkEveryStep: boolean): (weights: Weights) => Evaluation {
  if (impl.reference && !ntkEveryStep) {
    return (weights) => {
      const swept = lossAndGradient(X, Y, weights, opts);
      return { F: swept.F, gradient: () => swept.gradient, ntk: () => empiricalNtk(X, weights, opts.activation) };
    };
  }
  if (impl.reference) {
    return (weights) => {
      const pass = forward(X, weights, opts);
      return { F: pass.F, gradient: () => gradientFromPass(X, Y, weights, opts, pass), ntk: () => empiricalNtkFromPass(X, weights, opts.activation, pass) };
    };
  }
  const outputs = forwardOf(impl);
  const gradient = gradientOf(impl);
  const kernel = withNtk ? ntkOf(impl) : () => {
    throw new Error("gradientDescent: the NTK was not requested");
  };
  return (weights) => ({ F: outputs(X, weights, opts), gradient: () => gradient(X, Y, weights, opts), ntk: () => kernel(X, weights, opts) });
}

/** Runs gradient descent with `o.impl` (default the reference) from `initial`, recording what `o` asks for. */
export function gradientDescent(X: Dense, Y: Dense, initial: Weights, opts: NetworkOptions, o: GradientDescentOptions): GradientDescentResult {
  // The options are read once into locals: callers pass option objects of many shapes (literals, spreads), and a
  // megamorphic `o.eta` inside the update loop costs a few percent of a whole training claim.
  const { eta, steps, stopBelow, recordResiduals = false, recordLambdaMax = false, trackMovement = false } = o;
  if (!(eta > 0) || !Number.isFinite(eta)) throw new RangeError(`eta must be a positive finite number, got ${eta}`);
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a non-negative integer, got ${steps}`);
  const impl = o.impl ?? REFERENCE_IMPLEMENTATION;
  const every = o.lambdaMinEvery ?? 0;
  const withNtk = recordLambdaMax || every > 0;
  const evaluate = evaluator(impl, X, Y, opts, withNtk, recordLambdaMax);
  const W: Dense = { rows: initial.W.rows, cols: initial.W.cols, data: initial.W.data.slice() };
  const weights: Weights = { W, A: initial.A };
  const squaredErrors: number[] = [];
  const residuals: Float64Array[] = [];
  const lambdaMax: number[] = [];
  const lambdaMin: { step: number; value: number }[] = [];
  let maxMovement = 0;
  for (let step = 0; ; step++) {
    const at = evaluate(weights);
    const sq = squaredError(at.F, Y);
    squaredErrors.push(sq);
    if (recordResiduals) residuals.push(vecOutputMajor({ rows: Y.rows, cols: Y.cols, data: at.F.data.map((v, k) => v - Y.data[k]) }));
    if (!Number.isFinite(sq)) return { squaredErrors, residuals, lambdaMax, lambdaMin, maxMovement, weights, diverged: true };
    const last = step === steps || (stopBelow !== undefined && sq <= stopBelow);
    const wantMin = every > 0 && (step % every === 0 || last);
    if (withNtk && (recordLambdaMax || wantMin)) {
      const eig = extremeEigenpairs(at.ntk());
      if (recordLambdaMax) lambdaMax.push(eig.lambdaMax);
      if (wantMin) lambdaMin.push({ step, value: eig.lambdaMin });
    }
    if (trackMovement) {
      const moves = neuronMovement(W, initial.W);
      for (let r = 0; r < moves.length; r++) if (moves[r] > maxMovement) maxMovement = moves[r];
    }
    if (last) return { squaredErrors, residuals, lambdaMax, lambdaMin, maxMovement, weights, diverged: false };
    const g = at.gradient();
    for (let k = 0; k < W.data.length; k++) W.data[k] -= eta * g.data[k];
  }
}
