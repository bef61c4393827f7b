import { describe, expect, it } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { clone } from "../../src/linalg/dense.js";
import { forward } from "../../src/network/forward.js";
import { gradient } from "../../src/network/gradient.js";
import { squaredError } from "../../src/network/loss.js";
import { effectiveStepSize, gradientDescent } from "../../src/training/gradientDescent.js";
import { extremeEigenpairs } from "../../src/linalg/spectrum.js";
import { empiricalNtk } from "../../src/ntk/empirical.js";
import { buildSmallProblem, smallProblem } from "../../properties/arbitraries/smallProblem.js";

describe("gradientDescent", () => {
  test.prop([smallProblem({ maxM: 6 }), fc.integer({ min: 0, max: 5 })])("replays W(τ+1) = W(τ) − η∇L(W(τ)) bit for bit", (p, steps) => {
    const eta = 0.01;
    const res = gradientDescent(p.X, p.Y, p.weights, p.options, { eta, steps });
    // A run that diverges (exp networks can overflow) stops at the first non-finite loss: replay the steps
    // it actually took.
    const done = res.trajectory.length - 1;
    expect(done === steps || res.diverged).toBe(true);
    const W = clone(p.weights.W);
    for (let t = 0; t < done; t++) {
      const g = gradient(p.X, p.Y, { W, A: p.weights.A }, p.options);
      for (let k = 0; k < W.data.length; k++) W.data[k] -= eta * g.data[k];
    }
    expect(Array.from(res.weights.W.data)).toEqual(Array.from(W.data));
    expect(res.trajectory[0].maxMovement).toBe(0);
    expect(Object.is(res.trajectory[done].squaredError, squaredError(forward(p.X, { W, A: p.weights.A }, p.options).F, p.Y))).toBe(true);
    // The initial weights are not modified.
    expect(res.weights.W).not.toBe(p.weights.W);
  });

  it("a small step decreases the loss at every step (descent lemma) and records λ_min when asked", () => {
    const p = buildSmallProblem({ n: 4, d: 2, m: 256, sigma: 1, init: "iid", activation: "softmax", scale: "sqrt", seed: 42 });
    const H = empiricalNtk(p.X, p.weights, "softmax");
    const lmax = extremeEigenpairs(H).lambdaMax;
    // η_eff = 0.5/λ_max(H): the linearised map I − η_eff·H contracts every direction; for this wide network
    // the non-linear loss must then decrease monotonically (a sign error would make it grow).
    const eta = 0.5 / lmax / effectiveStepSize(1, p.options, p.m);
    const res = gradientDescent(p.X, p.Y, p.weights, p.options, { eta, steps: 30, lambdaEvery: 10 });
    for (let t = 1; t < res.trajectory.length; t++) expect(res.trajectory[t].loss).toBeLessThan(res.trajectory[t - 1].loss);
    expect(res.trajectory.filter((r) => r.lambdaMinH !== undefined).map((r) => r.step)).toEqual([0, 10, 20, 30]);
    expect(res.diverged).toBe(false);
  });

  it("a far too large step diverges and is reported as data, not an exception", () => {
    const p = buildSmallProblem({ n: 3, d: 2, m: 8, sigma: 1, init: "iid", activation: "exp", scale: "sqrt", seed: 1 });
    const res = gradientDescent(p.X, p.Y, p.weights, p.options, { eta: 1e6, steps: 200 });
    expect(res.diverged).toBe(true);
    expect(Number.isFinite(res.trajectory[res.trajectory.length - 1].loss)).toBe(false);
  });

  it("stops early below a target error", () => {
    const p = buildSmallProblem({ n: 2, d: 1, m: 64, sigma: 1, init: "coupled", activation: "softmax", scale: "m", seed: 8 });
    const res = gradientDescent(p.X, p.Y, p.weights, p.options, { eta: 0.05 / p.m, steps: 10_000, stopBelow: 1e-6 });
    const last = res.trajectory[res.trajectory.length - 1];
    expect(last.squaredError).toBeLessThanOrEqual(1e-6);
    expect(res.trajectory[res.trajectory.length - 2].squaredError).toBeGreaterThan(1e-6);
  });

  it("η_eff = m·η for softmax with scale m, η otherwise", () => {
    expect(effectiveStepSize(0.1, { activation: "softmax", scale: "m" }, 64)).toBeCloseTo(6.4, 14);
    expect(effectiveStepSize(0.1, { activation: "softmax", scale: "sqrt" }, 64)).toBe(0.1);
    expect(effectiveStepSize(0.1, { activation: "exp", scale: "m" }, 64)).toBe(0.1);
  });
});
