/**
 * The squared loss and its gradient (SPEC §2) in one sweep over the input rows, for training loops that need
 * nothing else of the forward pass: L = ½‖F − Y‖²_F and ∇_W L (d×m), without keeping the n×m pre-activations,
 * features or (E A) in memory.
 *
 * For the softmax network with 1 ≤ d ≤ 8 (`MAX_SWEEP_DIMENSION`) the sweep runs the WebAssembly kernel of `./wasm/softmaxRowSweep.ts`;
 * otherwise (exp / ReLU, wider inputs, kernels off or unavailable) it calls {@link forward}, {@link squaredError}
 * and {@link gradientFromPass}. Both paths give the same numbers bit for bit (tested).
 *
 * Shapes: X n×d, Y n×d, W and A d×m (row ℓ of A is a_ℓ); F n×d.
 *
 * @module
 */
import type { Dense } from "../linalg/dense.js";
import { checkNetworkShapes, forward, outputScale, shiftedExponentials } from "./forward.js";
import { gradientFromPass } from "./gradient.js";
import { squaredError } from "./loss.js";
import type { NetworkOptions, Weights } from "./types.js";
import { softmaxRowSweep } from "./wasm/softmaxRowSweep.js";

/** Outputs, loss and gradient of one sweep. */
export interface LossAndGradient {
  /** Outputs F (n×d). */
  readonly F: Dense;
  /** ‖F − Y‖²_F, summed entry by entry in row-major order (= 2L). */
  readonly squaredError: number;
  /** ∇_W L (d×m). */
  readonly gradient: Dense;
}

/** F, ‖F − Y‖²_F and ∇_W L at the weights for data (X, Y) (module doc). */
export function lossAndGradient(X: Dense, Y: Dense, weights: Weights, opts: NetworkOptions): LossAndGradient {
  checkNetworkShapes(X, weights, "lossAndGradient");
  if (Y.rows !== X.rows || Y.cols !== weights.A.rows) throw new RangeError(`lossAndGradient: Y is ${Y.rows}×${Y.cols}, expected ${X.rows}×${weights.A.rows}`);
  const { W, A } = weights;
  const d = W.rows;
  const m = W.cols;
  if (opts.activation === "softmax") {
    const c = outputScale(opts.activation, opts.scale, m);
    const swept = softmaxRowSweep(X.rows, d, m, X.data, Y.data, W.data, A.data, c, shiftedExponentials);
    if (swept !== null && swept.gradient !== null) {
      return { F: { rows: X.rows, cols: d, data: swept.F }, squaredError: swept.squaredError, gradient: { rows: d, cols: m, data: swept.gradient } };
    }
  }
  const pass = forward(X, weights, opts);
  return { F: pass.F, squaredError: squaredError(pass.F, Y), gradient: gradientFromPass(X, Y, weights, opts, pass) };
}

/** The outputs F (n×d) alone, as `forward(X, weights, opts).F` (module doc). */
export function networkOutputs(X: Dense, weights: Weights, opts: NetworkOptions): Dense {
  checkNetworkShapes(X, weights, "networkOutputs");
  const { W, A } = weights;
  if (opts.activation === "softmax") {
    const c = outputScale(opts.activation, opts.scale, W.cols);
    const swept = softmaxRowSweep(X.rows, W.rows, W.cols, X.data, null, W.data, A.data, c, shiftedExponentials);
    if (swept !== null) return { rows: X.rows, cols: W.rows, data: swept.F };
  }
  return forward(X, weights, opts).F;
}
