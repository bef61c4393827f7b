/**
 * SPEC I1: the analytic gradient equals central finite differences.
 *
 * Tolerance (derived, per directional derivative along a random unit direction V):
 * - truncation: the central difference D(h) = (L(W+hV) − L(W−hV))/(2h) has error c₂h² + O(h⁴), so
 *   |D(h/2) − L'| ≈ |D(h) − D(h/2)|/3 (Richardson); we allow 4× that estimate;
 * - rounding: each L evaluation carries relative error ≤ γ_k with k = m + d + n·d + 8 (softmax sum of m terms,
 *   output dot product of length m, squared error of n·d terms, a few exp/div/mul), so the difference
 *   quotient carries ≤ 2·γ_k·L̄/(2·(h/2)) with L̄ = max |L| over the stencil; we allow 4× that too.
 * A wrong gradient (e.g. without the −⟨a_ℓ, S⟩ centring) errs by O(|L'|), orders above this bound.
 */
import { describe, expect } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { type Dense, clone } from "../../src/linalg/dense.js";
import { gradient } from "../../src/network/gradient.js";
import { forward } from "../../src/network/forward.js";
import { loss } from "../../src/network/loss.js";
import type { Weights } from "../../src/network/types.js";
import { gamma } from "../../src/numerics/tolerance.js";
import { Rng } from "../../src/random/rng.js";
import { smallProblem, type SmallProblem } from "../../properties/arbitraries/smallProblem.js";

function lossAt(p: SmallProblem, W: Dense): number {
  const weights: Weights = { W, A: p.weights.A };
  return loss(forward(p.X, weights, p.options).F, p.Y);
}

function shifted(W: Dense, V: Float64Array, t: number): Dense {
  const out = clone(W);
  for (let k = 0; k < out.data.length; k++) out.data[k] += t * V[k];
  return out;
}

/** Smallest |⟨w_r + tV_r, x_i⟩| over the stencil t ∈ [−h, h]: ReLU's kink must not lie inside it. */
function reluKinkInside(p: SmallProblem, V: Float64Array, h: number): boolean {
  const { n, d, m } = p;
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < m; r++) {
      let u = 0;
      let du = 0;
      for (let k = 0; k < d; k++) {
        u += p.weights.W.data[k * m + r] * p.X.data[i * d + k];
        du += V[k * m + r] * p.X.data[i * d + k];
      }
      if (Math.abs(u) <= 2 * h * Math.abs(du) + 1e-12) return true;
    }
  }
  return false;
}

describe("I1 gradient = central finite differences", () => {
  test.prop([smallProblem({ maxN: 4, maxD: 3, maxM: 8 }), fc.integer({ min: 0, max: 0xffffffff })], { numRuns: 200 })(
    "directional derivative ⟨∇L, V⟩ matches the Richardson-checked central difference",
    (p, dirSeed) => {
      const V = new Rng(dirSeed).fillGaussian(new Float64Array(p.d * p.m));
      let norm = 0;
      for (const v of V) norm += v * v;
      for (let k = 0; k < V.length; k++) V[k] /= Math.sqrt(norm);
      const h = 1e-4;
      if (p.options.activation === "relu") fc.pre(!reluKinkInside(p, V, h));
      const g = gradient(p.X, p.Y, p.weights, p.options);
      let analytic = 0;
      for (let k = 0; k < V.length; k++) analytic += g.data[k] * V[k];
      const Lp1 = lossAt(p, shifted(p.weights.W, V, h));
      const Lm1 = lossAt(p, shifted(p.weights.W, V, -h));
      const Lp2 = lossAt(p, shifted(p.weights.W, V, h / 2));
      const Lm2 = lossAt(p, shifted(p.weights.W, V, -h / 2));
      const D1 = (Lp1 - Lm1) / (2 * h);
      const D2 = (Lp2 - Lm2) / h;
      const Lbar = Math.max(Math.abs(Lp1), Math.abs(Lm1), Math.abs(Lp2), Math.abs(Lm2));
      const k = p.m + p.d + p.n * p.d + 8;
      const rounding = (2 * gamma(k) * Lbar) / h;
      const truncation = Math.abs(D1 - D2) / 3;
      const tol = 4 * (truncation + rounding);
      expect(Math.abs(D2 - analytic)).toBeLessThanOrEqual(tol);
    },
  );
});
