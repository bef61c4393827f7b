/**
 * The empirical neural tangent kernel H(W) of SPEC §3, by the structured formula
 *
 *     H = (G Gᵀ) ∘ (1_{d×d} ⊗ X Xᵀ),
 *
 * where G (nd×m, rows (ℓ, i) output-major) holds G_{(ℓ,i),r} = √m · S_{i,r}(a_{ℓ,r} − ⟨a_ℓ, S_i⟩) for softmax
 * and a_{ℓ,r} φ'(⟨w_r, x_i⟩)/√m for exp and ReLU. H is nd×nd, indexed (ℓ, i) ↦ ℓ·n + i, and is the same matrix
 * for both softmax scalings (it is defined with the √m network; the `scale=m` dynamics use m·H).
 *
 * Cost: O((nd)² m) for G Gᵀ (one triangle), O((nd)²) for the Hadamard product.
 *
 * @module
 */
import { type Dense, gram } from "../linalg/dense.js";
import { neuronDerivative } from "../network/derivative.js";
import { type ForwardPass, forward } from "../network/forward.js";
import type { Activation, Weights } from "../network/types.js";

/** The NTK feature matrix G (nd×m) of SPEC §3 (independent of the softmax scaling). */
export function ntkFeatures(X: Dense, weights: Weights, activation: Activation): Dense {
  return ntkFeaturesFromPass(forward(X, weights, { activation, scale: "sqrt" }), weights, activation);
}

/**
 * G (nd×m) from a forward pass at `weights` under either scaling: G needs only U, Φ and F̄ = Φ Aᵀ, which do not
 * depend on the output multiplier c, so a pass computed for training gives the same G as {@link ntkFeatures}.
 */
export function ntkFeaturesFromPass(pass: ForwardPass, weights: Weights, activation: Activation): Dense {
  const m = weights.W.cols;
  const G = neuronDerivative(pass, weights.A, activation);
  const factor = activation === "softmax" ? Math.sqrt(m) : 1 / Math.sqrt(m);
  for (let k = 0; k < G.data.length; k++) G.data[k] *= factor;
  return G;
}

/** H ∘= (1_{d×d} ⊗ P) in place, for H (nd×nd, output-major) and the Gram matrix P = X Xᵀ (n×n). */
export function hadamardInputGram(H: Dense, P: Dense): Dense {
  const n = P.rows;
  const N = H.rows;
  for (let a = 0; a < N; a++) {
    const i = a % n;
    for (let b = 0; b < N; b++) H.data[a * N + b] *= P.data[i * n + (b % n)];
  }
  return H;
}

/** The empirical NTK H(W) (nd×nd, output-major, exactly symmetric). */
export function empiricalNtk(X: Dense, weights: Weights, activation: Activation): Dense {
  return ntkFromFeatures(X, ntkFeatures(X, weights, activation));
}

/** H(W) from a forward pass at `weights` (either scaling; see {@link ntkFeaturesFromPass}): bit for bit {@link empiricalNtk}. */
export function empiricalNtkFromPass(X: Dense, weights: Weights, activation: Activation, pass: ForwardPass): Dense {
  return ntkFromFeatures(X, ntkFeaturesFromPass(pass, weights, activation));
}

/** H = (G Gᵀ) ∘ (1_{d×d} ⊗ X Xᵀ) for the feature matrix G (nd×m). */
function ntkFromFeatures(X: Dense, G: Dense): Dense {
  return hadamardInputGram(gram(G), gram(X));
}
