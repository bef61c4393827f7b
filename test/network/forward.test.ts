/**
 * SPEC I3 (invariances) and I4 (finite outputs for pre-activations up to ±700) for the forward pass, the
 * gradient and the NTK.
 *
 * Tolerances: a length-m dot product of the features with a_ℓ has error ≤ γ_m·Σ_r|a_{ℓ,r}||Φ_{i,r}| (Higham
 * Lemma 3.1); each softmax probability carries relative error ≤ γ_{m+4} plus |δu|-amplification from the
 * rounding of the pre-activation, |δu| ≤ γ_d·Σ_k|w_{k,r}||x_{i,k}|; reordering or shifting changes these
 * rounding errors, so both sides may differ by twice the bound.
 */
import { describe, expect, it } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { type Dense, allFinite, clone, gram } from "../../src/linalg/dense.js";
import { forward } from "../../src/network/forward.js";
import { gradient } from "../../src/network/gradient.js";
import { empiricalNtk, ntkFeatures } from "../../src/ntk/empirical.js";
import type { Weights } from "../../src/network/types.js";
import { gamma } from "../../src/numerics/tolerance.js";
import { buildSmallProblem, smallProblem, type SmallProblem } from "../../properties/arbitraries/smallProblem.js";
import { permutedWeights } from "../../properties/implementation/invariance.js";

/** Rounding error bound of the pre-activations: δu_{i,r} ≤ γ_d·Σ_k |w_{k,r}||x_{i,k}|. */
function preactivationError(p: SmallProblem, W: Dense): Float64Array {
  const { n, d, m } = p;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += Math.abs(W.data[k * m + r] * p.X.data[i * d + k]);
      out[i * m + r] = gamma(d) * s;
    }
  }
  return out;
}

/**
 * Absolute error bound of each hidden feature Φ_{i,r}:
 * softmax S_{i,r}·ρ_i with ρ_i = 2·max_r δu_{i,r} + 2γ_{m+4} (a perturbation δ of the logits changes S
 * relatively by ≤ 2 max|δ|; exp, sum and division add γ_{m+4}); exp Φ·(δu + 2u); ReLU δu.
 */
function featureError(p: SmallProblem, weights: Weights, Phi: Dense): Float64Array {
  const du = preactivationError(p, weights.W);
  const { n, m } = p;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    let maxDu = 0;
    for (let r = 0; r < m; r++) maxDu = Math.max(maxDu, du[i * m + r]);
    for (let r = 0; r < m; r++) {
      const k = i * m + r;
      if (p.options.activation === "softmax") out[k] = Phi.data[k] * (2 * maxDu + 2 * gamma(m + 4));
      else if (p.options.activation === "exp") out[k] = Phi.data[k] * (du[k] + gamma(2));
      else out[k] = du[k];
    }
  }
  return out;
}

/** Entrywise bound on the rounding error of F: |ΔF_{i,ℓ}| ≤ c·(Σ_r |a_{ℓ,r}|·errΦ_{i,r} + γ_m·Σ_r |a_{ℓ,r}||Φ_{i,r}|). */
function outputBound(p: SmallProblem, weights: Weights): Float64Array {
  const pass = forward(p.X, weights, p.options);
  const err = featureError(p, weights, pass.Phi);
  const { n, d, m } = p;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < d; l++) {
      let e = 0;
      let mag = 0;
      for (let r = 0; r < m; r++) {
        const a = Math.abs(weights.A.data[l * m + r]);
        e += a * err[i * m + r];
        mag += a * Math.abs(pass.Phi.data[i * m + r]);
      }
      out[i * d + l] = Math.abs(pass.c) * (e + gamma(m) * mag);
    }
  }
  return out;
}

/**
 * Magnitude M_{ab} = |P_{ij}|·Σ_r μ_{a,r} μ_{b,r} of the terms summed in H_{ab}, with μ an upper bound on |G|:
 * 2√m·S_{i,r} for softmax (|a_{ℓ,r} − ⟨a_ℓ, S_i⟩| ≤ 2), |G| itself for exp and ReLU.
 */
function ntkMagnitude(p: SmallProblem, weights: Weights): Float64Array {
  const pass = forward(p.X, weights, p.options);
  const G = ntkFeatures(p.X, weights, p.options.activation);
  const { n, d, m } = p;
  const N = n * d;
  const mu = new Float64Array(N * m);
  for (let a = 0; a < N; a++) {
    for (let r = 0; r < m; r++) {
      mu[a * m + r] = p.options.activation === "softmax" ? 2 * Math.sqrt(m) * pass.Phi.data[(a % n) * m + r] : Math.abs(G.data[a * m + r]);
    }
  }
  const P = gram(p.X);
  const out = new Float64Array(N * N);
  for (let a = 0; a < N; a++) {
    for (let b = 0; b < N; b++) {
      let s = 0;
      for (let r = 0; r < m; r++) s += mu[a * m + r] * mu[b * m + r];
      out[a * N + b] = Math.abs(P.data[(a % n) * n + (b % n)]) * s;
    }
  }
  return out;
}

function expectClose(actual: Dense, expected: Dense, bound: Float64Array, factor: number): void {
  for (let k = 0; k < actual.data.length; k++) {
    expect(Math.abs(actual.data[k] - expected.data[k])).toBeLessThanOrEqual(factor * bound[k] + Number.MIN_VALUE);
  }
}

describe("I3 invariances", () => {
  test.prop([smallProblem({ activations: ["softmax"] }), fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 })])(
    "softmax: F(W + v·1ᵀ) = F(W) and H(W + v·1ᵀ) = H(W) for every v",
    (p, vRaw) => {
      const W = clone(p.weights.W);
      for (let k = 0; k < p.d; k++) for (let r = 0; r < p.m; r++) W.data[k * p.m + r] += vRaw[k];
      const moved: Weights = { W, A: p.weights.A };
      const F0 = forward(p.X, p.weights, p.options).F;
      const F1 = forward(p.X, moved, p.options).F;
      // Both sides carry the rounding bound of their own weights.
      const b0 = outputBound(p, p.weights);
      const b1 = outputBound(p, moved);
      const bound = b0.map((v, k) => v + b1[k]);
      expectClose(F1, F0, bound, 2);
      const H0 = empiricalNtk(p.X, p.weights, "softmax");
      const H1 = empiricalNtk(p.X, moved, "softmax");
      // |ΔG_{a,r}| ≤ μ_{a,r}·(2ρ + γ_m) (S relatively by ρ, the centre ⟨a_ℓ,S_i⟩ by ρ + γ_m), so
      // |ΔH_ab| ≤ M_ab·(4ρ + 3γ_m + γ_d) per side (products, the m-term sum, P's rounding); ×2 for both sides.
      const du = Math.max(...preactivationError(p, W), ...preactivationError(p, p.weights.W));
      const rho = 2 * du + 2 * gamma(p.m + 4);
      const M = ntkMagnitude(p, p.weights);
      for (let k = 0; k < H0.data.length; k++) {
        expect(Math.abs(H1.data[k] - H0.data[k])).toBeLessThanOrEqual(2 * M[k] * (4 * rho + 3 * gamma(p.m) + gamma(p.d)) + Number.MIN_VALUE);
      }
    },
  );

  test.prop([smallProblem(), fc.integer({ min: 0, max: 0xffffffff })])("neuron permutation leaves F and H unchanged", (p, permSeed) => {
    const permuted: Weights = permutedWeights(p, permSeed);
    const bound = outputBound(p, p.weights);
    expectClose(forward(p.X, permuted, p.options).F, forward(p.X, p.weights, p.options).F, bound, 2);
    const H0 = empiricalNtk(p.X, p.weights, p.options.activation);
    const H1 = empiricalNtk(p.X, permuted, p.options.activation);
    // Only summation orders differ: the centre ⟨a_ℓ, S_i⟩ by ≤ 2γ_m (so |ΔG| ≤ μ·γ_m for softmax) and the
    // m-term sum of H by ≤ 2γ_m·M: |ΔH| ≤ 6γ_m·M.
    const M = ntkMagnitude(p, p.weights);
    for (let k = 0; k < H0.data.length; k++) expect(Math.abs(H1.data[k] - H0.data[k])).toBeLessThanOrEqual(6 * gamma(p.m) * M[k] + Number.MIN_VALUE);
  });

  test.prop([smallProblem()])("coupled initialisation gives F(W(0)) = 0 exactly (bit for bit)", (p) => {
    fc.pre(p.init === "coupled");
    const F = forward(p.X, p.weights, p.options).F;
    for (let k = 0; k < F.data.length; k++) expect(Math.abs(F.data[k])).toBe(0);
  });
});

describe("I4 finite outputs for pre-activations up to ±700", () => {
  // SPEC asks for ±700; the max-shift makes softmax finite for every finite pre-activation, so we also go
  // beyond exp's overflow point (≈709.78), where a softmax without the max-shift returns NaN.
  const target = fc.oneof(fc.double({ min: 1, max: 700, noNaN: true }), fc.double({ min: 700, max: 1e6, noNaN: true }));
  test.prop([smallProblem({ activations: ["softmax", "relu"] }), target])(
    "softmax and ReLU: F, gradient and H are finite when max |⟨w_r, x_i⟩| reaches 700 and beyond",
    (p, target) => {
      const pass = forward(p.X, p.weights, p.options);
      const maxU = Math.max(...Array.from(pass.U.data).map(Math.abs));
      fc.pre(maxU > 0);
      const W = clone(p.weights.W);
      for (let k = 0; k < W.data.length; k++) W.data[k] *= target / maxU;
      const weights: Weights = { W, A: p.weights.A };
      expect(allFinite(forward(p.X, weights, p.options).F)).toBe(true);
      expect(allFinite(gradient(p.X, p.Y, weights, p.options))).toBe(true);
      expect(allFinite(empiricalNtk(p.X, weights, p.options.activation))).toBe(true);
    },
  );

  it("softmax at exactly ±700 on a hand-made case gives the exact probabilities", () => {
    const p = buildSmallProblem({ n: 1, d: 1, m: 2, sigma: 1, init: "iid", activation: "softmax", scale: "sqrt", seed: 3 });
    const X: Dense = { rows: 1, cols: 1, data: Float64Array.of(1) };
    const W: Dense = { rows: 1, cols: 2, data: Float64Array.of(700, -700) };
    const A: Dense = { rows: 1, cols: 2, data: Float64Array.of(1, -1) };
    const F = forward(X, { W, A }, p.options).F;
    // S = (1/(1+e^{-1400}), e^{-1400}/(…)) = (1, 0) in float64; F = √2·(1 − 0).
    expect(F.data[0]).toBe(Math.SQRT2);
  });
});
