/**
 * The squared loss of SPEC §2: L(W) = ½ Σ_i ‖F(W, x_i) − y_i‖² = ½ ‖F − Y‖²_F.
 *
 * @module
 */
import type { Dense } from "../linalg/dense.js";

/** Residual E = F − Y (n×d). */
export function residual(F: Dense, Y: Dense): Dense {
  if (F.rows !== Y.rows || F.cols !== Y.cols) throw new RangeError(`residual: F is ${F.rows}×${F.cols}, Y is ${Y.rows}×${Y.cols}`);
  const out = new Float64Array(F.data.length);
  for (let k = 0; k < out.length; k++) out[k] = F.data[k] - Y.data[k];
  return { rows: F.rows, cols: F.cols, data: out };
}

/** ‖F − Y‖²_F. */
export function squaredError(F: Dense, Y: Dense): number {
  let acc = 0;
  for (let k = 0; k < F.data.length; k++) {
    const e = F.data[k] - Y.data[k];
    acc += e * e;
  }
  return acc;
}

/** L = ½ ‖F − Y‖²_F. */
export function loss(F: Dense, Y: Dense): number {
  return 0.5 * squaredError(F, Y);
}
