/**
 * A real data set as p_0: the Iris measurements centred and scaled into the unit ball (largest row norm
 * exactly 1, SPEC §1's default assumption ‖x‖ ≤ 1; the preprocessing is {@link irisRowsUnitBall} in
 * src/data/iris.ts), as the uniform distribution on its rows (a {@link PointSet}; 150 points in d = 4, with
 * duplicates kept: the data set has one repeated flower, which then carries twice the mass).
 *
 * @module
 */
import { irisRowsUnitBall } from "../../data/iris.js";
import { type PointSet, pointSet } from "./points.js";

/** p_0 = uniform distribution on the 150 rows of {@link irisRowsUnitBall} (kind "points", d = 4). */
export function irisPointSet(): PointSet {
  return pointSet(irisRowsUnitBall());
}
