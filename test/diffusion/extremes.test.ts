/**
 * Numerical range and limits: outputs are finite for t from 10⁻⁶ to 10³ (the stated accuracy range is
 * [10⁻³, 50]); t → ∞ gives p_t → N(0, I); t → 0 gives a hard assignment for point sets; t ≤ 0 is refused;
 * constructors refuse bad parameters; the Iris point set is a usable p_0 (its preprocessing: test/data/iris.test.ts).
 *
 * Large-t tolerance (derived): at t = 50, α_t = e^{−50} ≈ 1.9·10⁻²² and h_t = 1 in double precision, so the
 * exact score differs from −x by ≤ α_t·(|μ| + α_t·Σ-terms) < 10⁻²⁰ and log p_t from the standard normal's by
 * ≤ α_t·‖x‖·max‖μ_k‖ + α_t²·(…) < 10⁻²⁰; what remains is rounding, ≤ 8γ_{4d+K+20}·(1 + ‖x‖² + d·log 2π).
 * The posterior mean tends to E[x_0] (the prior mean) with error ≤ α_t·(…)/h_t < 10⁻²⁰ plus rounding.
 */
import { describe, expect, it } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { allFinite, fromRows } from "../../src/linalg/dense.js";
import { gaussian, factorCovariance } from "../../src/diffusion/distributions/gaussian.js";
import { gaussianMixture, weightSumTolerance, weightsProblem } from "../../src/diffusion/distributions/mixture.js";
import { pointSet } from "../../src/diffusion/distributions/points.js";
import { irisPointSet } from "../../src/diffusion/distributions/iris.js";
import { gamma } from "../../src/numerics/tolerance.js";
import { Rng } from "../../src/random/rng.js";
import { buildCase, caseSpec } from "./cases.js";

const LOG_2PI = Math.log(2 * Math.PI);

describe("finite outputs over the whole supported range", () => {
  test.prop([caseSpec({ maxD: 6, tMin: 1e-3, tMax: 5 }), fc.constantFrom(1e-6, 1e-3, 50, 1e3)], { numRuns: 200 })(
    "t ∈ {1e-6, 1e-3, 50, 1e3}: score, posterior mean and log density are finite",
    (spec, t) => {
      const c = buildCase({ ...spec, t });
      const ev = c.dist.evaluate(t, c.X);
      expect(allFinite(ev.score)).toBe(true);
      expect(allFinite(ev.posteriorMean)).toBe(true);
      expect(allFinite(ev.logDensity)).toBe(true);
    },
  );

  test.prop([caseSpec({ maxD: 6, tMin: 1e-3, tMax: 5 })], { numRuns: 150 })("t = 50: p_t = N(0, I) to double precision, posterior mean = E[x_0]", (spec) => {
    const c = buildCase(spec);
    const t = 50;
    const ev = c.dist.evaluate(t, c.X);
    const d = spec.d;
    const g = 8 * gamma(4 * d + spec.K + 20);
    // Prior mean E[x_0], from the distribution's own parameters.
    const prior = new Float64Array(d);
    const dist = c.dist;
    if (dist.kind === "gaussian") prior.set((dist as ReturnType<typeof gaussian>).mean);
    else if (dist.kind === "mixture") {
      const m = dist as ReturnType<typeof gaussianMixture>;
      for (let k = 0; k < m.weights.length; k++) for (let j = 0; j < d; j++) prior[j] += m.weights[k] * m.means.data[k * d + j];
    } else {
      const p = dist as ReturnType<typeof pointSet>;
      for (let k = 0; k < p.points.rows; k++) for (let j = 0; j < d; j++) prior[j] += p.points.data[k * d + j] / p.points.rows;
    }
    let centreMax = 0;
    for (const v of c.centres.data) centreMax = Math.max(centreMax, Math.abs(v));
    for (let i = 0; i < c.X.rows; i++) {
      let nx = 0;
      for (let j = 0; j < d; j++) {
        const x = c.X.data[i * d + j];
        nx += x * x;
        expect(Math.abs(ev.score.data[i * d + j] + x)).toBeLessThanOrEqual(1e-20 + g * Math.abs(x));
        expect(Math.abs(ev.posteriorMean.data[i * d + j] - prior[j])).toBeLessThanOrEqual(1e-20 + g * (centreMax + c.maxVariance));
      }
      const standard = -0.5 * nx - 0.5 * d * LOG_2PI;
      expect(Math.abs(ev.logDensity[i] - standard)).toBeLessThanOrEqual(1e-20 + g * (1 + nx + d * LOG_2PI));
    }
  });

  it("t → 0: a point set's posterior mean is the nearest point (hard assignment), with no NaN", () => {
    const Z = fromRows([
      [0.5, 0.5],
      [-0.5, 0.2],
      [0.1, -0.7],
    ]);
    const pts = pointSet(Z);
    const X = fromRows([
      [0.4, 0.45],
      [-0.3, 0.1],
      [0.2, -0.5],
      [10, 10],
      [-40, 3],
    ]);
    const nearest = [0, 1, 2, 0, 1];
    for (const t of [1e-6, 1e-9, 1e-12]) {
      const ev = pts.evaluate(t, X);
      expect(allFinite(ev.score) && allFinite(ev.posteriorMean) && allFinite(ev.logDensity)).toBe(true);
      for (let i = 0; i < X.rows; i++) {
        for (let j = 0; j < 2; j++) expect(ev.posteriorMean.data[i * 2 + j]).toBe(Z.data[nearest[i] * 2 + j]);
      }
    }
    // Equidistant from α_t z_1 and α_t z_2 (x = α_t·(0, 0.35)) the assignment splits evenly; rounding of x
    // (≤ 1e-17) moves the logit gap by ≤ 1e-17/h_t = 5e-12, so the weights are ½ to ≈ 1e-11.
    const t = 1e-6;
    const mid = pts.posteriorMean(t, fromRows([[0, Math.exp(-t) * 0.35]]));
    expect(Math.abs(mid.data[0])).toBeLessThanOrEqual(1e-10);
    expect(Math.abs(mid.data[1] - 0.35)).toBeLessThanOrEqual(1e-10);
  });

  it("refuses t ≤ 0, NaN and ±Infinity in every method of every kind", () => {
    const X = fromRows([[0.1, 0.2]]);
    const dists = [
      gaussian([0, 0], fromRows([[1, 0], [0, 1]])),
      gaussianMixture({ weights: [1], means: fromRows([[0, 0]]), stds: [1] }),
      pointSet(fromRows([[0, 0]])),
    ];
    for (const dist of dists) {
      for (const t of [0, -1, Number.NaN, Infinity]) {
        expect(() => dist.score(t, X)).toThrow(RangeError);
        expect(() => dist.posteriorMean(t, X)).toThrow(RangeError);
        expect(() => dist.logDensity(t, X)).toThrow(RangeError);
        expect(() => dist.evaluate(t, X)).toThrow(RangeError);
      }
      expect(() => dist.score(1, fromRows([[0.1, 0.2, 0.3]]))).toThrow(/columns, expected dimension 2/);
    }
  });
});

describe("constructors refuse bad parameters", () => {
  it("Gaussian covariance: asymmetric, indefinite, singular, wrong shape", () => {
    expect(factorCovariance(fromRows([[1, 0.5], [0.4, 1]]))).toMatchObject({ ok: false, problem: expect.stringMatching(/not symmetric/) });
    expect(factorCovariance(fromRows([[1, 2], [2, 1]]))).toMatchObject({ ok: false, problem: expect.stringMatching(/not positive definite \(Cholesky pivot 1 = -3 ≤ 0/) });
    expect(factorCovariance(fromRows([[1, 1], [1, 1]]))).toMatchObject({ ok: false, problem: expect.stringMatching(/not positive definite/) });
    expect(factorCovariance(fromRows([[-1]]))).toMatchObject({ ok: false, problem: expect.stringMatching(/pivot 0 = -1/) });
    // Rounding-level asymmetry (1 ulp) is accepted and symmetrised.
    const check = factorCovariance(fromRows([[1, 0.1], [0.1 + 2 ** -55, 1]]));
    expect(check.ok).toBe(true);
    expect(() => gaussian([0, 0], fromRows([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))).toThrow(/expected 2×2/);
    expect(() => gaussian([0, Number.NaN], fromRows([[1, 0], [0, 1]]))).toThrow(/mean\[1\]/);
  });

  it("mixture weights: negative, not normalised (with the derived tolerance), non-finite; stds ≤ 0", () => {
    expect(weightsProblem([0.5, -0.1, 0.6])).toMatchObject({ index: 1 });
    expect(weightsProblem([0.5, 0.4])?.problem).toMatch(/Σw = 0.9/);
    expect(weightsProblem([])?.problem).toMatch(/at least one/);
    // Ten significant digits per weight pass; a deviation of 1e-8 does not.
    expect(weightsProblem([0.3333333333, 0.3333333333, 0.3333333333])).toBeUndefined();
    expect(weightsProblem([0.33333333, 0.33333333, 0.33333334 + 1e-8])).toBeDefined();
    expect(weightSumTolerance(3)).toBeGreaterThan(1e-9);
    expect(weightSumTolerance(3)).toBeLessThan(1.1e-9);
    const means = fromRows([[0], [1]]);
    expect(() => gaussianMixture({ weights: [0.5, 0.5], means, stds: [1, 0] })).toThrow(/stds\[1\]/);
    expect(() => gaussianMixture({ weights: [0.5, 0.5], means, stds: [1] })).toThrow(/1 stds for 2 means/);
    // Weights within tolerance are renormalised to sum to 1 exactly (to rounding).
    const m = gaussianMixture({ weights: [0.3333333333, 0.6666666667], means, stds: [1, 1] });
    expect(Math.abs(m.weights[0] + m.weights[1] - 1)).toBeLessThanOrEqual(2 ** -52);
  });

  it("points: empty or non-finite", () => {
    expect(() => pointSet({ rows: 0, cols: 2, data: new Float64Array(0) })).toThrow(/K, d ≥ 1/);
    expect(() => pointSet(fromRows([[0, Number.POSITIVE_INFINITY]]))).toThrow(/finite/);
  });
});

describe("Iris as p_0", () => {
  it("a point set of 150 points in d = 4 with finite scores and log densities", () => {
    const iris = irisPointSet();
    expect(iris.kind).toBe("points");
    expect(iris.dimension).toBe(4);
    expect([iris.points.rows, iris.points.cols]).toEqual([150, 4]);
    const ev = iris.evaluate(1e-3, iris.sample(10, new Rng(3)));
    expect(allFinite(ev.score) && allFinite(ev.logDensity)).toBe(true);
  });
});
