/**
 * I4: the implementation under test returns finite F (and ∇_W L and H when it provides them) when the largest
 * pre-activation max |⟨w_r, x_i⟩| is scaled to a target T (W multiplied by T / max|U|):
 * - softmax and ReLU: T up to 700 (SPEC I4) and beyond, up to 10⁶: softmax is defined for every finite logit and
 *   only a max-shifted evaluation stays finite past exp's overflow point ≈ 709.78 (unshifted, e^{700}·m is still
 *   finite, so the SPEC range alone cannot tell); ReLU is linear, its values stay ≤ 10⁶·m·n-ish;
 * - exp: only where the exact value is finite: F for T ≤ 700 (|F| ≤ e^{700}·Σ|a|/√m ≈ 10³⁰⁴·√m), ∇L and H for
 *   T ≤ 300 (they grow like e^{2T}: at T = 700 the exact gradient is ≈ 10⁶⁰⁸, which no double holds).
 *
 * @module
 */
import fc from "fast-check";
import type { NetworkImplementation } from "../../src/implementation/types.js";
import { allFinite, clone, matmul, maxAbs } from "../../src/linalg/dense.js";
import type { Activation, Weights } from "../../src/network/types.js";
import { type SmallProblem, buildSmallProblem, smallProblem } from "../arbitraries/smallProblem.js";
import { type RegisteredClaim, defineClaim } from "../engine/registry.js";
import { fmt } from "../engine/run.js";
import type { CaseOutcome } from "../engine/types.js";
import { ACTIVATION_VARIANTS } from "../engine/variants.js";

/** Largest target for exp's gradient and NTK (exact values finite, see the module comment). */
export const EXP_DERIVATIVE_TARGET = 300;

/** A problem and the target T of max |⟨w_r, x_i⟩|. */
export interface FinitenessCase {
  readonly problem: SmallProblem;
  readonly target: number;
}

/** I4 on one case. */
export function checkFinite(c: FinitenessCase, impl: NetworkImplementation): CaseOutcome {
  const p = c.problem;
  const maxU = maxAbs(matmul(p.X, p.weights.W));
  if (!(maxU > 0)) return { status: "unmet", reason: "all pre-activations are 0 (nothing to scale)" };
  const W = clone(p.weights.W);
  for (let k = 0; k < W.data.length; k++) W.data[k] *= c.target / maxU;
  const weights: Weights = { W, A: p.weights.A };
  const derivatives = p.options.activation !== "exp" || c.target <= EXP_DERIVATIVE_TARGET;
  const results: [string, () => Float64Array][] = [["F", () => impl.forward(p.X, weights, p.options).data]];
  if (derivatives && impl.gradient) {
    const gradientOf = impl.gradient.bind(impl);
    results.push(["∇L", () => gradientOf(p.X, p.Y, weights, p.options).data]);
  }
  if (derivatives && impl.ntk) {
    const ntkOf = impl.ntk.bind(impl);
    results.push(["H", () => ntkOf(p.X, weights, p.options).data]);
  }
  for (const [label, compute] of results) {
    const value = compute();
    if (!allFinite(value)) {
      const k = value.findIndex((v) => !Number.isFinite(v));
      return { status: "violated", slack: null, detail: `${label} entry ${k} is ${value[k]} with max |⟨w_r, x_i⟩| = ${fmt(c.target)}` };
    }
  }
  return { status: "holds", slack: null, measured: { target: c.target } };
}

/** I4 (finite results for large pre-activations) of `ctx.impl`. */
export const I4: RegisteredClaim = defineClaim<FinitenessCase, never>({
  id: "I4",
  family: "implementation",
  title: "Finite outputs for pre-activations up to ±700 (softmax and ReLU beyond)",
  statement:
    "F, ∇L and H are finite when max |⟨w_r, x_i⟩| reaches 700 (softmax and ReLU: up to 10⁶, past exp's overflow; exp: F up to 700, ∇L and H up to 300, where their exact values are finite).",
  provenance: "derived",
  paperLocation: "SPEC §4 I4 (implementation correctness)",
  implementation: ["forward"],
  variants: () => ACTIVATION_VARIANTS,
  generator: (variant, profile) => {
    const activation = (variant.activation ?? "softmax") as Activation;
    const upTo700 = fc.double({ min: 1, max: 700, noNaN: true });
    return fc.record({
      problem: smallProblem({ maxN: profile.maxN, maxD: profile.maxD, maxM: 8, activations: [activation] }),
      target: activation === "exp" ? fc.oneof(upTo700, fc.double({ min: 1, max: EXP_DERIVATIVE_TARGET, noNaN: true })) : fc.oneof(upTo700, fc.double({ min: 700, max: 1e6, noNaN: true })),
    });
  },
  examples: (variant, profile) => {
    // The SPEC's boundary itself, and (softmax, ReLU) a point past exp's overflow.
    const base = { n: Math.min(3, profile.maxN), d: Math.min(2, profile.maxD), m: 4, sigma: 1, init: "iid" as const, scale: "sqrt" as const, seed: 7 };
    const activation = (variant.activation ?? "softmax") as Activation;
    const targets = activation === "exp" ? [700, EXP_DERIVATIVE_TARGET] : [700, 1000];
    return targets.map((target) => ({ problem: buildSmallProblem({ ...base, activation }), target }));
  },
  cases: (profile) => profile.cases,
  classify: (c) => [c.target > 700 ? "T > 700" : c.target > EXP_DERIVATIVE_TARGET ? "300 < T ≤ 700" : "T ≤ 300"],
  rule: { kind: "each", check: (c, _variant, ctx) => checkFinite(c, ctx.impl) },
});

