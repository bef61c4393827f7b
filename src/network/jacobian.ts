/**
 * The explicit Jacobian of the network outputs with respect to W, for checks (I1, I2): slow and memory
 * hungry (nd × dm), never used on a hot path.
 *
 * Shape: rows are outputs in output-major order (ℓ, i) ↦ ℓ·n + i; columns are weights in neuron-major
 * order (r, k) ↦ r·d + k, i.e. column r·d + k is ∂/∂W_{k,r}. Entry: c · D_{(ℓ,i),r} · x_{i,k} (SPEC §2).
 *
 * @module
 */
import type { Dense } from "../linalg/dense.js";
import { neuronDerivative } from "./derivative.js";
import { forward } from "./forward.js";
import type { NetworkOptions, Weights } from "./types.js";

/** J = ∂ vec(F) / ∂ vec(W), nd × dm, for the network under `opts` (so J Jᵀ = κ·H, see `kernelFactor`). */
export function jacobian(X: Dense, weights: Weights, opts: NetworkOptions): Dense {
  const pass = forward(X, weights, opts);
  const D = neuronDerivative(pass, weights.A, opts.activation);
  const n = X.rows;
  const d = X.cols;
  const m = weights.W.cols;
  const cols = m * d;
  const out = new Float64Array(n * d * cols);
  for (let l = 0; l < d; l++) {
    for (let i = 0; i < n; i++) {
      const row = l * n + i;
      for (let r = 0; r < m; r++) {
        const v = pass.c * D.data[row * m + r];
        for (let k = 0; k < d; k++) out[row * cols + r * d + k] = v * X.data[i * d + k];
      }
    }
  }
  return { rows: n * d, cols, data: out };
}
