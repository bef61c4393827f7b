/**
 * The infinite-width kernel H* = lim_{m→∞} H(W(0)) = I_d ⊗ K of SPEC §3, with P = X Xᵀ, p = P_{ij}:
 *
 * | activation | K_{ij}                                                  |
 * |------------|---------------------------------------------------------|
 * | softmax    | p · exp(σ² p)                                           |
 * | exp        | p · exp(σ² (‖x_i‖² + ‖x_j‖² + 2p) / 2)                  |
 * | ReLU       | p · (π − arccos(p / (‖x_i‖‖x_j‖))) / (2π)               |
 *
 * For ReLU the angle θ_ij = arccos(p/(‖x_i‖‖x_j‖)) is computed as 2·atan2(‖x̂_i − x̂_j‖, ‖x̂_i + x̂_j‖) on the
 * normalised rows: arccos of a rounded cosine near ±1 loses half the digits (arccos(1 − u) ≈ 1.5e-8), while
 * the atan2 form is accurate to a few ulps for every angle. A zero input gives K_{ij} = 0 (p = 0). H* is nd×nd, output-major: the ℓ-th diagonal n×n block is K, off-diagonal blocks are 0.
 *
 * @module
 */
import { type Dense, gram, zeros } from "../linalg/dense.js";
import type { Activation } from "../network/types.js";

/** The angle θ ∈ [0, π] between rows i and j of X (0 when either row is zero), accurate near 0 and π. */
export function angleBetween(X: Dense, i: number, j: number): number {
  const d = X.cols;
  let ni = 0;
  let nj = 0;
  for (let k = 0; k < d; k++) {
    ni += X.data[i * d + k] ** 2;
    nj += X.data[j * d + k] ** 2;
  }
  ni = Math.sqrt(ni);
  nj = Math.sqrt(nj);
  if (ni === 0 || nj === 0) return 0;
  let diff = 0;
  let sum = 0;
  for (let k = 0; k < d; k++) {
    const a = X.data[i * d + k] / ni;
    const b = X.data[j * d + k] / nj;
    diff += (a - b) ** 2;
    sum += (a + b) ** 2;
  }
  return 2 * Math.atan2(Math.sqrt(diff), Math.sqrt(sum));
}

/** The n×n limit kernel K for inputs X (n×d) and initial scale σ. */
export function limitKernel(X: Dense, activation: Activation, sigma: number): Dense {
  const P = gram(X);
  const n = P.rows;
  const K = zeros(n, n);
  const s2 = sigma * sigma;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const p = P.data[i * n + j];
      let v: number;
      if (activation === "softmax") v = p * Math.exp(s2 * p);
      else if (activation === "exp") v = p * Math.exp((s2 * (P.data[i * n + i] + P.data[j * n + j] + 2 * p)) / 2);
      else v = (p * (Math.PI - angleBetween(X, i, j))) / (2 * Math.PI);
      K.data[i * n + j] = v;
      K.data[j * n + i] = v;
    }
  }
  return K;
}

/** I_d ⊗ K (nd×nd, output-major). */
export function blockDiagonal(K: Dense, d: number): Dense {
  const n = K.rows;
  const N = n * d;
  const H = zeros(N, N);
  for (let l = 0; l < d; l++) {
    for (let i = 0; i < n; i++) {
      const row = (l * n + i) * N + l * n;
      for (let j = 0; j < n; j++) H.data[row + j] = K.data[i * n + j];
    }
  }
  return H;
}

/** H* = I_d ⊗ K (nd×nd, output-major) for inputs X (n×d). */
export function limitNtk(X: Dense, activation: Activation, sigma: number): Dense {
  return blockDiagonal(limitKernel(X, activation, sigma), X.cols);
}
