/**
 * Seeded random rows on and inside the unit ball of ℝ^d (SPEC §1's default assumption ‖x‖ ≤ 1), all by one
 * recipe: per row, d standard Gaussians g from the stream (a uniformly distributed direction; the
 * probability-zero g = 0 is redrawn), then, for the ball, one radius r drawn after them and the row set to
 * g·(r/‖g‖); for the sphere no radius is drawn and the row is g/‖g‖. Rows are drawn in order, so a row's draws
 * never depend on later rows.
 *
 * Used by the property-test arbitraries, the unit tests and the benchmark's workloads, which must all see the
 * very same matrices for the same stream.
 *
 * @module
 */
import { type Dense, zeros } from "../linalg/dense.js";
import type { Rng } from "../random/rng.js";

/**
 * Writes `cols` standard Gaussians to `out[offset … offset + cols)` and returns their squared norm, redrawing
 * the whole row while that is 0 (only possible with probability 0 for cols ≥ 1; never loops for cols = 0).
 */
function gaussianRow(out: Float64Array, offset: number, cols: number, rng: Rng): number {
  let norm2 = 0;
  do {
    norm2 = 0;
    for (let k = 0; k < cols; k++) {
      const g = rng.gaussian();
      out[offset + k] = g;
      norm2 += g * g;
    }
  } while (norm2 === 0 && cols > 0);
  return norm2;
}

/**
 * A rows×cols matrix whose rows are Gaussian directions scaled to radii `radius(rng)`, the radius of each row
 * drawn right after its Gaussians: row = g·(r/‖g‖).
 */
export function radialRows(rows: number, cols: number, rng: Rng, radius: (rng: Rng) => number): Dense {
  const out = zeros(rows, cols);
  for (let i = 0; i < rows; i++) {
    const norm2 = gaussianRow(out.data, i * cols, cols, rng);
    const s = radius(rng) / Math.sqrt(norm2);
    for (let k = 0; k < cols; k++) out.data[i * cols + k] *= s;
  }
  return out;
}

/** Rows inside the unit ball with norms uniform in [minRadius, 1] (radius minRadius + (1 − minRadius)·U). */
export function unitBallRows(rows: number, cols: number, minRadius: number, rng: Rng): Dense {
  return radialRows(rows, cols, rng, (r) => minRadius + (1 - minRadius) * r.uniform());
}

/** Rows uniformly distributed in the closed unit ball of ℝ^cols (radius U^{1/cols}). */
export function uniformBallRows(rows: number, cols: number, rng: Rng): Dense {
  return radialRows(rows, cols, rng, (r) => r.uniform() ** (1 / cols));
}

/** Rows uniformly distributed on the unit sphere of ℝ^cols (g/‖g‖; no radius is drawn). */
export function unitSphereRows(rows: number, cols: number, rng: Rng): Dense {
  const out = zeros(rows, cols);
  for (let i = 0; i < rows; i++) {
    const norm = Math.sqrt(gaussianRow(out.data, i * cols, cols, rng));
    for (let k = 0; k < cols; k++) out.data[i * cols + k] /= norm;
  }
  return out;
}
