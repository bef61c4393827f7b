/**
 * The infinite-width kernel H* = I_d ⊗ K (SPEC §3): block structure, hand-computed values, and the softmax
 * kernel's series K = Σ_k σ^{2k}/k! · P^{∘(k+1)} (an independent route to the same numbers).
 */
import { describe, expect, it } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { type Dense, fromRows, gram } from "../../src/linalg/dense.js";
import { limitKernel, limitNtk } from "../../src/ntk/limit.js";
import { gamma } from "../../src/numerics/tolerance.js";
import { Rng } from "../../src/random/rng.js";
import { unitBallRows } from "../../src/data/unitBall.js";

const data = fc.record({
  n: fc.integer({ min: 1, max: 6 }),
  d: fc.integer({ min: 1, max: 4 }),
  sigma: fc.double({ min: 0.25, max: 2, noNaN: true }),
  seed: fc.integer({ min: 0, max: 0xffffffff }),
});

function rowsOf(n: number, d: number, seed: number): Dense {
  return unitBallRows(n, d, 0.05, new Rng(seed));
}

describe("limit kernel H*", () => {
  test.prop([data, fc.constantFrom("softmax" as const, "exp" as const, "relu" as const)])("H* = I_d ⊗ K: diagonal blocks K, zero elsewhere", (c, activation) => {
    const X = rowsOf(c.n, c.d, c.seed);
    const K = limitKernel(X, activation, c.sigma);
    const H = limitNtk(X, activation, c.sigma);
    const N = c.n * c.d;
    for (let a = 0; a < N; a++) {
      for (let b = 0; b < N; b++) {
        const same = Math.floor(a / c.n) === Math.floor(b / c.n);
        expect(H.data[a * N + b]).toBe(same ? K.data[(a % c.n) * c.n + (b % c.n)] : 0);
      }
    }
  });

  test.prop([data])("softmax K equals its power series Σ_k σ^{2k}/k! P^{∘(k+1)}", (c) => {
    const X = rowsOf(c.n, c.d, c.seed);
    const K = limitKernel(X, "softmax", c.sigma);
    const P = gram(X);
    // |σ²p| ≤ 4, so 60 terms leave a remainder below 4⁶⁰/60! < 1e-45. Each series term is computed with
    // relative error ≤ γ_{2k+4}; summed over terms the absolute error is ≤ γ_{130}·Σ_k|term_k| ≤ γ_{130}·|p|e^{σ²|p|}.
    // K's own exp and product add γ_4·|K|; P's rounding γ_d enters both sides through p·(1 + σ²|p|)·e^{σ²|p|}.
    for (let e = 0; e < K.data.length; e++) {
      const p = P.data[e];
      let term = p;
      let sum = 0;
      for (let k = 0; k < 60; k++) {
        sum += term;
        term *= (c.sigma * c.sigma * p) / (k + 1);
      }
      const scale = Math.abs(p) * Math.exp(c.sigma * c.sigma * Math.abs(p));
      expect(Math.abs(K.data[e] - sum)).toBeLessThanOrEqual((gamma(130) + gamma(4)) * scale + Number.MIN_VALUE);
    }
  });

  it("matches hand-computed values", () => {
    // x₁ = (1, 0), x₂ = (0.6, 0.8): p₁₁ = 1, p₁₂ = 0.6 (angle arccos 0.6), p₂₂ = 1.
    const X = fromRows([
      [1, 0],
      [0.6, 0.8],
    ]);
    const sigma = 0.5;
    const soft = limitKernel(X, "softmax", sigma);
    expect(soft.data[0]).toBeCloseTo(Math.exp(0.25), 15);
    expect(soft.data[1]).toBeCloseTo(0.6 * Math.exp(0.25 * 0.6), 15);
    const ex = limitKernel(X, "exp", sigma);
    expect(ex.data[1]).toBeCloseTo(0.6 * Math.exp((0.25 * (1 + 1 + 1.2)) / 2), 15);
    expect(ex.data[0]).toBeCloseTo(Math.exp((0.25 * 4) / 2), 15);
    const relu = limitKernel(X, "relu", sigma);
    expect(relu.data[0]).toBeCloseTo(0.5, 15);
    expect(relu.data[1]).toBeCloseTo((0.6 * (Math.PI - Math.acos(0.6))) / (2 * Math.PI), 15);
  });

  it("ReLU kernel of a zero input is zero, not NaN", () => {
    const X = fromRows([
      [0, 0],
      [1, 0],
    ]);
    const K = limitKernel(X, "relu", 1);
    expect(Array.from(K.data)).toEqual([0, 0, 0, 0.5]);
  });
});
