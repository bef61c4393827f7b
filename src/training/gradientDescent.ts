/**
 * Full-batch gradient descent W(τ+1) = W(τ) − η ∇L(W(τ)) on L = ½‖F − Y‖²_F (SPEC §2), with a recorded
 * trajectory of the quantities the training claims (T1–T6) measure.
 *
 * Only W is trained; A stays fixed. Shapes: X, Y n×d; W, A d×m. Record τ (0 ≤ τ ≤ steps) holds the state
 * *before* step τ+1, so `trajectory[0]` is the initial state and `trajectory[steps]` the final one.
 *
 * @module
 */
import { type Dense, clone } from "../linalg/dense.js";
import { extremeEigenpairs } from "../linalg/spectrum.js";
import { forward, kernelFactor } from "../network/forward.js";
import { gradientFromPass } from "../network/gradient.js";
import { squaredError } from "../network/loss.js";
import type { NetworkOptions, Weights } from "../network/types.js";
import { empiricalNtk } from "../ntk/empirical.js";

/** One recorded state of the trajectory. */
export interface TrajectoryPoint {
  /** Step index τ. */
  readonly step: number;
  /** L(W(τ)) = ½‖F(τ) − Y‖²_F. */
  readonly loss: number;
  /** ‖F(τ) − Y‖²_F. */
  readonly squaredError: number;
  /** max_r ‖w_r(τ) − w_r(0)‖₂. */
  readonly maxMovement: number;
  /** median_r ‖w_r(τ) − w_r(0)‖₂. */
  readonly medianMovement: number;
  /** λ_min(H(W(τ))) when requested at this step (see `lambdaEvery`), else undefined. */
  readonly lambdaMinH?: number;
}

/** Options of {@link gradientDescent}. */
export interface GradientDescentOptions {
  /** Step size η > 0 (the raw step; the kernel dynamics use η_eff = κ·η, see {@link effectiveStepSize}). */
  readonly eta: number;
  /** Number of steps T ≥ 0. */
  readonly steps: number;
  /** Record λ_min(H(W(τ))) every this many steps (and at the last step); 0 or absent: never. */
  readonly lambdaEvery?: number;
  /** Stop early once ‖F − Y‖²_F ≤ this value (the step where it happened is the last record). */
  readonly stopBelow?: number;
}

/** Result of {@link gradientDescent}. */
export interface GradientDescentResult {
  /** States τ = 0, 1, …, (last step). */
  readonly trajectory: TrajectoryPoint[];
  /** Final weights (W trained, A unchanged). */
  readonly weights: Weights;
  /** Final outputs F (n×d). */
  readonly F: Dense;
  /** True when the run stopped because a loss became non-finite (divergence is data, not an exception). */
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

/** Runs gradient descent from `initial` and records the trajectory. */
export function gradientDescent(
  X: Dense,
  Y: Dense,
  initial: Weights,
  opts: NetworkOptions,
  gd: GradientDescentOptions,
): GradientDescentResult {
  if (!(gd.eta > 0) || !Number.isFinite(gd.eta)) throw new RangeError(`eta must be a positive finite number, got ${gd.eta}`);
  if (!Number.isInteger(gd.steps) || gd.steps < 0) throw new RangeError(`steps must be a non-negative integer, got ${gd.steps}`);
  const W0 = initial.W;
  const W = clone(W0);
  const A = initial.A;
  const weights: Weights = { W, A };
  const every = gd.lambdaEvery ?? 0;
  const trajectory: TrajectoryPoint[] = [];
  let diverged = false;
  for (let step = 0; ; step++) {
    const pass = forward(X, weights, opts);
    const sq = squaredError(pass.F, Y);
    const moves = neuronMovement(W, W0);
    let maxMove = 0;
    for (let r = 0; r < moves.length; r++) maxMove = Math.max(maxMove, moves[r]);
    const last = step === gd.steps || !Number.isFinite(sq) || (gd.stopBelow !== undefined && sq <= gd.stopBelow);
    const wantLambda = every > 0 && (step % every === 0 || last) && Number.isFinite(sq);
    trajectory.push({
      step,
      loss: 0.5 * sq,
      squaredError: sq,
      maxMovement: maxMove,
      medianMovement: median(moves),
      ...(wantLambda ? { lambdaMinH: extremeEigenpairs(empiricalNtk(X, weights, opts.activation)).lambdaMin } : {}),
    });
    if (!Number.isFinite(sq)) diverged = true;
    if (last) return { trajectory, weights, F: pass.F, diverged };
    const grad = gradientFromPass(X, Y, weights, opts, pass);
    for (let k = 0; k < W.data.length; k++) W.data[k] -= gd.eta * grad.data[k];
  }
}
