/**
 * The log densities are correctly normalised and agree with closed forms computed a different way:
 * - 1-D Gaussian: log p_t(x) = log φ(x; α_t μ, α_t²σ² + h_t) with the normal pdf written out;
 * - d-D Gaussian with diagonal Σ: the sum of d one-dimensional normal log pdfs (no Cholesky involved);
 * - every kind integrates to 1: trapezoid rule on a grid (1-D for all kinds, 2-D for a correlated Gaussian,
 *   a mixture and a point set).
 *
 * Quadrature error (derived): for a Gaussian bump of standard deviation σ the trapezoid rule with spacing
 * Δ ≤ σ/4 errs by ≈ 2·exp(−2π²σ²/Δ²) ≤ 2e^{−315} (Poisson summation); p_t is a positive combination of bumps
 * with σ ≥ √h_t. Truncating at 12 standard deviations beyond the outermost centre loses < 10⁻³². The sum is
 * compensated (Neumaier), so its rounding is ≤ 2u·Σ; each density value carries a relative error ≤ γ_k·M
 * (M ≤ 10³, see scoreGradient.test.ts), ≤ 10⁻¹². Tolerance 10⁻⁹ therefore has ≥ 1000× margin, while a wrong
 * constant (e.g. log h_t for ½ log h_t, or a missing (2π)^{d/2}) is off by ≥ 10⁻³.
 *
 * Closed-form comparisons: both sides are sums of O(d) terms of magnitude ≤ M = |log p| + d·|log(2π v)| + q/v;
 * tolerance 8γ_{4d+16}·M (two independent evaluations each within 4γ·M).
 */
import { describe, expect, it } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { type Dense, zeros } from "../../src/linalg/dense.js";
import { coefficients } from "../../src/diffusion/ornsteinUhlenbeck.js";
import { gaussian } from "../../src/diffusion/distributions/gaussian.js";
import { gaussianMixture } from "../../src/diffusion/distributions/mixture.js";
import { pointSet } from "../../src/diffusion/distributions/points.js";
import type { Distribution } from "../../src/diffusion/distributions/types.js";
import { gamma } from "../../src/numerics/tolerance.js";
import { Rng } from "../../src/random/rng.js";

/** log of the normal pdf N(m, v) at x, written out directly. */
function normalLogPdf(x: number, m: number, v: number): number {
  return -0.5 * Math.log(2 * Math.PI * v) - ((x - m) * (x - m)) / (2 * v);
}

/** Neumaier-compensated sum. */
function compensatedSum(values: Iterable<number>): number {
  let sum = 0;
  let c = 0;
  for (const v of values) {
    const s = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - s + v : v - s + sum;
    sum = s;
  }
  return sum + c;
}

/** Grid from lo to hi with spacing ≤ step (inclusive ends). */
function grid(lo: number, hi: number, step: number): Float64Array {
  const n = Math.ceil((hi - lo) / step) + 1;
  return Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** Trapezoid weight of node i of an n-node grid with spacing Δ. */
function trapezoidWeight(i: number, n: number, spacing: number): number {
  return i === 0 || i === n - 1 ? spacing / 2 : spacing;
}

/** ∫ p_t over ℝ (d = 1) by the trapezoid rule; centres and σ_min, σ_max of p_t's bumps given. */
function integrate1d(dist: Distribution, t: number, lo: number, hi: number, sigmaMin: number, sigmaMax: number): number {
  const xs = grid(lo - 12 * sigmaMax, hi + 12 * sigmaMax, sigmaMin / 4);
  const spacing = xs[1] - xs[0];
  const logp = dist.logDensity(t, { rows: xs.length, cols: 1, data: xs });
  return compensatedSum(Array.from(logp, (l, i) => trapezoidWeight(i, xs.length, spacing) * Math.exp(l)));
}

/** ∫∫ p_t over ℝ² by the product trapezoid rule on a square box. */
function integrate2d(dist: Distribution, t: number, lo: number, hi: number, sigmaMin: number, sigmaMax: number): number {
  const xs = grid(lo - 12 * sigmaMax, hi + 12 * sigmaMax, sigmaMin / 4);
  const n = xs.length;
  const spacing = xs[1] - xs[0];
  const rowSums: number[] = [];
  const X: Dense = zeros(n, 2);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      X.data[2 * b] = xs[a];
      X.data[2 * b + 1] = xs[b];
    }
    const logp = dist.logDensity(t, X);
    rowSums.push(trapezoidWeight(a, n, spacing) * compensatedSum(Array.from(logp, (l, b) => trapezoidWeight(b, n, spacing) * Math.exp(l))));
  }
  return compensatedSum(rowSums);
}

describe("Gaussian log density against the normal pdf written out", () => {
  test.prop([fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: 0.01, max: 2, noNaN: true }), fc.double({ min: 1e-3, max: 50, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })], { numRuns: 200 })(
    "1-D: log p_t(x) = log φ(x; α_t μ, α_t² σ² + h_t)",
    (mu, sigma, t, x) => {
      const { alpha, h } = coefficients(t);
      const v = alpha * alpha * sigma * sigma + h;
      const got = gaussian([mu], { rows: 1, cols: 1, data: Float64Array.of(sigma * sigma) }).logDensity(t, { rows: 1, cols: 1, data: Float64Array.of(x) })[0];
      const want = normalLogPdf(x, alpha * mu, v);
      const M = Math.abs(want) + Math.abs(Math.log(2 * Math.PI * v)) + ((x - alpha * mu) ** 2) / v;
      expect(Math.abs(got - want)).toBeLessThanOrEqual(8 * gamma(20) * M);
    },
  );

  test.prop([fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 0xffffffff }), fc.double({ min: 1e-3, max: 50, noNaN: true })], { numRuns: 200 })(
    "d-D with diagonal Σ: log p_t is the sum of the coordinates' normal log pdfs; score and posterior mean coordinatewise",
    (d, seed, t) => {
      const rng = new Rng(seed);
      const mean = rng.fillGaussian(new Float64Array(d));
      const vars = Float64Array.from({ length: d }, () => 10 ** (-3 + 3 * rng.uniform()));
      const cov = zeros(d, d);
      for (let i = 0; i < d; i++) cov.data[i * d + i] = vars[i];
      const X = rng.fillGaussian(new Float64Array(2 * d), 1.5);
      const ev = gaussian(mean, cov).evaluate(t, { rows: 2, cols: d, data: X });
      const { alpha, h } = coefficients(t);
      for (let r = 0; r < 2; r++) {
        let want = 0;
        let M = 0;
        for (let i = 0; i < d; i++) {
          const x = X[r * d + i];
          const v = alpha * alpha * vars[i] + h;
          want += normalLogPdf(x, alpha * mean[i], v);
          M += Math.abs(Math.log(2 * Math.PI * v)) + ((x - alpha * mean[i]) ** 2) / v;
          // Coordinatewise: score −(x − αμ)/v, posterior mean μ + α s²(x − αμ)/v.
          const score = -(x - alpha * mean[i]) / v;
          const pm = mean[i] + (alpha * vars[i] * (x - alpha * mean[i])) / v;
          expect(Math.abs(ev.score.data[r * d + i] - score)).toBeLessThanOrEqual(8 * gamma(4 * d + 16) * (Math.abs(score) + (Math.abs(x) + Math.abs(mean[i])) / v));
          expect(Math.abs(ev.posteriorMean.data[r * d + i] - pm)).toBeLessThanOrEqual(8 * gamma(4 * d + 16) * (Math.abs(mean[i]) + (Math.abs(x) + Math.abs(mean[i])) * (alpha * vars[i]) / v));
        }
        M += Math.abs(want);
        expect(Math.abs(ev.logDensity[r] - want)).toBeLessThanOrEqual(8 * gamma(4 * d + 16) * M);
      }
    },
  );
});

describe("every kind integrates to 1 (trapezoid rule, tolerance 1e-9)", () => {
  for (const t of [1e-3, 0.05, 1, 5]) {
    it(`1-D, t = ${t}: Gaussian, mixture, points`, () => {
      const { alpha, h } = coefficients(t);
      const g = gaussian([0.3], { rows: 1, cols: 1, data: Float64Array.of(0.04) });
      const sg = Math.sqrt(alpha * alpha * 0.04 + h);
      expect(Math.abs(integrate1d(g, t, 0.3 * alpha, 0.3 * alpha, sg, sg) - 1)).toBeLessThanOrEqual(1e-9);

      const stds = [0.05, 0.3, 0.1];
      const mix = gaussianMixture({ weights: [0.2, 0.5, 0.3], means: { rows: 3, cols: 1, data: Float64Array.of(-0.8, 0.1, 0.9) }, stds });
      const vs = stds.map((s) => Math.sqrt(alpha * alpha * s * s + h));
      expect(Math.abs(integrate1d(mix, t, -0.8 * alpha, 0.9 * alpha, Math.min(...vs), Math.max(...vs)) - 1)).toBeLessThanOrEqual(1e-9);

      const pts = pointSet({ rows: 4, cols: 1, data: Float64Array.of(-0.9, -0.2, 0.4, 0.4) });
      expect(Math.abs(integrate1d(pts, t, -0.9 * alpha, 0.4 * alpha, Math.sqrt(h), Math.sqrt(h)) - 1)).toBeLessThanOrEqual(1e-9);
    });
  }

  for (const t of [0.02, 0.7]) {
    it(`2-D, t = ${t}: correlated Gaussian, mixture, points`, () => {
      const { alpha, h } = coefficients(t);
      // Σ with eigenvalues 0.05 and 0.01 (correlation ≈ 0.67).
      const g = gaussian([0.2, -0.1], { rows: 2, cols: 2, data: Float64Array.of(0.03, 0.02, 0.02, 0.03) });
      const sMin = Math.sqrt(alpha * alpha * 0.01 + h);
      const sMax = Math.sqrt(alpha * alpha * 0.05 + h);
      expect(Math.abs(integrate2d(g, t, -0.1, 0.2, sMin, sMax) - 1)).toBeLessThanOrEqual(1e-9);

      const mix = gaussianMixture({ weights: [0.6, 0.4], means: { rows: 2, cols: 2, data: Float64Array.of(-0.5, 0.2, 0.4, -0.3) }, stds: [0.1, 0.2] });
      const mMin = Math.sqrt(alpha * alpha * 0.01 + h);
      const mMax = Math.sqrt(alpha * alpha * 0.04 + h);
      expect(Math.abs(integrate2d(mix, t, -0.5, 0.4, mMin, mMax) - 1)).toBeLessThanOrEqual(1e-9);

      const pts = pointSet({ rows: 3, cols: 2, data: Float64Array.of(0.5, 0.5, -0.5, 0.1, 0.0, -0.6) });
      expect(Math.abs(integrate2d(pts, t, -0.6, 0.5, Math.sqrt(h), Math.sqrt(h)) - 1)).toBeLessThanOrEqual(1e-9);
    });
  }
});
