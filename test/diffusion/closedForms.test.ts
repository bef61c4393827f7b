/**
 * Cross-checks between the three families and against formulas computed independently in the test:
 * - a one-component mixture N(μ, s²I) equals the Gaussian with Σ = s²I (all three outputs);
 * - a one-point set {z} equals N(α_t z, h_t I) at time t: score (α_t z − x)/h_t, posterior mean z;
 * - D3 (derived): the point-set posterior mean is SPEC's softmax formula
 *   Σ_k softmax_k(α_t⟨x, z_k⟩/h_t − α_t²‖z_k‖²/(2h_t)) z_k, evaluated here in that (inner-product) form;
 * - Tweedie: score = (α_t E[x_0|x_t = x] − x)/h_t for every kind.
 *
 * Tolerances are rounding bounds γ_k·(magnitude of the terms involved), with k counting the operations in
 * the longest chain (generous: 4d + K + 20) and a factor 8 for two independent evaluations with slack;
 * the magnitudes are written next to each check. A formula error (wrong sign, α_t vs α_t², h_t vs √h_t)
 * is off by O(1) relative to these magnitudes.
 */
import { describe, expect } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { type Dense, zeros } from "../../src/linalg/dense.js";
import { coefficients } from "../../src/diffusion/ornsteinUhlenbeck.js";
import { tweedieScore } from "../../src/diffusion/tweedie.js";
import { gaussian } from "../../src/diffusion/distributions/gaussian.js";
import { gaussianMixture } from "../../src/diffusion/distributions/mixture.js";
import { pointSet } from "../../src/diffusion/distributions/points.js";
import { irisPointSet } from "../../src/diffusion/distributions/iris.js";
import { gamma } from "../../src/numerics/tolerance.js";
import { Rng } from "../../src/random/rng.js";
import { uniformBallRows } from "../../src/data/unitBall.js";
import { buildCase, caseSpec } from "./cases.js";

const LOG_2PI = Math.log(2 * Math.PI);
const time = fc.double({ min: Math.log(1e-3), max: Math.log(50), noNaN: true }).map(Math.exp);
const seed = fc.integer({ min: 0, max: 0xffffffff });

function queries(k: number, d: number, rng: Rng, scale = 1.5): Dense {
  return { rows: k, cols: d, data: rng.fillGaussian(new Float64Array(k * d), scale) };
}

describe("one component or one point reduces to a Gaussian", () => {
  test.prop([fc.integer({ min: 1, max: 6 }), seed, time, fc.double({ min: 0.01, max: 2, noNaN: true })], { numRuns: 200 })(
    "mixture with one component = Gaussian N(μ, s² I)",
    (d, s, t, std) => {
      const rng = new Rng(s);
      const mu = rng.fillGaussian(new Float64Array(d));
      const cov = zeros(d, d);
      for (let i = 0; i < d; i++) cov.data[i * d + i] = std * std;
      const X = queries(4, d, rng);
      const a = gaussianMixture({ weights: [1], means: { rows: 1, cols: d, data: mu }, stds: [std] }).evaluate(t, X);
      const b = gaussian(mu, cov).evaluate(t, X);
      const { alpha, h } = coefficients(t);
      const v = alpha * alpha * std * std + h;
      const g = 8 * gamma(4 * d + 20);
      for (let i = 0; i < X.rows; i++) {
        let q = 0;
        for (let j = 0; j < d; j++) {
          const r = Math.abs(X.data[i * d + j]) + alpha * Math.abs(mu[j]);
          q += r * r;
          // score magnitude |r|/v; posterior mean magnitude |μ| + α s² |r|/v.
          expect(Math.abs(a.score.data[i * d + j] - b.score.data[i * d + j])).toBeLessThanOrEqual(g * (r / v));
          expect(Math.abs(a.posteriorMean.data[i * d + j] - b.posteriorMean.data[i * d + j])).toBeLessThanOrEqual(g * (Math.abs(mu[j]) + (alpha * std * std * r) / v));
        }
        const M = Math.abs(b.logDensity[i]) + 0.5 * d * (LOG_2PI + Math.abs(Math.log(v))) + q / (2 * v);
        expect(Math.abs(a.logDensity[i] - b.logDensity[i])).toBeLessThanOrEqual(g * M);
      }
    },
  );

  test.prop([fc.integer({ min: 1, max: 6 }), seed, time], { numRuns: 200 })(
    "point set with one point z = N(α_t z, h_t I): score (α_t z − x)/h_t, posterior mean z, normal log pdf",
    (d, s, t) => {
      const rng = new Rng(s);
      const z = rng.fillGaussian(new Float64Array(d));
      const X = queries(4, d, rng);
      const ev = pointSet({ rows: 1, cols: d, data: z }).evaluate(t, X);
      const { alpha, h } = coefficients(t);
      const g = 8 * gamma(4 * d + 20);
      for (let i = 0; i < X.rows; i++) {
        let q = 0;
        for (let j = 0; j < d; j++) {
          const r = X.data[i * d + j] - alpha * z[j];
          q += r * r;
          expect(Math.abs(ev.score.data[i * d + j] - -r / h)).toBeLessThanOrEqual(g * ((Math.abs(X.data[i * d + j]) + alpha * Math.abs(z[j])) / h));
          expect(ev.posteriorMean.data[i * d + j]).toBe(z[j]);
        }
        const want = -0.5 * d * Math.log(2 * Math.PI * h) - q / (2 * h);
        expect(Math.abs(ev.logDensity[i] - want)).toBeLessThanOrEqual(g * (Math.abs(want) + 0.5 * d * (LOG_2PI + Math.abs(Math.log(h))) + q / h));
      }
    },
  );
});

/** SPEC D3 evaluated literally: logits α⟨x, z_k⟩/h − α²‖z_k‖²/(2h), max-shifted softmax, weighted sum of z_k. */
function d3PosteriorMean(Z: Dense, t: number, x: Float64Array): Float64Array {
  const { alpha, h } = coefficients(t);
  const d = Z.cols;
  const logits = Array.from({ length: Z.rows }, (_, k) => {
    let dot = 0;
    let nz = 0;
    for (let j = 0; j < d; j++) {
      dot += x[j] * Z.data[k * d + j];
      nz += Z.data[k * d + j] ** 2;
    }
    return (alpha * dot) / h - (alpha * alpha * nz) / (2 * h);
  });
  const max = Math.max(...logits);
  const w = logits.map((l) => Math.exp(l - max));
  const sum = w.reduce((a, b) => a + b, 0);
  const out = new Float64Array(d);
  for (let k = 0; k < Z.rows; k++) for (let j = 0; j < d; j++) out[j] += (w[k] / sum) * Z.data[k * d + j];
  return out;
}

/**
 * D3 tolerance: the two logit forms differ by the k-independent ‖x‖²/(2h_t) and by rounding of at most
 * E = γ_{2d+8}·(‖x‖ + α_t‖z‖_max)²/h_t per logit; softmax weights then move by Σ|Δp_k| ≤ 2(e^{2E} − 1) ≈ 4E,
 * and the weighted sum adds γ_{K+2}. The mean moves by ≤ (4E + γ_{K+2})·max_k |z_kj|; allowed 4×.
 */
function d3Tolerance(Z: Dense, t: number, x: Float64Array): number {
  const { alpha, h } = coefficients(t);
  const d = Z.cols;
  let nx = 0;
  for (const v of x) nx += v * v;
  let zMax = 0;
  let zAbs = 0;
  for (let k = 0; k < Z.rows; k++) {
    let nz = 0;
    for (let j = 0; j < d; j++) {
      nz += Z.data[k * d + j] ** 2;
      zAbs = Math.max(zAbs, Math.abs(Z.data[k * d + j]));
    }
    zMax = Math.max(zMax, Math.sqrt(nz));
  }
  const E = (gamma(2 * d + 8) * (Math.sqrt(nx) + alpha * zMax) ** 2) / h;
  return 4 * (4 * Math.expm1(2 * E) + gamma(Z.rows + 2)) * zAbs;
}

describe("D3: the optimal denoiser for points is SPEC's softmax formula", () => {
  test.prop([fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 12 }), seed, time], { numRuns: 300 })(
    "random point sets in the unit ball, t ∈ [1e-3, 50]",
    (d, K, s, t) => {
      const rng = new Rng(s);
      const Z = uniformBallRows(K, d, rng);
      const X = queries(3, d, rng, 0.7);
      const got = pointSet(Z).posteriorMean(t, X);
      for (let i = 0; i < X.rows; i++) {
        const x = X.data.subarray(i * d, (i + 1) * d);
        const want = d3PosteriorMean(Z, t, x);
        const tol = d3Tolerance(Z, t, x);
        for (let j = 0; j < d; j++) expect(Math.abs(got.data[i * d + j] - want[j])).toBeLessThanOrEqual(tol);
      }
    },
  );

  test.prop([seed, time], { numRuns: 20 })("Iris (150 points, d = 4)", (s, t) => {
    const iris = irisPointSet();
    const rng = new Rng(s);
    const X = queries(3, 4, rng, 0.5);
    const got = iris.posteriorMean(t, X);
    for (let i = 0; i < X.rows; i++) {
      const x = X.data.subarray(i * 4, (i + 1) * 4);
      const want = d3PosteriorMean(iris.points, t, x);
      const tol = d3Tolerance(iris.points, t, x);
      for (let j = 0; j < 4; j++) expect(Math.abs(got.data[i * 4 + j] - want[j])).toBeLessThanOrEqual(tol);
    }
  });
});

describe("Tweedie: score = (α_t E[x_0 | x_t = x] − x)/h_t", () => {
  test.prop([caseSpec({ maxD: 5, tMin: 1e-3, tMax: 50 })], { numRuns: 300 })("all three kinds", (spec) => {
    const c = buildCase(spec);
    const ev = c.dist.evaluate(spec.t, c.X);
    const viaTweedie = tweedieScore(spec.t, c.X, ev.posteriorMean);
    const { alpha, h } = coefficients(spec.t);
    const d = spec.d;
    // Magnitudes: |x|, α|m|, and the pieces m is summed from: |μ_k| and α s_max²·|x − αμ_k|/h_t (mixture),
    // α Σ C⁻¹ r with ‖C⁻¹‖ ≤ 1/h_t and condition κ² = λ_max(C)/h_t (Gaussian).
    let centreMax = 0;
    for (const v of c.centres.data) centreMax = Math.max(centreMax, Math.abs(v));
    let xMax = 0;
    for (const v of c.X.data) xMax = Math.max(xMax, Math.abs(v));
    const rMax = Math.sqrt(d) * (xMax + alpha * centreMax);
    const kappa2 = c.dist.kind === "gaussian" ? (alpha * alpha * c.maxVariance + h) / h : 1;
    const pieces = centreMax + (alpha * c.maxVariance * rMax * kappa2) / h;
    const g = 8 * gamma(4 * d + spec.K + 20);
    for (let k = 0; k < ev.score.data.length; k++) {
      const scale = (Math.abs(c.X.data[k]) + alpha * (Math.abs(ev.posteriorMean.data[k]) + pieces)) / h + rMax / h;
      expect(Math.abs(ev.score.data[k] - viaTweedie.data[k])).toBeLessThanOrEqual(g * scale);
    }
  });
});
