/**
 * The implementation claims I1–I7: each holds for the reference and comes out `violated` for an implementation
 * object broken on purpose the way real implementations break (a wrong index order, a missing max-shift or
 * half-split, a relative 10⁻⁶ error, an eigen-solver returning the wrong end of the spectrum).
 */
import { describe, expect, it } from "vitest";
import { REFERENCE_IMPLEMENTATION } from "../../src/implementation/reference.js";
import type { NetworkImplementation } from "../../src/implementation/types.js";
import { type Dense, matmul } from "../../src/linalg/dense.js";
import { extremeEigenpairs } from "../../src/linalg/spectrum.js";
import { outputScale } from "../../src/network/forward.js";
import type { NetworkOptions, Weights } from "../../src/network/types.js";
import { runRegistered } from "../../properties/engine/registry.js";
import { PROFILES } from "../../properties/engine/profiles.js";
import { IMPLEMENTATION_CLAIMS } from "../../properties/implementation.js";
import { I2 } from "../../properties/implementation/kernel.js";
import { I3 } from "../../properties/implementation/invariance.js";
import { I4 } from "../../properties/implementation/finiteness.js";
import { I5 } from "../../properties/implementation/oracle.js";
import { I6, spectrumClaim } from "../../properties/implementation/spectrum.js";
import { I7 } from "../../properties/implementation/agreement.js";
import type { RegisteredClaim } from "../../properties/engine/registry.js";
import type { ClaimResult } from "../../properties/engine/types.js";
import { SEED, expectWellFormedResults } from "./helpers.js";

const QUICK = PROFILES.quick;

/**
 * F = c·Φ Aᵀ with the hidden features of each row from `features(u)` and each output summed left to right over
 * all m neurons (the scaffolding of the broken forwards below).
 */
function forwardWithFeatures(X: Dense, weights: Weights, opts: NetworkOptions, features: (u: Float64Array) => number[]): Dense {
  const U = matmul(X, weights.W);
  const { rows: n } = X;
  const { rows: d, cols: m } = weights.A;
  const c = outputScale(opts.activation, opts.scale, m);
  const F = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const phi = features(U.data.subarray(i * m, (i + 1) * m));
    for (let l = 0; l < d; l++) {
      let acc = 0;
      for (let r = 0; r < m; r++) acc += weights.A.data[l * m + r] * phi[r];
      F[i * d + l] = c * acc;
    }
  }
  return { rows: n, cols: d, data: F };
}

/** Softmax features without the max-shift: e^{u_r}/Σ_s e^{u_s} (overflows past u ≈ 709.78). */
function unshiftedSoftmaxForward(X: Dense, weights: Weights, opts: NetworkOptions): Dense {
  return forwardWithFeatures(X, weights, opts, (u) => {
    const e = Array.from(u, Math.exp);
    const sum = e.reduce((s, v) => s + v, 0);
    return e.map((v) => v / sum);
  });
}

/** The reference forward with the plain left-to-right m-term sum instead of the half-split (the coupled zero is then only approximate). */
function plainSumForward(X: Dense, weights: Weights, opts: NetworkOptions): Dense {
  return forwardWithFeatures(X, weights, opts, (u) => {
    if (opts.activation !== "softmax") return Array.from(u, (v) => (opts.activation === "exp" ? Math.exp(v) : Math.max(v, 0)));
    const max = Math.max(...u);
    const e = Array.from(u, (v) => Math.exp(v - max));
    const sum = e.reduce((s, v) => s + v, 0);
    return e.map((v) => v / sum);
  });
}

/** `M` with every entry multiplied by (1 + 10⁻⁶). */
function offByMillionth(M: Dense): Dense {
  return { rows: M.rows, cols: M.cols, data: M.data.map((v) => v * (1 + 1e-6)) };
}

const reference = REFERENCE_IMPLEMENTATION;

function violatedVariants(claim: RegisteredClaim, impl: NetworkImplementation): ClaimResult {
  return runRegistered(claim, QUICK, SEED, undefined, undefined, undefined, impl);
}

function expectViolated(result: ClaimResult, variants: readonly string[]): void {
  for (const v of variants) {
    const r = result.results.find((x) => x.variant === v);
    expect(r?.verdict, `${result.id} [${v}]: ${r?.reason}`).toBe("violated");
    expect(r?.replay?.path, `${result.id} [${v}] replay path`).toBeTruthy();
  }
}

describe("implementation claims on the reference", () => {
  it("I1–I7 are registered, declare their methods, and hold at the quick profile", () => {
    expect(IMPLEMENTATION_CLAIMS.map((c) => c.id)).toEqual(["I1", "I2", "I3", "I4", "I5", "I6", "I7"]);
    for (const claim of IMPLEMENTATION_CLAIMS) {
      expect(claim.implementation?.length, claim.id).toBeGreaterThan(0);
      const result = runRegistered(claim, QUICK, SEED);
      expectWellFormedResults(claim, result, QUICK, (r, where) => expect(r.verdict, where).toBe("holds"));
    }
  });
});

describe("implementation claims catch broken implementations", () => {
  it("I2 catches an NTK in input-major (i, ℓ) order", () => {
    const ntk = (X: Dense, weights: Weights, opts: NetworkOptions): Dense => {
      const H = reference.ntk!(X, weights, opts);
      const n = X.rows;
      const d = X.cols;
      const N = n * d;
      const out = new Float64Array(N * N);
      // Row (ℓ, i) of the output-major H goes to index i·d + ℓ.
      const to = (a: number) => (a % n) * d + Math.floor(a / n);
      for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) out[to(a) * N + to(b)] = H.data[a * N + b];
      return { rows: N, cols: N, data: out };
    };
    expectViolated(violatedVariants(I2, { ...reference, name: "input-major H", reference: false, ntk }), ["softmax", "exp", "relu"]);
  });

  it("I2 holds for a non-reference wrapper of the reference (J from one-hot gradients)", () => {
    const result = violatedVariants(I2, { ...reference, name: "wrapped reference", reference: false });
    for (const r of result.results) expect(r.verdict, r.reason).toBe("holds");
  });

  it("I3 catches a softmax without the max-shift (large shifts overflow) and, as the suite's code, a forward without the half-split", () => {
    const unshifted = violatedVariants(I3, { ...reference, name: "no max-shift", reference: false, forward: (X, w, o) => (o.activation === "softmax" ? unshiftedSoftmaxForward(X, w, o) : reference.forward(X, w, o)) });
    expectViolated(unshifted, ["softmax"]);
    const plain = violatedVariants(I3, { ...reference, name: "no half-split", reference: true, forward: plainSumForward });
    expect(plain.results.some((r) => r.verdict === "violated" && r.reason.includes("coupled initialisation")), plain.results.map((r) => r.reason).join("\n")).toBe(true);
    // The same plain sum is fine for an external implementation (tolerance γ_{m+2}·|c|·Σ|a||Φ|).
    const external = violatedVariants(I3, { ...reference, name: "plain sum", reference: false, forward: plainSumForward });
    for (const r of external.results) expect(r.verdict, r.reason).toBe("holds");
  });

  it("I4 catches a softmax without the max-shift", () => {
    const result = violatedVariants(I4, { ...reference, name: "no max-shift", reference: false, forward: (X, w, o) => (o.activation === "softmax" ? unshiftedSoftmaxForward(X, w, o) : reference.forward(X, w, o)) });
    expectViolated(result, ["softmax"]);
    expect(result.results.find((r) => r.variant === "exp")?.verdict).toBe("holds");
  });

  it("I5 and I7 catch a forward off by a relative 10⁻⁶, and a gradient or NTK off by as much", () => {
    const forwardOff: NetworkImplementation = { ...reference, name: "F × (1 + 1e-6)", reference: false, forward: (X, w, o) => offByMillionth(reference.forward(X, w, o)) };
    const gradientOff: NetworkImplementation = { ...reference, name: "∇L × (1 + 1e-6)", reference: false, gradient: (X, Y, w, o) => offByMillionth(reference.gradient!(X, Y, w, o)) };
    const ntkOff: NetworkImplementation = { ...reference, name: "H × (1 + 1e-6)", reference: false, ntk: (X, w, o) => offByMillionth(reference.ntk!(X, w, o)) };
    for (const claim of [I5, I7]) for (const impl of [forwardOff, gradientOff, ntkOff]) expectViolated(violatedVariants(claim, impl), ["softmax", "exp", "relu"]);
  });

  it("I6 catches an eigen-solver that returns λ_max as λ_min for odd sizes (seam: spectrumClaim)", () => {
    const broken = spectrumClaim((H) => {
      const e = extremeEigenpairs(H);
      return H.rows % 2 === 1 ? { ...e, lambdaMin: e.lambdaMax, vectorMin: e.vectorMax, residualMin: e.residualMax } : e;
    });
    const result = runRegistered(broken, QUICK, SEED);
    expect(result.results.some((r) => r.verdict === "violated"), result.results.map((r) => r.reason).join("\n")).toBe(true);
    expect(I6.implementation).toEqual(["ntk"]);
  });

  it("an implementation that throws is reported as the implementation's failure, not the suite's", () => {
    const throwing: NetworkImplementation = {
      ...reference,
      name: "throws",
      reference: false,
      forward: () => {
        throw new (class extends Error {})("never");
      },
    };
    const r = violatedVariants(I7, throwing).results[0];
    expect(r.verdict).toBe("violated");
    expect(r.reason).toMatch(/^exception: never/);
  });
});
