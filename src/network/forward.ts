/**
 * Forward pass of the networks of SPEC §2, on contiguous row-major buffers.
 *
 * Shapes: X n×d, W d×m, A d×m; pre-activations U = X W (n×m, U_{i,r} = ⟨w_r, x_i⟩); hidden features
 * Φ (n×m): Φ_{i,r} = S_{i,r} = softmax(U_i)_r (softmax, computed with the max-shift so that pre-activations
 * of any finite size give finite outputs) or φ(U_{i,r}) (exp, ReLU); outputs F = c · Φ Aᵀ (n×d),
 * F_{i,ℓ} = c · Σ_r a_{ℓ,r} Φ_{i,r}, with c from {@link outputScale}.
 *
 * @module
 */
import { type Dense, matmul, matmulTransBColumns } from "../linalg/dense.js";
import type { NetworkOptions, Scale, Activation, Weights } from "./types.js";

/**
 * The output multiplier c: softmax c_m = m (`scale=m`) or √m (`scale=sqrt`); exp and ReLU use the NTK
 * parameterisation c = 1/√m whatever `scale` says (SPEC §2).
 */
export function outputScale(activation: Activation, scale: Scale, m: number): number {
  if (activation === "softmax") return scale === "m" ? m : Math.sqrt(m);
  return 1 / Math.sqrt(m);
}

/**
 * The factor κ with J Jᵀ = κ·H for the Jacobian J of the network under `scale` and the empirical NTK H of
 * SPEC §3 (defined with the √m network): κ = m for softmax with `scale=m`, else 1. Gradient descent with
 * step η therefore moves F with the kernel κ·H, i.e. η_eff = κ·η.
 */
export function kernelFactor(opts: NetworkOptions, m: number): number {
  return opts.activation === "softmax" && opts.scale === "m" ? m : 1;
}

/** Everything the forward pass computed: outputs and the intermediates the gradient and NTK reuse. */
export interface ForwardPass {
  /** Outputs F (n×d), F_{i,ℓ} = F(W, x_i)_ℓ. */
  readonly F: Dense;
  /** Pre-activations U = X W (n×m). */
  readonly U: Dense;
  /** Hidden features Φ (n×m): softmax probabilities S, or φ(U). */
  readonly Phi: Dense;
  /** Φ Aᵀ (n×d) before the multiplier c: for softmax, F̄_{i,ℓ} = ⟨a_ℓ, S_i⟩. */
  readonly Fbar: Dense;
  /** The output multiplier c. */
  readonly c: number;
}

/**
 * The softmax's numerators for one row with the max-shift: dst[to + r] = exp(src[from + r] − max_s src[from + s])
 * for r < m; returns their sum Σ_r, added in increasing r. `dst` may be `src` (in place).
 */
export function shiftedExponentials(src: Float64Array, from: number, dst: Float64Array, to: number, m: number): number {
  let max = -Infinity;
  for (let r = 0; r < m; r++) if (src[from + r] > max) max = src[from + r];
  let sum = 0;
  for (let r = 0; r < m; r++) {
    const e = Math.exp(src[from + r] - max);
    dst[to + r] = e;
    sum += e;
  }
  return sum;
}

/** Row-wise softmax of U (n×m) with the max-shift: S_{i,r} = exp(U_{i,r} − max_s U_{i,s}) / Σ_s exp(…). */
export function softmaxRows(U: Dense): Dense {
  const { rows: n, cols: m } = U;
  const S = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const o = i * m;
    const inv = 1 / shiftedExponentials(U.data, o, S, o, m);
    for (let r = 0; r < m; r++) S[o + r] *= inv;
  }
  return { rows: n, cols: m, data: S };
}

/** Elementwise φ(U) for exp or ReLU. */
export function activate(U: Dense, activation: "exp" | "relu"): Dense {
  const out = new Float64Array(U.data.length);
  if (activation === "exp") for (let k = 0; k < out.length; k++) out[k] = Math.exp(U.data[k]);
  else for (let k = 0; k < out.length; k++) out[k] = U.data[k] > 0 ? U.data[k] : 0;
  return { rows: U.rows, cols: U.cols, data: out };
}

/** The hidden features Φ of pre-activations U. */
export function features(U: Dense, activation: Activation): Dense {
  return activation === "softmax" ? softmaxRows(U) : activate(U, activation);
}

/**
 * F̄ = Φ Aᵀ (n×d), each entry summed as (Σ_{r<⌊m/2⌋} a_{ℓ,r}Φ_{i,r}) + (Σ_{r≥⌊m/2⌋} a_{ℓ,r}Φ_{i,r}). The split
 * costs nothing and makes the coupled initialisation exact in floating point: its second half repeats the
 * first half's features with negated signs, so the two partial sums are exact negatives and F(W(0)) = 0
 * bit for bit (SPEC §1), not merely up to rounding.
 */
export function halfSplitOutputs(Phi: Dense, A: Dense): Dense {
  const h = Phi.cols >> 1;
  const first = matmulTransBColumns(Phi, A, 0, h).data;
  const out = matmulTransBColumns(Phi, A, h, Phi.cols);
  for (let k = 0; k < out.data.length; k++) out.data[k] = first[k] + out.data[k];
  return out;
}

/** Checks that X (n×d), W and A (d×m) fit together; throws a RangeError naming `where` and the shapes otherwise. */
export function checkNetworkShapes(X: Dense, weights: Weights, where: string): void {
  const { W, A } = weights;
  if (X.cols !== W.rows) throw new RangeError(`${where}: X is ${X.rows}×${X.cols} but W has ${W.rows} rows`);
  if (A.rows !== W.rows || A.cols !== W.cols) throw new RangeError(`${where}: A is ${A.rows}×${A.cols}, W is ${W.rows}×${W.cols}`);
}

/** Forward pass F(W, x_i) for all rows of X. */
export function forward(X: Dense, weights: Weights, opts: NetworkOptions): ForwardPass {
  const { W, A } = weights;
  checkNetworkShapes(X, weights, "forward");
  const m = W.cols;
  const U = matmul(X, W);
  const Phi = features(U, opts.activation);
  const Fbar = halfSplitOutputs(Phi, A);
  const c = outputScale(opts.activation, opts.scale, m);
  const F = new Float64Array(Fbar.data.length);
  for (let k = 0; k < F.length; k++) F[k] = c * Fbar.data[k];
  return { F: { rows: X.rows, cols: A.rows, data: F }, U, Phi, Fbar, c };
}
