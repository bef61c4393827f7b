/**
 * The forward process and the training-pair sampler (SPEC §4):
 * - α_t, h_t: h_t accurate as t → 0 (against its Taylor series), α_t² + h_t = 1, t ≤ 0 refused;
 * - Monte Carlo: forward samples x_t = α_t x_0 + √h_t ξ of every kind have E[x_t] = α_t E[x_0] and
 *   Cov[x_t] = α_t² Cov[x_0] + h_t I. Each of the d means and d(d+1)/2 covariances must lie within 5 standard
 *   errors (the estimate's own standard error, from the N draws: s/√N for means, the standard deviation of
 *   the centred products over √N for covariances). For an unbiased estimate the chance of one 5-SE excursion
 *   is ≈ 5.7·10⁻⁷ per entry (normal approximation, N = 40 000), so ≈ 2·10⁻⁴ over the ≈ 350 entries checked;
 *   seeds are fixed, so the outcome is reproducible. A wrong α_t (e^{−t/2}) or h_t (√h_t) moves the Gaussian
 *   case's moments at t = 0.5 by ≥ 20 SE (mean: 0.085 vs SE 0.0043; variance: 0.16 vs SE 0.0057);
 * - the pair sampler: t_i ∈ [t_0, t_1] with uniform moments, standardised noise (x_t − α_t x_0)/√h_t ~ N(0, 1),
 *   reproducible by seed, independent batches from consecutive calls.
 */
import { describe, expect, it } from "vitest";
import { type Dense } from "../../src/linalg/dense.js";
import { checkTime, coefficients, forwardSample, noiseVariance, sampleTrainingPairs, signalScale } from "../../src/diffusion/ornsteinUhlenbeck.js";
import { gaussian } from "../../src/diffusion/distributions/gaussian.js";
import { gaussianMixture } from "../../src/diffusion/distributions/mixture.js";
import { pointSet } from "../../src/diffusion/distributions/points.js";
import { irisPointSet } from "../../src/diffusion/distributions/iris.js";
import type { Distribution } from "../../src/diffusion/distributions/types.js";
import { UNIT_ROUNDOFF } from "../../src/numerics/tolerance.js";
import { Rng } from "../../src/random/rng.js";

describe("coefficients", () => {
  it("h_t = −expm1(−2t) keeps full relative accuracy at small t (Taylor series 2t − 2t² + 4t³/3 − 2t⁴/3)", () => {
    for (const t of [1e-300, 1e-12, 1e-9, 1e-6, 1e-4]) {
      const taylor = 2 * t - 2 * t * t + (4 / 3) * t ** 3 - (2 / 3) * t ** 4;
      // Next Taylor term is (4/15)t⁵ ≤ 3·10⁻²¹·t for t ≤ 10⁻⁴; expm1 is within 1 ulp.
      expect(Math.abs(noiseVariance(t) - taylor)).toBeLessThanOrEqual(4 * UNIT_ROUNDOFF * taylor);
    }
  });

  it("α_t² + h_t = 1 to rounding, α_t = e^{−t}, and the extremes stay in range", () => {
    for (const t of [1e-6, 1e-3, 0.1, 0.5, 1, 5, 50, 1e3]) {
      const { alpha, h } = coefficients(t);
      expect(alpha).toBe(Math.exp(-t));
      expect(signalScale(t)).toBe(alpha);
      expect(Math.abs(alpha * alpha + h - 1)).toBeLessThanOrEqual(4 * UNIT_ROUNDOFF);
      expect(h).toBeGreaterThan(0);
      expect(h).toBeLessThanOrEqual(1);
    }
  });

  it("refuses t ≤ 0, NaN and ±Infinity", () => {
    for (const t of [0, -0, -1e-300, -1, Number.NaN, Infinity, -Infinity]) {
      expect(() => checkTime(t)).toThrow(RangeError);
      expect(() => coefficients(t)).toThrow(RangeError);
      expect(() => forwardSample({ rows: 1, cols: 1, data: Float64Array.of(0) }, t, new Rng(1))).toThrow(RangeError);
    }
    expect(() => checkTime(0)).toThrow(/must be > 0/);
  });
});

/** Exact mean and covariance of p_0 for each family. */
function moments0(dist: Distribution): { mean: Float64Array; cov: Float64Array } {
  const d = dist.dimension;
  const mean = new Float64Array(d);
  const cov = new Float64Array(d * d);
  const addComponent = (w: number, mu: Float64Array, s2: number): void => {
    for (let i = 0; i < d; i++) {
      mean[i] += w * mu[i];
      for (let j = 0; j < d; j++) cov[i * d + j] += w * (mu[i] * mu[j] + (i === j ? s2 : 0));
    }
  };
  if (dist.kind === "gaussian") {
    const g = dist as ReturnType<typeof gaussian>;
    mean.set(g.mean);
    cov.set(g.covariance.data);
    return { mean, cov };
  }
  if (dist.kind === "mixture") {
    const m = dist as ReturnType<typeof gaussianMixture>;
    for (let k = 0; k < m.weights.length; k++) addComponent(m.weights[k], m.means.data.subarray(k * d, (k + 1) * d), m.stds[k] ** 2);
  } else {
    const p = dist as ReturnType<typeof pointSet>;
    const K = p.points.rows;
    for (let k = 0; k < K; k++) addComponent(1 / K, p.points.data.subarray(k * d, (k + 1) * d), 0);
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i * d + j] -= mean[i] * mean[j];
  return { mean, cov };
}

/** Checks sample mean and covariance of the rows of S against (mean, cov) within 5 standard errors each. */
function expectMoments(S: Dense, mean: Float64Array, cov: Float64Array): void {
  const { rows: N, cols: d } = S;
  const m = new Float64Array(d);
  for (let n = 0; n < N; n++) for (let i = 0; i < d; i++) m[i] += S.data[n * d + i] / N;
  for (let i = 0; i < d; i++) {
    let ss = 0;
    for (let n = 0; n < N; n++) ss += (S.data[n * d + i] - m[i]) ** 2;
    const se = Math.sqrt(ss / (N - 1) / N);
    expect(Math.abs(m[i] - mean[i]), `mean[${i}]`).toBeLessThanOrEqual(5 * se);
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      // Products centred at the true mean: their average estimates Cov_ij without the (N−1)/N bias.
      let sum = 0;
      let sum2 = 0;
      for (let n = 0; n < N; n++) {
        const p = (S.data[n * d + i] - mean[i]) * (S.data[n * d + j] - mean[j]);
        sum += p;
        sum2 += p * p;
      }
      const est = sum / N;
      const se = Math.sqrt((sum2 / N - est * est) / (N - 1));
      expect(Math.abs(est - cov[i * d + j]), `cov[${i}][${j}]`).toBeLessThanOrEqual(5 * se);
    }
  }
}

const gaussianCase = gaussian([0.5, -0.3, 0.1], {
  rows: 3,
  cols: 3,
  data: Float64Array.of(0.3, 0.1, -0.05, 0.1, 0.2, 0.02, -0.05, 0.02, 0.1),
});
const mixtureCase = gaussianMixture({
  weights: [0.5, 0.3, 0.2, 0],
  means: { rows: 4, cols: 2, data: Float64Array.of(-0.7, 0.2, 0.5, 0.5, 0.1, -0.8, 9, 9) },
  stds: [0.1, 0.3, 0.05, 1],
});
const pointsCase = pointSet({ rows: 4, cols: 2, data: Float64Array.of(0.9, 0, -0.3, 0.6, -0.3, -0.6, -0.3, -0.6) });

describe("Monte Carlo moments of forward samples (5 standard errors per entry)", () => {
  const N = 40_000;
  for (const [name, dist] of [
    ["gaussian", gaussianCase],
    ["mixture (one zero weight, never drawn)", mixtureCase],
    ["points (one duplicate)", pointsCase],
    ["iris", irisPointSet()],
  ] as const) {
    for (const t of [0.01, 0.5, 3]) {
      it(`${name}, t = ${t}: E[x_t] = α_t E[x_0], Cov[x_t] = α_t² Cov[x_0] + h_t I`, () => {
        const rng = new Rng(20240503);
        const X0 = dist.sample(N, rng);
        const Xt = forwardSample(X0, t, rng);
        const { alpha, h } = coefficients(t);
        const { mean, cov } = moments0(dist);
        const d = dist.dimension;
        expectMoments(X0, mean, cov);
        expectMoments(
          Xt,
          mean.map((v) => alpha * v),
          cov.map((v, k) => alpha * alpha * v + (k % (d + 1) === 0 ? h : 0)),
        );
      });
    }
  }

  it("the zero-weight mixture component is never drawn", () => {
    const X0 = mixtureCase.sample(20_000, new Rng(5));
    for (let n = 0; n < X0.rows; n++) expect(Math.abs(X0.data[2 * n])).toBeLessThan(5);
  });
});

describe("training pairs", () => {
  const options = { count: 30_000, t0: 0.2, t1: 1.5 };

  it("t ~ Unif[t0, t1], and (x_t − α_t x_0)/√h_t is standard normal (5 SE), row by row", () => {
    const pairs = sampleTrainingPairs(gaussianCase, options, new Rng(77));
    const { count: N, t0, t1 } = options;
    let tm = 0;
    for (const t of pairs.t) {
      expect(t).toBeGreaterThanOrEqual(t0);
      expect(t).toBeLessThanOrEqual(t1);
      tm += t / N;
    }
    // Uniform: mean (t0 + t1)/2, standard deviation (t1 − t0)/√12.
    expect(Math.abs(tm - (t0 + t1) / 2)).toBeLessThanOrEqual((5 * (t1 - t0)) / Math.sqrt(12 * N));
    const d = gaussianCase.dimension;
    const xi = new Float64Array(N * d);
    for (let n = 0; n < N; n++) {
      const { alpha, h } = coefficients(pairs.t[n]);
      for (let j = 0; j < d; j++) xi[n * d + j] = (pairs.xt.data[n * d + j] - alpha * pairs.x0.data[n * d + j]) / Math.sqrt(h);
    }
    const identity = Float64Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? 1 : 0));
    expectMoments({ rows: N, cols: d, data: xi }, new Float64Array(d), identity);
  });

  it("is reproducible by seed; another seed or a second call gives a different batch", () => {
    const small = { count: 50, t0: 1e-3, t1: 5 };
    for (const dist of [gaussianCase, mixtureCase, pointsCase]) {
      const a = sampleTrainingPairs(dist, small, new Rng(9));
      const b = sampleTrainingPairs(dist, small, new Rng(9));
      expect(a.x0.data).toEqual(b.x0.data);
      expect(a.t).toEqual(b.t);
      expect(a.xt.data).toEqual(b.xt.data);
      const c = sampleTrainingPairs(dist, small, new Rng(10));
      expect(c.xt.data).not.toEqual(a.xt.data);
      const rng = new Rng(9);
      sampleTrainingPairs(dist, small, rng);
      expect(sampleTrainingPairs(dist, small, rng).xt.data).not.toEqual(a.xt.data);
    }
  });

  it("t0 = t1 gives a fixed time; bad counts and intervals are refused", () => {
    const pairs = sampleTrainingPairs(pointsCase, { count: 5, t0: 0.7, t1: 0.7 }, new Rng(1));
    for (const t of pairs.t) expect(t).toBe(0.7);
    expect(() => sampleTrainingPairs(pointsCase, { count: 0, t0: 0.1, t1: 1 }, new Rng(1))).toThrow(/count/);
    expect(() => sampleTrainingPairs(pointsCase, { count: 2.5, t0: 0.1, t1: 1 }, new Rng(1))).toThrow(/count/);
    expect(() => sampleTrainingPairs(pointsCase, { count: 5, t0: 0, t1: 1 }, new Rng(1))).toThrow(/t0 must be > 0/);
    expect(() => sampleTrainingPairs(pointsCase, { count: 5, t0: 1, t1: 0.5 }, new Rng(1))).toThrow(/t0 ≤ t1/);
    expect(() => sampleTrainingPairs(pointsCase, { count: 5, t0: 0.1, t1: Infinity }, new Rng(1))).toThrow(/t1 must be a finite/);
  });
});
