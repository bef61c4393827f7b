/**
 * Score errors on fresh samples (src/diffusion/scoreError.ts):
 * - the exact score has error exactly 0 (it is the model), and Tweedie's map of the exact posterior mean has error
 *   at rounding level (a derived bound: the map cancels x/h against α·E[x_0|x]/h);
 * - with the exact score, DSM = C sample by sample;
 * - for a random network the Monte-Carlo identity E‖s − ∇log p_t‖² = DSM − C holds within its interval, and the
 *   per-sample gap is −2⟨s − c, c − b⟩ (algebra);
 * - the interval helper and the conditional score are what they claim.
 */
import { describe, expect, it } from "vitest";
import { test, fc } from "@fast-check/vitest";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { type Dense, zeros } from "../../src/linalg/dense.js";
import { gaussian } from "../../src/diffusion/distributions/gaussian.js";
import { gaussianMixture } from "../../src/diffusion/distributions/mixture.js";
import { pointSet } from "../../src/diffusion/distributions/points.js";
import type { Distribution } from "../../src/diffusion/distributions/types.js";
import { coefficients } from "../../src/diffusion/ornsteinUhlenbeck.js";
import { conditionalScore, dsmDecomposition, exactScoreFunction, meanEstimate, rowSquaredDistances, scoreError, scoreErrors, scoreTestSet } from "../../src/diffusion/scoreError.js";
import { initialScoreModel, scoreFunctionOf, tweedieRows } from "../../src/diffusion/scoreModel.js";
import { gamma } from "../../src/numerics/tolerance.js";
import { Rng } from "../../src/random/rng.js";

function distribution(kind: "gaussian" | "mixture" | "points", d: number, rng: Rng): Distribution {
  if (kind === "gaussian") {
    const cov = zeros(d, d);
    for (let i = 0; i < d; i++) cov.data[i * d + i] = 0.2 + rng.uniform();
    if (d > 1) cov.data[1] = cov.data[d] = 0.1;
    return gaussian(rng.fillGaussian(new Float64Array(d), 0.5), cov);
  }
  const K = 4;
  const means = zeros(K, d);
  for (let k = 0; k < means.data.length; k++) means.data[k] = 1.4 * rng.uniform() - 0.7;
  if (kind === "points") return pointSet(means);
  return gaussianMixture({ weights: [0.25, 0.25, 0.25, 0.25], means, stds: [0.1, 0.2, 0.3, 0.4] });
}

const caseArb = fc.record({
  kind: fc.constantFrom("gaussian" as const, "mixture" as const, "points" as const),
  d: fc.integer({ min: 1, max: 4 }),
  t0: fc.double({ min: 1e-3, max: 1, noNaN: true }),
  span: fc.double({ min: 0, max: 2, noNaN: true }),
  seed: fc.integer({ min: 0, max: 0xffffffff }),
});

describe("score error of the exact score", () => {
  test.prop([caseArb], { numRuns: 60 })("the distribution's own score has error exactly 0, and DSM = C on every sample", (c) => {
    const rng = new Rng(c.seed);
    const p0 = distribution(c.kind, c.d, rng.fork("p0"));
    const set = scoreTestSet(p0, { count: 200, t0: c.t0, t1: c.t0 + c.span }, rng.fork("samples"));
    const exact = exactScoreFunction(p0);
    expect(scoreError(exact, set).mean).toBe(0);
    const dec = dsmDecomposition(exact, set);
    expect(dec.error.mean).toBe(0);
    expect(dec.dsm.mean).toBe(dec.constant.mean);
    expect(dec.identityGap.mean).toBe(0);
  });

  test.prop([caseArb], { numRuns: 60 })("Tweedie's map of the exact posterior mean has error at rounding level (derived bound)", (c) => {
    const rng = new Rng(c.seed);
    const p0 = distribution(c.kind, c.d, rng.fork("p0"));
    const set = scoreTestSet(p0, { count: 200, t0: c.t0, t1: c.t0 + c.span }, rng.fork("samples"));
    const viaTweedie = (times: Float64Array, X: Dense): Dense => tweedieRows(times, X, set.posteriorMean);
    const errs = scoreErrors(viaTweedie, set);
    // Per coordinate, (αm − x)/h is formed with relative error γ_6 in each term (α, h within one ulp), and the closed
    // form with γ_{4d+K+20}·κ; both terms are ≤ (|αm| + |x|)/h + |score|. Squared distance of d such errors.
    const g = gamma(4 * c.d + 4 + 26);
    for (let i = 0; i < errs.length; i++) {
      const { alpha, h } = coefficients(set.t[i]);
      let bound = 0;
      for (let j = 0; j < c.d; j++) {
        const k = i * c.d + j;
        const kappa = c.kind === "gaussian" ? Math.sqrt(3 / h) : 1;
        const e = 4 * kappa * g * ((Math.abs(alpha * set.posteriorMean.data[k]) + Math.abs(set.xt.data[k])) / h + Math.abs(set.trueScore.data[k]));
        bound += e * e;
      }
      expect(errs[i]).toBeLessThanOrEqual(bound);
    }
  });
});

describe("D1's decomposition for an arbitrary denoiser", () => {
  it("per sample, error − (DSM − C) = −2⟨s − c, c − b⟩, and its mean lies within the Monte-Carlo interval of 0", () => {
    let covered = 0;
    const runs = 40;
    for (let seed = 1; seed <= runs; seed++) {
      const rng = new Rng(seed);
      const kind = (["gaussian", "mixture", "points"] as const)[seed % 3];
      const p0 = distribution(kind, 2, rng.fork("p0"));
      const model = initialScoreModel({ d: 2, inputRadius: 3, time: { kind: "feature", t1: 1 }, network: { activation: "softmax", scale: "sqrt" } }, { m: 16, sigma: 1, init: "iid" }, rng.fork("init"));
      const set = scoreTestSet(p0, { count: 500, t0: 0.1, t1: 1 }, rng.fork("samples"));
      const score = scoreFunctionOf(model);
      const s = score(set.t, set.xt);
      const dec = dsmDecomposition(score, set);
      const err = rowSquaredDistances(s, set.trueScore);
      const dsm = rowSquaredDistances(s, set.conditionalScore);
      const C = rowSquaredDistances(set.conditionalScore, set.trueScore);
      for (let i = 0; i < 500; i++) {
        let cross = 0;
        for (let j = 0; j < 2; j++) {
          const k = i * 2 + j;
          cross += (s.data[k] - set.trueScore.data[k]) * (set.trueScore.data[k] - set.conditionalScore.data[k]);
        }
        const gap = err[i] - (dsm[i] - C[i]);
        expect(Math.abs(gap - -2 * cross)).toBeLessThanOrEqual(1e-10 * (err[i] + dsm[i] + C[i] + 1));
      }
      if (dec.identityGap.lower <= 0 && 0 <= dec.identityGap.upper) covered++;
      expect(dec.error.mean).toBeGreaterThan(0);
    }
    // 95% intervals: the number covering 0 is Binomial(40, 0.95); P(≤ 32) < 0.5%.
    expect(covered).toBeGreaterThanOrEqual(33);
  });
});

describe("helpers", () => {
  it("meanEstimate: mean, standard error and a Student-t interval", () => {
    const e = meanEstimate([1, 2, 3, 4]);
    expect(e.mean).toBe(2.5);
    const sd = Math.sqrt(((1.5 ** 2 + 0.5 ** 2) * 2) / 3);
    expect(e.standardError).toBeCloseTo(sd / 2, 14);
    const half = tQuantile(0.975, 3) * (sd / 2);
    expect(e.lower).toBeCloseTo(2.5 - half, 12);
    expect(e.upper).toBeCloseTo(2.5 + half, 12);
    expect(meanEstimate([5]).upper).toBe(Infinity);
    expect(() => meanEstimate([])).toThrow(RangeError);
  });

  it("conditionalScore is −(x_t − α_t x_0)/h_t = −ξ/√h_t for the forward draw", () => {
    const t = new Float64Array([0.3, 2]);
    const x0 = { rows: 2, cols: 1, data: new Float64Array([0.5, -1]) };
    const xi = [0.7, -1.2];
    const xt = { rows: 2, cols: 1, data: new Float64Array(2) };
    for (let i = 0; i < 2; i++) {
      const { alpha, h } = coefficients(t[i]);
      xt.data[i] = alpha * x0.data[i] + Math.sqrt(h) * xi[i];
    }
    const b = conditionalScore(t, xt, x0);
    for (let i = 0; i < 2; i++) expect(b.data[i]).toBeCloseTo(-xi[i] / Math.sqrt(coefficients(t[i]).h), 12);
  });
});
