/**
 * The network's Jacobian J = ∂ vec F/∂ vec W and the tangent kernel J Jᵀ = κ·H(W) (SPEC §3) as matrix-free
 * operators, for problems too large to form the nd×nd matrix H (e.g. n = 2048 score-matching pairs).
 *
 * Layout: outputs are n×d matrices in the row-major layout of F (entry (i, ℓ) = F(W, x_i)_ℓ), weights are d×m
 * like W. With V = X·ΔW (n×m, V_{i,r} = ⟨x_i, Δw_r⟩) and the per-neuron derivatives D of SPEC §2:
 *
 *     (J ΔW)_{i,ℓ} = c Σ_r D_{(ℓ,i),r} V_{i,r}
 *       softmax:  = c·( Σ_r a_{ℓ,r} S_{i,r} V_{i,r} − F̄_{i,ℓ} Σ_r S_{i,r} V_{i,r} ),
 *       exp/ReLU: = c·Σ_r a_{ℓ,r} φ'(U_{i,r}) V_{i,r};
 *     Jᵀ R = ∇_W ½‖F − Y‖² at residual F − Y = R (the gradient formula of `../network/gradient.ts`).
 *
 * Each costs O(n·d·m) and reuses one forward pass (no exponentials). The largest eigenvalue of J Jᵀ (= κ·λ_max(H),
 * κ from `kernelFactor`) comes from power iteration; it is the step-size scale of gradient descent: the raw
 * step η = ν/λ_max(J Jᵀ) gives η_eff·λ_max(H) = ν.
 *
 * @module
 */
import { type Dense, matmul, zeros } from "../linalg/dense.js";
import { activationDerivative } from "../network/derivative.js";
import type { ForwardPass } from "../network/forward.js";
import { gradientFromPass } from "../network/gradient.js";
import type { NetworkOptions, Weights } from "../network/types.js";
import { Rng } from "../random/rng.js";

/**
 * J·ΔW at the forward pass `pass` (inputs X, n×d; weights with A d×m): an n×d matrix in the layout of F.
 *
 * @param X - n×d inputs the pass was computed on.
 * @param weights - the weights of the pass (only A is read).
 * @param opts - the network (activation; the pass already holds the multiplier c).
 * @param pass - forward pass at the linearisation point.
 * @param dW - d×m weight direction.
 */
export function jacobianTimes(X: Dense, weights: Weights, opts: NetworkOptions, pass: ForwardPass, dW: Dense): Dense {
  const { A } = weights;
  const n = X.rows;
  const m = A.cols;
  const dOut = A.rows;
  const V = matmul(X, dW).data; // n×m
  const out = zeros(n, dOut);
  const c = pass.c;
  if (opts.activation === "softmax") {
    const S = pass.Phi.data;
    for (let i = 0; i < n; i++) {
      const o = i * m;
      let sv = 0;
      for (let r = 0; r < m; r++) {
        V[o + r] *= S[o + r];
        sv += V[o + r];
      }
      for (let l = 0; l < dOut; l++) {
        let acc = 0;
        const al = l * m;
        for (let r = 0; r < m; r++) acc += A.data[al + r] * V[o + r];
        out.data[i * dOut + l] = c * (acc - pass.Fbar.data[i * dOut + l] * sv);
      }
    }
    return out;
  }
  const dphi = activationDerivative(pass, opts.activation);
  for (let i = 0; i < n; i++) {
    const o = i * m;
    for (let r = 0; r < m; r++) V[o + r] *= dphi[o + r];
    for (let l = 0; l < dOut; l++) {
      let acc = 0;
      const al = l * m;
      for (let r = 0; r < m; r++) acc += A.data[al + r] * V[o + r];
      out.data[i * dOut + l] = c * acc;
    }
  }
  return out;
}

/** Jᵀ·R (d×m) at the forward pass `pass`, for R (n×d, layout of F): the gradient formula at residual R. */
export function jacobianTransposeTimes(X: Dense, weights: Weights, opts: NetworkOptions, pass: ForwardPass, R: Dense): Dense {
  if (R.rows !== pass.F.rows || R.cols !== pass.F.cols) throw new RangeError(`jacobianTransposeTimes: R is ${R.rows}×${R.cols}, F is ${pass.F.rows}×${pass.F.cols}`);
  // gradientFromPass forms E = pass.F − Y; with F := R and Y := 0 it returns Jᵀ R.
  return gradientFromPass(X, zeros(R.rows, R.cols), weights, opts, { ...pass, F: R });
}

/** Result of {@link tangentKernelTopEigenvalue}. */
export interface TopEigenvalue {
  /** Rayleigh-quotient estimate of λ_max(J Jᵀ) (a lower bound on it, converging from below). */
  readonly value: number;
  /** Iterations used. */
  readonly iterations: number;
  /** Relative change of the estimate in the last iteration. */
  readonly relativeChange: number;
}

/** Seed of the fixed pseudo-random start vector of {@link tangentKernelTopEigenvalue}. */
export const POWER_ITERATION_SEED = 0x5eed;

/**
 * λ_max(J Jᵀ) at the pass by power iteration on R ↦ J Jᵀ R, from a fixed standard-normal start vector (seed
 * {@link POWER_ITERATION_SEED}, so the result is deterministic). A structured start such as the all-ones vector is
 * unsafe: with d ≥ 2 outputs the top eigenvector can be (v, −v) across the output blocks (the off-diagonal blocks of
 * H(W) are O(m^{−1/2}), not 0), orthogonal to it, and the iteration then settles on a smaller eigenvalue. Runs at
 * least `minIterations` and stops when the Rayleigh quotient changes by less than `tolerance` (relative) or after
 * `maxIterations`. The Rayleigh quotient is a lower bound on λ_max that converges from below.
 */
export function tangentKernelTopEigenvalue(X: Dense, weights: Weights, opts: NetworkOptions, pass: ForwardPass, tolerance = 1e-6, maxIterations = 500, minIterations = 20): TopEigenvalue {
  const n = X.rows;
  const dOut = weights.A.rows;
  let R = zeros(n, dOut);
  new Rng(POWER_ITERATION_SEED).fillGaussian(R.data);
  let value = 0;
  let change = Infinity;
  let it = 0;
  for (; it < maxIterations && (change > tolerance || it < minIterations); it++) {
    let norm = 0;
    for (const v of R.data) norm += v * v;
    norm = Math.sqrt(norm);
    if (norm === 0) return { value: 0, iterations: it, relativeChange: 0 };
    for (let k = 0; k < R.data.length; k++) R.data[k] /= norm;
    const next = jacobianTimes(X, weights, opts, pass, jacobianTransposeTimes(X, weights, opts, pass, R));
    let rq = 0;
    for (let k = 0; k < R.data.length; k++) rq += R.data[k] * next.data[k];
    change = value > 0 ? Math.abs(rq - value) / rq : Infinity;
    value = rq;
    R = next;
  }
  return { value, iterations: it, relativeChange: change };
}
