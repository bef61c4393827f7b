/**
 * SPEC I2: the structured H = (G Gᵀ) ∘ (1 ⊗ X Xᵀ) equals J Jᵀ/κ from the explicit Jacobian, is exactly
 * symmetric, and is positive semi-definite.
 *
 * Tolerance: both sides are sums of m·d products (J Jᵀ) or m products times P (structured); by Higham's
 * Lemma 3.1 each is within γ_{md+4}·Σ|terms| of the exact value, and Σ|terms| = (|J||J|ᵀ)_{ab}/κ for both
 * (|J_{a,(r,k)}| = |c D_{a,r}||x_{i,k}|). The entries of J and G themselves carry a few roundings more
 * (D: subtraction and product; the factor c or √m), covered by the +4. So |H − JJᵀ/κ| ≤ 2γ_{md+4}(|J||J|ᵀ)/κ.
 */
import { describe, expect } from "vitest";
import { test } from "@fast-check/vitest";
import { type Dense, gram } from "../../src/linalg/dense.js";
import { jacobian } from "../../src/network/jacobian.js";
import { forward, kernelFactor } from "../../src/network/forward.js";
import { empiricalNtk, empiricalNtkFromPass } from "../../src/ntk/empirical.js";
import { gamma } from "../../src/numerics/tolerance.js";
import { smallProblem } from "../../properties/arbitraries/smallProblem.js";

function absolute(a: Dense): Dense {
  return { rows: a.rows, cols: a.cols, data: a.data.map(Math.abs) };
}

describe("I2 empirical NTK", () => {
  test.prop([smallProblem({ maxN: 4, maxD: 3, maxM: 10 })], { numRuns: 150 })("H equals J Jᵀ/κ entrywise within 2γ_{md+4}·(|J||J|ᵀ)/κ", (p) => {
    const J = jacobian(p.X, p.weights, p.options);
    const kappa = kernelFactor(p.options, p.m);
    const JJ = gram(J);
    const mag = gram(absolute(J));
    const H = empiricalNtk(p.X, p.weights, p.options.activation);
    const tol = 2 * gamma(p.m * p.d + 4);
    expect(H.rows).toBe(p.n * p.d);
    for (let k = 0; k < H.data.length; k++) {
      expect(Math.abs(H.data[k] - JJ.data[k] / kappa)).toBeLessThanOrEqual((tol * mag.data[k]) / kappa + Number.MIN_VALUE);
    }
  });

  test.prop([smallProblem({ maxN: 5, maxD: 3, maxM: 12 })])("H is exactly symmetric", (p) => {
    const H = empiricalNtk(p.X, p.weights, p.options.activation);
    const N = H.rows;
    for (let a = 0; a < N; a++) for (let b = 0; b < a; b++) expect(H.data[a * N + b]).toBe(H.data[b * N + a]);
  });
});

describe("empiricalNtkFromPass (the training loop's reuse of its forward pass)", () => {
  test.prop([smallProblem({ maxN: 6, maxD: 3, maxM: 12 })], { numRuns: 60 })(
    "equals empiricalNtk bit for bit whatever scaling the pass was computed with",
    (p) => {
      const pass = forward(p.X, p.weights, p.options);
      const reused = empiricalNtkFromPass(p.X, p.weights, p.options.activation, pass);
      expect(Array.from(reused.data)).toEqual(Array.from(empiricalNtk(p.X, p.weights, p.options.activation).data));
    },
  );
});
