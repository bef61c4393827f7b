/**
 * Judging asymptotic claims ("shrinks like m^{−1/2}") by a least-squares fit of log y on log x with a
 * Student-t confidence interval for the slope (SPEC §4). Non-positive or non-finite points cannot be
 * placed on a log scale and are reported, never silently dropped into a pass.
 *
 * @module
 */
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

/** A fitted slope with its interval. */
export interface SlopeFit {
  readonly slope: number;
  readonly intercept: number;
  /** Two-sided confidence interval of the slope (infinite when there are only two points). */
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  /** Number of points used. */
  readonly points: number;
  /** Standard error of the slope. */
  readonly standardError: number;
}

/** Ordinary least-squares fit of y = a + b·x with a t-interval for b; needs ≥ 2 distinct x. */
export function linearFit(xs: readonly number[], ys: readonly number[], level = 0.95): SlopeFit {
  const n = xs.length;
  if (n !== ys.length) throw new RangeError(`linearFit: ${n} x values but ${ys.length} y values`);
  if (n < 2) throw new RangeError(`linearFit: needs at least 2 points, got ${n}`);
  for (let k = 0; k < n; k++) {
    if (!Number.isFinite(xs[k]) || !Number.isFinite(ys[k])) throw new RangeError(`linearFit: point ${k} is not finite (${xs[k]}, ${ys[k]})`);
  }
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let k = 0; k < n; k++) {
    sxx += (xs[k] - mx) ** 2;
    sxy += (xs[k] - mx) * (ys[k] - my);
  }
  if (sxx === 0) throw new RangeError("linearFit: all x values are equal");
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let k = 0; k < n; k++) sse += (ys[k] - intercept - slope * xs[k]) ** 2;
  const dof = n - 2;
  const standardError = dof > 0 ? Math.sqrt(sse / dof / sxx) : Infinity;
  const t = dof > 0 ? tQuantile(1 - (1 - level) / 2, dof) : Infinity;
  const half = dof > 0 ? t * standardError : Infinity;
  return { slope, intercept, lower: slope - half, upper: slope + half, level, points: n, standardError };
}

/** Fits log y against log x; throws a RangeError naming the first point that is not positive and finite. */
export function logLogSlope(xs: readonly number[], ys: readonly number[], level = 0.95): SlopeFit {
  for (let k = 0; k < xs.length; k++) {
    if (!(xs[k] > 0) || !(ys[k] > 0) || !Number.isFinite(xs[k]) || !Number.isFinite(ys[k])) {
      throw new RangeError(`logLogSlope: point ${k} = (${xs[k]}, ${ys[k]}) is not positive and finite`);
    }
  }
  return linearFit(xs.map(Math.log), ys.map(Math.log), level);
}
