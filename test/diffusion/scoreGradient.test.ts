/**
 * SPEC D2 (derived): each distribution's closed-form score equals the gradient of its exact log density, at
 * every t ∈ [10⁻³, 5], checked by central finite differences along a random unit direction per query row.
 *
 * The comparison and its tolerance are D2's own (`scoreDirectionalDerivatives` in properties/diffusion.ts).
 * Tolerance (derived, as in test/network/gradient.test.ts): with D(δ) = (L(x+δv) − L(x−δv))/(2δ),
 * - truncation: D(δ) = L' + c₂δ² + O(δ⁴), so |D(δ/2) − L'| ≈ |D(δ) − D(δ/2)|/3 (Richardson); allowed 4×;
 * - rounding: each log p_t evaluation errs by at most e = 4κγ_k·M, where M bounds the magnitude of every term
 *   of the log density (|log p| + (d/2)(log 2π + |log h_t| + |log v_max|) + max_k ‖x − α_t μ_k‖²/(2h_t) + 5,
 *   using v_k ≥ h_t and C_t ⪰ h_t I), k = 4d + K + 20 operations in a chain, and κ = 1 for the log-sum-exp
 *   kinds or κ = √(λ_max(C_t)/h_t) ≥ cond(L) for a Gaussian (triangular solves are backward stable, so the
 *   relative error of ‖L⁻¹r‖² is ≤ 2κγ_d); the difference quotient at step δ/2 carries ≤ 2e/δ; allowed 4×.
 * The step δ = 10⁻³·√h_t is small against the length scale √h_t of p_t's variation (every component has
 * variance ≥ h_t), so the Richardson estimate is in its asymptotic regime. A wrong score (e.g. the score of
 * p_0, or a missing α_t) errs by O(|score|), orders of magnitude above the bound.
 */
import { describe, expect } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { unitSphereRows } from "../../src/data/unitBall.js";
import { type Dense, clone } from "../../src/linalg/dense.js";
import { coefficients } from "../../src/diffusion/ornsteinUhlenbeck.js";
import { irisPointSet } from "../../src/diffusion/distributions/iris.js";
import type { Distribution } from "../../src/diffusion/distributions/types.js";
import { Rng } from "../../src/random/rng.js";
import { scoreDirectionalDerivatives } from "../../properties/diffusion.js";
import { buildCase, caseSpec } from "./cases.js";

/** Unit directions, one per row of X. */
function directions(X: Dense, seed: number): Dense {
  return unitSphereRows(X.rows, X.cols, new Rng(seed));
}

/** Checks the score of `dist` at time t against Richardson-checked central differences of its log density. */
function expectScoreIsGradient(dist: Distribution, t: number, X: Dense, V: Dense, centres: Dense, maxVariance: number, kappa: number): void {
  scoreDirectionalDerivatives(dist, t, X, V, centres, maxVariance, kappa).forEach(({ analytic, difference, tolerance }, i) => {
    expect(Number.isFinite(analytic)).toBe(true);
    expect(Math.abs(difference - analytic), `row ${i}: analytic ${analytic}, FD ${difference}, tol ${tolerance}`).toBeLessThanOrEqual(tolerance);
  });
}

describe("D2 score = ∇ log p_t (central finite differences, Richardson-checked)", () => {
  test.prop([caseSpec({ maxD: 5, tMin: 1e-3, tMax: 5 }), fc.integer({ min: 0, max: 0xffffffff })], { numRuns: 300 })(
    "all three kinds, t log-uniform in [1e-3, 5]",
    (spec, dirSeed) => {
      const c = buildCase(spec);
      const { alpha, h } = coefficients(spec.t);
      const kappa = c.dist.kind === "gaussian" ? Math.sqrt((alpha * alpha * c.maxVariance + h) / h) : 1;
      expectScoreIsGradient(c.dist, spec.t, c.X, directions(c.X, dirSeed), c.centres, c.maxVariance, kappa);
    },
  );

  test.prop([fc.constantFrom(1e-3, 0.01, 0.1, 1, 5), fc.integer({ min: 0, max: 0xffffffff })], { numRuns: 20 })(
    "Iris as p_0 (150 points in d = 4, one duplicate)",
    (t, seed) => {
      const iris = irisPointSet();
      const rng = new Rng(seed);
      const X0 = iris.sample(4, rng);
      const { alpha, h } = coefficients(t);
      const X = clone(X0);
      for (let k = 0; k < X.data.length; k++) X.data[k] = alpha * X0.data[k] + Math.sqrt(h) * rng.gaussian();
      expectScoreIsGradient(iris, t, X, directions(X, (seed ^ 0x5bd1e995) >>> 0), iris.points, 0, 1);
    },
  );
});
