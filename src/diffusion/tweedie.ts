/**
 * Tweedie's formula (SPEC §4, derived): for x_t = α_t x_0 + √h_t ξ,
 *
 *     ∇log p_t(x) = (α_t·E[x_0 | x_t = x] − x) / h_t,
 *
 * which turns any denoiser f ≈ E[x_0 | x_t = ·] into a score model s_f(t, x) = (α_t f(t, x) − x)/h_t.
 *
 * Accuracy note: when h_t is small, α_t f − x is a difference of nearly equal numbers; the distributions of
 * `./distributions/` therefore compute their exact scores in a cancellation-free form that is algebraically
 * identical to this one (tested), while this function is the form a trained denoiser is judged in.
 *
 * @module
 */
import { type Dense, zeros } from "../linalg/dense.js";
import { coefficients } from "./ornsteinUhlenbeck.js";

/**
 * The score implied by a denoiser through Tweedie's formula.
 *
 * @param t - time, > 0 (checked).
 * @param X - k×d points x (rows).
 * @param M - k×d denoiser outputs (row i estimates E[x_0 | x_t = x_i]).
 * @returns k×d matrix with rows (α_t m_i − x_i)/h_t.
 */
export function tweedieScore(t: number, X: Dense, M: Dense): Dense {
  if (X.rows !== M.rows || X.cols !== M.cols) throw new RangeError(`tweedieScore: X is ${X.rows}×${X.cols} but M is ${M.rows}×${M.cols}`);
  const { alpha, h } = coefficients(t);
  const out = zeros(X.rows, X.cols);
  for (let k = 0; k < out.data.length; k++) out.data[k] = (alpha * M.data[k] - X.data[k]) / h;
  return out;
}
