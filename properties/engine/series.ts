/**
 * Helpers that claims use to build the {@link Series} of their figures: reference lines (a power law through
 * the data, a constant level, the diagonal y = x) and the range of a set of points.
 *
 * @module
 */
import type { ReferenceLine, SeriesPoint } from "./types.js";

/** Points usable on the given axes: finite, and positive on a log axis. */
export function plottable(points: readonly SeriesPoint[], xLog: boolean, yLog: boolean): SeriesPoint[] {
  return points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!xLog || p.x > 0) && (!yLog || p.y > 0));
}

/** [min, max] of the x values of points (null when there are none). */
export function xRange(points: readonly { readonly x: number }[]): readonly [number, number] | null {
  if (points.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    lo = Math.min(lo, p.x);
    hi = Math.max(hi, p.x);
  }
  return [lo, hi];
}

/**
 * The power law y = c·x^slope through the log–log centroid of the (positive) points, drawn over their x range:
 * c = exp(mean(ln y − slope·ln x)), the least-squares intercept for a fixed slope. Null when no point is usable.
 *
 * @param points - the data the line should pass through.
 * @param slope - the exponent (a fitted slope, or a claimed rate such as −½).
 * @param label - legend label.
 * @param samples - points along the line (a straight line on log–log axes needs 2).
 */
export function powerLawThrough(points: readonly SeriesPoint[], slope: number, label: string, samples = 2): ReferenceLine | null {
  const usable = plottable(points, true, true);
  const range = xRange(usable);
  if (range === null || !Number.isFinite(slope)) return null;
  const logC = usable.reduce((a, p) => a + Math.log(p.y) - slope * Math.log(p.x), 0) / usable.length;
  const [lo, hi] = range;
  const xs = samples < 2 || lo === hi ? [lo] : Array.from({ length: samples }, (_, k) => lo * (hi / lo) ** (k / (samples - 1)));
  return { label, points: xs.map((x) => ({ x, y: Math.exp(logC + slope * Math.log(x)) })) };
}

/** The constant level y over [x0, x1] (a threshold such as δ or ¾λ). */
export function horizontalLine(label: string, y: number, x0: number, x1: number): ReferenceLine {
  return { label, points: [{ x: x0, y }, { x: x1, y }] };
}

/** The line y = factor·x over [x0, x1] (e.g. a bound that grows linearly in the radius). */
export function proportionalLine(label: string, factor: number, x0: number, x1: number): ReferenceLine {
  return { label, points: [{ x: x0, y: factor * x0 }, { x: x1, y: factor * x1 }] };
}
