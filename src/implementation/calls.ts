/**
 * Checked calls of an implementation's methods, as the claims make them: a method the implementation does not
 * provide, or a result of the wrong shape, is an `Error` naming the implementation and the method (which the
 * claims engine turns into a `violated` verdict with that message), never a silently wrong matrix.
 *
 * Shapes (SPEC §1): X n×d, Y n×d, W and A d×m; F n×d; ∇_W L d×m; H nd×nd output-major, (ℓ, i) ↦ ℓ·n + i.
 * Only the shape is checked here (O(1)); the values are the implementation's (an external implementation's
 * adapter checks finiteness itself, and a non-finite loss during gradient descent is data, not an error).
 *
 * @module
 */
import type { Dense } from "../linalg/dense.js";
import type { Activation, NetworkOptions, Weights } from "../network/types.js";
import type { ImplementationMethod, NetworkImplementation } from "./types.js";

/** F (n×d) of the network `opts` at `weights`. */
export type ForwardFn = (X: Dense, weights: Weights, opts: NetworkOptions) => Dense;
/** ∇_W L (d×m) of L = ½‖F − Y‖²_F. */
export type GradientFn = (X: Dense, Y: Dense, weights: Weights, opts: NetworkOptions) => Dense;
/** The empirical NTK H(W) (nd×nd, output-major; the √m network's kernel whatever `opts.scale`). */
export type NtkFn = (X: Dense, weights: Weights, opts: NetworkOptions) => Dense;

/** `M` when it is rows×cols, else a RangeError naming the implementation and the method. */
function shaped(impl: NetworkImplementation, method: ImplementationMethod, M: Dense, rows: number, cols: number): Dense {
  if (M.rows !== rows || M.cols !== cols || M.data.length !== rows * cols) {
    throw new RangeError(`implementation ${impl.name}: ${method} returned a ${M.rows}×${M.cols} matrix (${M.data.length} entries), expected ${rows}×${cols}`);
  }
  return M;
}

/** The error for a method a claim needs and `impl` does not provide. */
function missing(impl: NetworkImplementation, method: ImplementationMethod): Error {
  return new Error(`implementation ${impl.name} does not provide ${method}`);
}

/** `impl.forward` with its result's shape checked (n×d). */
export function forwardOf(impl: NetworkImplementation): ForwardFn {
  return (X, weights, opts) => shaped(impl, "forward", impl.forward(X, weights, opts), X.rows, weights.A.rows);
}

/** `impl.gradient` with its result's shape checked (d×m). @throws Error when `impl` has no gradient. */
export function gradientOf(impl: NetworkImplementation): GradientFn {
  const gradient = impl.gradient?.bind(impl);
  if (!gradient) throw missing(impl, "gradient");
  return (X, Y, weights, opts) => shaped(impl, "gradient", gradient(X, Y, weights, opts), weights.W.rows, weights.W.cols);
}

/** `impl.ntk` with its result's shape checked (nd×nd). @throws Error when `impl` has no ntk. */
export function ntkOf(impl: NetworkImplementation): NtkFn {
  const ntk = impl.ntk?.bind(impl);
  if (!ntk) throw missing(impl, "ntk");
  return (X, weights, opts) => {
    const N = X.rows * weights.A.rows;
    return shaped(impl, "ntk", ntk(X, weights, opts), N, N);
  };
}

/**
 * `impl`'s NTK as a function of the activation alone, for claims that vary the activation rather than the
 * scaling: H is the √m network's kernel whatever the scaling (SPEC §3), so it is asked for with `scale=sqrt`.
 * @throws Error when `impl` has no ntk.
 */
export function activationNtkOf(impl: NetworkImplementation): (X: Dense, weights: Weights, activation: Activation) => Dense {
  const ntk = ntkOf(impl);
  return (X, weights, activation) => ntk(X, weights, { activation, scale: "sqrt" });
}
