/**
 * NTK kernel regression trained by the same gradient flow as the network (SPEC §3, D4's coupling reference):
 * the network linearised at W(0),
 *
 *     f_lin(x; ΔW) = f_{W(0)}(x) + J_0(x)·ΔW,    ΔW(τ+1) = ΔW(τ) − η J_0ᵀ (f_lin(X; ΔW(τ)) − Y),   ΔW(0) = 0,
 *
 * with the same raw step η and the same (padded) labels as `./scoreTraining.ts`. In function space this is
 * kernel gradient descent with the frozen kernel J_0 J_0ᵀ = κ·H(W(0)):
 *
 *     r(τ+1) = (I − η_eff H_tr) r(τ),   r = vec(F_lin(X_tr) − Y),
 *     F_lin(X_te, τ+1) = F_lin(X_te, τ) − η_eff H_te,tr r(τ),        η_eff = κη,
 *
 * where H_te,tr = (G_te G_trᵀ) ∘ (1_{d×d} ⊗ U_te U_trᵀ) is the cross NTK between test and training inputs
 * (output-major, d·k_te × d·n_tr; G the NTK features of SPEC §3, U the network inputs). Two implementations:
 * - {@link trainLinearised}: in parameter space, matrix-free (O(n·d·m) per step; used by the claims);
 * - {@link kernelRegressionPath}: in function space with the explicit kernels (O((nd)²) memory; for checks).
 * They agree to rounding (tested), which is the statement that the linearised network *is* kernel regression.
 *
 * @module
 */
import { type Dense, zeros } from "../linalg/dense.js";
import { forward, kernelFactor } from "../network/forward.js";
import type { Weights } from "../network/types.js";
import { ntkFeatures } from "../ntk/empirical.js";
import { jacobianTimes, jacobianTransposeTimes } from "../ntk/operator.js";
import type { TrainingPairs } from "./ornsteinUhlenbeck.js";
import { type ScoreModel, networkInputs, paddedLabels, unpad } from "./scoreModel.js";

/** The linearised model after training: its displacement ΔW and a denoiser for any points. */
export interface LinearisedModel {
  /** The model at the linearisation point W(0). */
  readonly initial: ScoreModel;
  /** ΔW = W_lin − W(0) (p×m). */
  readonly deltaW: Dense;
  /** Steps taken. */
  readonly steps: number;
}

/**
 * Runs `steps` steps of gradient descent on the linearised model with raw step η (module doc).
 *
 * @param initial - the model at W(0).
 * @param pairs - the training pairs (labels x_0).
 * @param eta - raw step η (as passed to the network's gradient descent).
 * @param steps - number of steps ≥ 0.
 */
export function trainLinearised(initial: ScoreModel, pairs: TrainingPairs, eta: number, steps: number): LinearisedModel {
  const spec = initial.spec;
  const U = networkInputs(spec, pairs.t, pairs.xt);
  const Y = paddedLabels(spec, pairs.x0);
  const pass = forward(U, initial.weights, spec.network);
  const { W } = initial.weights;
  const deltaW = zeros(W.rows, W.cols);
  for (let s = 0; s < steps; s++) {
    const JdW = jacobianTimes(U, initial.weights, spec.network, pass, deltaW);
    const R = zeros(Y.rows, Y.cols);
    for (let k = 0; k < R.data.length; k++) R.data[k] = pass.F.data[k] + JdW.data[k] - Y.data[k];
    const g = jacobianTransposeTimes(U, initial.weights, spec.network, pass, R);
    for (let k = 0; k < deltaW.data.length; k++) deltaW.data[k] -= eta * g.data[k];
  }
  return { initial, deltaW, steps };
}

/** The linearised denoiser f_{W(0)}(t_i, x_i) + J_0(t_i, x_i)·ΔW for k points (k×d). */
export function linearisedDenoise(lin: LinearisedModel, times: Float64Array, X: Dense): Dense {
  const spec = lin.initial.spec;
  const U = networkInputs(spec, times, X);
  const pass = forward(U, lin.initial.weights, spec.network);
  const JdW = jacobianTimes(U, lin.initial.weights, spec.network, pass, lin.deltaW);
  const F = zeros(pass.F.rows, pass.F.cols);
  for (let k = 0; k < F.data.length; k++) F.data[k] = pass.F.data[k] + JdW.data[k];
  return unpad(spec, F);
}

/**
 * The cross NTK H_{a,b} = (G_a G_bᵀ) ∘ (1_{d×d} ⊗ U_a U_bᵀ) between the network inputs U_a (k_a×p) and U_b
 * (k_b×p), restricted to the d real outputs: output-major, d·k_a × d·k_b, entry ((ℓ, i), (ℓ', j)) ↦
 * (ℓ·k_a + i, ℓ'·k_b + j). H_{a,a} is SPEC §3's empirical NTK H(W) of the inputs U_a.
 */
export function crossNtk(spec: ScoreModel["spec"], weights: Weights, Ua: Dense, Ub: Dense): Dense {
  const d = spec.d;
  const ka = Ua.rows;
  const kb = Ub.rows;
  const m = weights.W.cols;
  const p = Ua.cols;
  // Rows (ℓ, i) with ℓ < d are the first d·k rows of the output-major feature matrix.
  const Ga = ntkFeatures(Ua, weights, spec.network.activation).data;
  const Gb = ntkFeatures(Ub, weights, spec.network.activation).data;
  const out = zeros(d * ka, d * kb);
  const N = d * kb;
  for (let l1 = 0; l1 < d; l1++) {
    for (let i = 0; i < ka; i++) {
      const a = l1 * ka + i;
      for (let l2 = 0; l2 < d; l2++) {
        for (let j = 0; j < kb; j++) {
          const b = l2 * kb + j;
          let g = 0;
          for (let r = 0; r < m; r++) g += Ga[a * m + r] * Gb[b * m + r];
          let u = 0;
          for (let k = 0; k < p; k++) u += Ua.data[i * p + k] * Ub.data[j * p + k];
          out.data[a * N + b] = g * u;
        }
      }
    }
  }
  return out;
}

/** Output-major vec of the first d columns of a k×p matrix: entry ℓ·k + i = M_{i,ℓ}. */
export function vecOutputMajor(M: Dense, d: number): Float64Array {
  const k = M.rows;
  const out = new Float64Array(d * k);
  for (let l = 0; l < d; l++) for (let i = 0; i < k; i++) out[l * k + i] = M.data[i * M.cols + l];
  return out;
}

/** The k×d matrix of an output-major vec (inverse of {@link vecOutputMajor}). */
export function unvecOutputMajor(v: Float64Array, k: number, d: number): Dense {
  const out = zeros(k, d);
  for (let l = 0; l < d; l++) for (let i = 0; i < k; i++) out.data[i * d + l] = v[l * k + i];
  return out;
}

/**
 * Kernel gradient descent in function space with explicit kernels (module doc): the test predictions after
 * `steps` steps of r ← (I − η_eff H_tr) r, F_te ← F_te − η_eff H_te,tr r, from F(0) = f_{W(0)}.
 *
 * @param initial - the model at W(0) (defines the kernels and F(0)).
 * @param pairs - training pairs.
 * @param times - length k test times.
 * @param X - k×d test points.
 * @param eta - raw step η (η_eff = κη with κ = `kernelFactor`).
 * @param steps - number of steps.
 * @returns k×d test predictions of the denoiser.
 */
export function kernelRegressionPath(initial: ScoreModel, pairs: TrainingPairs, times: Float64Array, X: Dense, eta: number, steps: number): Dense {
  const spec = initial.spec;
  const d = spec.d;
  const Utr = networkInputs(spec, pairs.t, pairs.xt);
  const Ute = networkInputs(spec, times, X);
  const n = Utr.rows;
  const k = Ute.rows;
  const etaEff = kernelFactor(spec.network, initial.weights.W.cols) * eta;
  const Htr = crossNtk(spec, initial.weights, Utr, Utr);
  const Hte = crossNtk(spec, initial.weights, Ute, Utr);
  const F0tr = forward(Utr, initial.weights, spec.network).F;
  const F0te = forward(Ute, initial.weights, spec.network).F;
  const r = vecOutputMajor(F0tr, d);
  const y = vecOutputMajor(pairs.x0, d);
  for (let q = 0; q < r.length; q++) r[q] -= y[q];
  const fte = vecOutputMajor(F0te, d);
  const N = d * n;
  for (let s = 0; s < steps; s++) {
    const Hr = new Float64Array(N);
    for (let a = 0; a < N; a++) {
      let acc = 0;
      for (let b = 0; b < N; b++) acc += Htr.data[a * N + b] * r[b];
      Hr[a] = acc;
    }
    for (let a = 0; a < d * k; a++) {
      let acc = 0;
      for (let b = 0; b < N; b++) acc += Hte.data[a * N + b] * r[b];
      fte[a] -= etaEff * acc;
    }
    for (let a = 0; a < N; a++) r[a] -= etaEff * Hr[a];
  }
  return unvecOutputMajor(fte, k, d);
}
