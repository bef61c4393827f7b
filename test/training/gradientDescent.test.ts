import { describe, expect, it } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { clone, vecOutputMajor } from "../../src/linalg/dense.js";
import { forward } from "../../src/network/forward.js";
import { gradient } from "../../src/network/gradient.js";
import { squaredError } from "../../src/network/loss.js";
import { effectiveStepSize, gradientDescent, neuronMovement } from "../../src/training/gradientDescent.js";
import { extremeEigenpairs } from "../../src/linalg/spectrum.js";
import { empiricalNtk } from "../../src/ntk/empirical.js";
import { buildSmallProblem, smallProblem } from "../../properties/arbitraries/smallProblem.js";
import { ASCENT_IMPLEMENTATION, WRAPPED_REFERENCE, mutant } from "../properties/brokenImplementations.js";

describe("gradientDescent", () => {
  test.prop([smallProblem({ maxM: 6 }), fc.integer({ min: 0, max: 5 })])("replays W(τ+1) = W(τ) − η∇L(W(τ)) bit for bit, with every record", (p, steps) => {
    const eta = 0.01;
    const res = gradientDescent(p.X, p.Y, p.weights, p.options, { eta, steps, recordResiduals: true, trackMovement: true });
    // A run that diverges (exp networks can overflow) stops at the first non-finite error: replay the steps it took.
    const done = res.squaredErrors.length - 1;
    expect(done === steps || res.diverged).toBe(true);
    const W = clone(p.weights.W);
    let maxMove = 0;
    for (let t = 0; t <= done; t++) {
      const F = forward(p.X, { W, A: p.weights.A }, p.options).F;
      expect(Object.is(res.squaredErrors[t], squaredError(F, p.Y))).toBe(true);
      expect(Array.from(res.residuals[t])).toEqual(Array.from(vecOutputMajor({ rows: F.rows, cols: F.cols, data: F.data.map((v, k) => v - p.Y.data[k]) })));
      if (!Number.isFinite(res.squaredErrors[t])) break;
      maxMove = Math.max(maxMove, ...neuronMovement(W, p.weights.W));
      if (t === done) break;
      const g = gradient(p.X, p.Y, { W, A: p.weights.A }, p.options);
      for (let k = 0; k < W.data.length; k++) W.data[k] -= eta * g.data[k];
    }
    expect(Array.from(res.weights.W.data)).toEqual(Array.from(W.data));
    expect(res.maxMovement).toBe(maxMove);
    // The initial weights are not modified.
    expect(res.weights.W).not.toBe(p.weights.W);
  });

  it("a small step decreases the loss at every step (descent lemma) and records λ_min / λ_max when asked", () => {
    const p = buildSmallProblem({ n: 4, d: 2, m: 256, sigma: 1, init: "iid", activation: "softmax", scale: "sqrt", seed: 42 });
    const H = empiricalNtk(p.X, p.weights, "softmax");
    const lmax = extremeEigenpairs(H).lambdaMax;
    // η_eff = 0.5/λ_max(H): the linearised map I − η_eff·H contracts every direction; for this wide network
    // the non-linear loss must then decrease monotonically (a sign error would make it grow).
    const eta = 0.5 / lmax / effectiveStepSize(1, p.options, p.m);
    const res = gradientDescent(p.X, p.Y, p.weights, p.options, { eta, steps: 30, lambdaMinEvery: 10, recordLambdaMax: true });
    for (let t = 1; t < res.squaredErrors.length; t++) expect(res.squaredErrors[t]).toBeLessThan(res.squaredErrors[t - 1]);
    expect(res.lambdaMin.map((r) => r.step)).toEqual([0, 10, 20, 30]);
    expect(res.lambdaMax).toHaveLength(31);
    expect(res.lambdaMax[0]).toBe(lmax);
    expect(res.diverged).toBe(false);
  });

  it("a far too large step diverges and is reported as data, not an exception", () => {
    const p = buildSmallProblem({ n: 3, d: 2, m: 8, sigma: 1, init: "iid", activation: "exp", scale: "sqrt", seed: 1 });
    const res = gradientDescent(p.X, p.Y, p.weights, p.options, { eta: 1e6, steps: 200 });
    expect(res.diverged).toBe(true);
    expect(Number.isFinite(res.squaredErrors[res.squaredErrors.length - 1])).toBe(false);
  });

  it("stops early below a target error", () => {
    const p = buildSmallProblem({ n: 2, d: 1, m: 64, sigma: 1, init: "coupled", activation: "softmax", scale: "m", seed: 8 });
    const res = gradientDescent(p.X, p.Y, p.weights, p.options, { eta: 0.05 / p.m, steps: 10_000, stopBelow: 1e-6 });
    const sq = res.squaredErrors;
    expect(sq[sq.length - 1]).toBeLessThanOrEqual(1e-6);
    expect(sq[sq.length - 2]).toBeGreaterThan(1e-6);
  });

  test.prop([smallProblem({ maxM: 6 }), fc.integer({ min: 0, max: 5 })])(
    "the generic path (reference methods called one by one) gives the reference fast path's records bit for bit",
    (p, steps) => {
      const o = { eta: 0.01, steps, recordResiduals: true, recordLambdaMax: true, lambdaMinEvery: 2, trackMovement: true };
      const fast = gradientDescent(p.X, p.Y, p.weights, p.options, o);
      const generic = gradientDescent(p.X, p.Y, p.weights, p.options, { ...o, impl: WRAPPED_REFERENCE });
      expect(generic.squaredErrors.map(String)).toEqual(fast.squaredErrors.map(String));
      expect(generic.residuals.map((r) => Array.from(r))).toEqual(fast.residuals.map((r) => Array.from(r)));
      expect(generic.lambdaMax.map(String)).toEqual(fast.lambdaMax.map(String));
      expect(generic.lambdaMin).toEqual(fast.lambdaMin);
      expect(Array.from(generic.weights.W.data)).toEqual(Array.from(fast.weights.W.data));
      expect(generic.maxMovement).toBe(fast.maxMovement);
      expect(generic.diverged).toBe(fast.diverged);
    },
  );

  it("the implementation is injectable: the sign-flipped gradient increases the loss where the gradient decreases it", () => {
    const p = buildSmallProblem({ n: 3, d: 2, m: 128, sigma: 1, init: "iid", activation: "softmax", scale: "sqrt", seed: 5 });
    const good = gradientDescent(p.X, p.Y, p.weights, p.options, { eta: 1e-3, steps: 1 });
    const bad = gradientDescent(p.X, p.Y, p.weights, p.options, { eta: 1e-3, steps: 1, impl: ASCENT_IMPLEMENTATION });
    expect(good.squaredErrors[1]).toBeLessThan(good.squaredErrors[0]);
    expect(bad.squaredErrors[1]).toBeGreaterThan(bad.squaredErrors[0]);
  });

  it("a missing method or a result of the wrong shape is an error naming the implementation and the method", () => {
    const p = buildSmallProblem({ n: 3, d: 2, m: 16, sigma: 1, init: "iid", activation: "softmax", scale: "sqrt", seed: 5 });
    const { gradient: _g, ...forwardOnly } = WRAPPED_REFERENCE;
    expect(() => gradientDescent(p.X, p.Y, p.weights, p.options, { eta: 1e-3, steps: 1, impl: forwardOnly })).toThrow("implementation wrapped does not provide gradient");
    const { ntk: _h, ...noNtk } = WRAPPED_REFERENCE;
    expect(() => gradientDescent(p.X, p.Y, p.weights, p.options, { eta: 1e-3, steps: 1, impl: noNtk })).not.toThrow();
    expect(() => gradientDescent(p.X, p.Y, p.weights, p.options, { eta: 1e-3, steps: 1, recordLambdaMax: true, impl: noNtk })).toThrow("does not provide ntk");
    const transposed = mutant("transposed", {
      gradient: (X, Y, weights, opts) => {
        const g = gradient(X, Y, weights, opts);
        return { rows: g.cols, cols: g.rows, data: g.data };
      },
    });
    expect(() => gradientDescent(p.X, p.Y, p.weights, p.options, { eta: 1e-3, steps: 1, impl: transposed })).toThrow("implementation transposed: gradient returned a 16×2 matrix (32 entries), expected 2×16");
  });

  it("η_eff = m·η for softmax with scale m, η otherwise; bad η and step counts are refused", () => {
    expect(effectiveStepSize(0.1, { activation: "softmax", scale: "m" }, 64)).toBeCloseTo(6.4, 14);
    expect(effectiveStepSize(0.1, { activation: "softmax", scale: "sqrt" }, 64)).toBe(0.1);
    expect(effectiveStepSize(0.1, { activation: "exp", scale: "m" }, 64)).toBe(0.1);
    const p = buildSmallProblem({ n: 2, d: 1, m: 4, sigma: 1, init: "iid", activation: "softmax", scale: "m", seed: 1 });
    expect(() => gradientDescent(p.X, p.Y, p.weights, p.options, { eta: 0, steps: 1 })).toThrow(/eta/);
    expect(() => gradientDescent(p.X, p.Y, p.weights, p.options, { eta: 1, steps: 1.5 })).toThrow(/steps/);
  });
});
