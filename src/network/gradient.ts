/**
 * Analytic gradient ∇_W L (d×m) of the loss L = ½‖F − Y‖²_F (SPEC §2).
 *
 * With residual E = F − Y (n×d): ∂L/∂w_r = Σ_i q_{i,r} x_i, i.e. ∇L = Xᵀ Q, where
 * - softmax: q_{i,r} = c · S_{i,r} · ( (E A)_{i,r} − Σ_ℓ E_{i,ℓ} ⟨a_ℓ, S_i⟩ ),
 * - exp / ReLU: q_{i,r} = c · φ'(U_{i,r}) · (E A)_{i,r}.
 * Cost O(n·d·m), without forming the nd×dm Jacobian.
 *
 * @module
 */
import { type Dense, matmul, matmulTransA } from "../linalg/dense.js";
import { activationDerivative } from "./derivative.js";
import { type ForwardPass, forward } from "./forward.js";
import { residual } from "./loss.js";
import type { NetworkOptions, Weights } from "./types.js";

/** ∇_W L at the forward pass `pass` (computed from X, weights) for targets Y; returns a d×m matrix. */
export function gradientFromPass(X: Dense, Y: Dense, weights: Weights, opts: NetworkOptions, pass: ForwardPass): Dense {
  const { A } = weights;
  const n = X.rows;
  const d = X.cols;
  const m = A.cols;
  const E = residual(pass.F, Y);
  const EA = matmul(E, A); // n×m
  const Q = EA.data;
  const c = pass.c;
  if (opts.activation === "softmax") {
    const S = pass.Phi.data;
    for (let i = 0; i < n; i++) {
      let centre = 0;
      for (let l = 0; l < d; l++) centre += E.data[i * d + l] * pass.Fbar.data[i * d + l];
      for (let r = 0; r < m; r++) Q[i * m + r] = c * S[i * m + r] * (Q[i * m + r] - centre);
    }
  } else {
    const dphi = activationDerivative(pass, opts.activation);
    for (let k = 0; k < Q.length; k++) Q[k] = c * dphi[k] * Q[k];
  }
  // ∇L = Xᵀ Q (d×m): row k accumulates row i of Q scaled by X_{i,k}, i increasing.
  return matmulTransA(X, EA);
}

/** ∇_W L(W) (d×m) for data (X, Y). */
export function gradient(X: Dense, Y: Dense, weights: Weights, opts: NetworkOptions): Dense {
  return gradientFromPass(X, Y, weights, opts, forward(X, weights, opts));
}
