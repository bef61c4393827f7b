/**
 * Per-neuron output derivatives, the common factor of the Jacobian, the gradient and the NTK.
 *
 * SPEC §2: ∂F_ℓ(x_i)/∂w_r = c · D_{(ℓ,i),r} · x_i with
 * - softmax: D_{(ℓ,i),r} = S_{i,r} (a_{ℓ,r} − ⟨a_ℓ, S_i⟩)   (the centring term comes from the normaliser),
 * - exp / ReLU: D_{(ℓ,i),r} = a_{ℓ,r} φ'(⟨w_r, x_i⟩)         (φ'(0) := 0 for ReLU).
 *
 * Shape: D is nd×m with rows in the output-major order (ℓ, i) ↦ ℓ·n + i of SPEC §1.
 *
 * @module
 */
import type { Dense } from "../linalg/dense.js";
import type { ForwardPass } from "./forward.js";
import type { Activation } from "./types.js";

/** φ'(U) elementwise for the comparison activations (n×m): exp' = exp (reuses Φ), ReLU' = 1[u > 0]. */
export function activationDerivative(pass: ForwardPass, activation: "exp" | "relu"): Float64Array {
  if (activation === "exp") return pass.Phi.data;
  const out = new Float64Array(pass.U.data.length);
  for (let k = 0; k < out.length; k++) out[k] = pass.U.data[k] > 0 ? 1 : 0;
  return out;
}

/** D (nd×m, rows (ℓ, i) output-major) from a forward pass and the output weights A (d×m). */
export function neuronDerivative(pass: ForwardPass, A: Dense, activation: Activation): Dense {
  const n = pass.U.rows;
  const m = pass.U.cols;
  const d = A.rows;
  const out = new Float64Array(n * d * m);
  if (activation === "softmax") {
    const S = pass.Phi.data;
    const Fbar = pass.Fbar.data;
    for (let l = 0; l < d; l++) {
      for (let i = 0; i < n; i++) {
        const row = (l * n + i) * m;
        const centre = Fbar[i * d + l];
        for (let r = 0; r < m; r++) out[row + r] = S[i * m + r] * (A.data[l * m + r] - centre);
      }
    }
  } else {
    const dphi = activationDerivative(pass, activation);
    for (let l = 0; l < d; l++) {
      for (let i = 0; i < n; i++) {
        const row = (l * n + i) * m;
        for (let r = 0; r < m; r++) out[row + r] = A.data[l * m + r] * dphi[i * m + r];
      }
    }
  }
  return { rows: n * d, cols: m, data: out };
}
