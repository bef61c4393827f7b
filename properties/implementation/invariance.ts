/**
 * I3: invariances of the implementation under test's forward pass (SPEC §2):
 * - neuron permutation: permuting the columns of W and A together leaves F unchanged (every activation);
 * - softmax shift: F(W + v·1ᵀ) = F(W) for every v ∈ ℝ^d (every logit of x_i moves by ⟨v, x_i⟩), with shifts up to
 *   |v_k| = 10⁴, so logits pass exp's overflow point ≈ 709.78 (only a max-shifted softmax stays finite there;
 *   a known case with v = 10⁴·1 comes first);
 * - coupled initialisation (second half of the neurons repeats the first with a negated): F(W(0)) = 0, bit for bit
 *   for the reference (its half-split sum, `halfSplitOutputs`), and within γ_{m+2}·|c|·Σ_r|a_{ℓ,r}||Φ_{i,r}| for
 *   any other implementation (an m-term sum whose exact value is 0, and the multiplier c; the duplicated
 *   neurons' features are computed from identical inputs, so they agree bit for bit in a deterministic code).
 *
 * Tolerances for the two invariances: both sides are within their own forward error bound of the same exact
 * value (`forwardBound` with the magnitudes of each side's weights), so |F₁ − F₀| ≤ b₀ + b₁ (`compareWithin`
 * adds u·|F₀| + 2⁻¹⁰⁷⁴ on top).
 *
 * @module
 */
import fc from "fast-check";
import type { NetworkImplementation } from "../../src/implementation/types.js";
import { clone } from "../../src/linalg/dense.js";
import { outputScale } from "../../src/network/forward.js";
import type { Activation, Weights } from "../../src/network/types.js";
import { gamma } from "../../src/numerics/tolerance.js";
import { compareWithin } from "../../src/oracle/forwardErrorBounds.js";
import { Rng } from "../../src/random/rng.js";
import { type SmallProblem, buildSmallProblem, smallProblem } from "../arbitraries/smallProblem.js";
import { type RegisteredClaim, defineClaim } from "../engine/registry.js";
import { fmt } from "../engine/run.js";
import type { CaseOutcome } from "../engine/types.js";
import { ACTIVATION_VARIANTS } from "../engine/variants.js";
import { type LabelledComparison, boundOutcome, float64Magnitudes, outputErrorBound } from "./bounds.js";

/** A problem, a permutation seed and (softmax) a shift v = 10^t·g with g ∈ [−1, 1]^d, t ∈ [0, 4]. */
export interface InvarianceCase {
  readonly problem: SmallProblem;
  readonly permutationSeed: number;
  readonly shiftDirection: readonly number[];
  readonly shiftLog10: number;
}

/** (W, A) with their neurons (columns) permuted together by a Fisher–Yates shuffle drawn from `seed`. */
export function permutedWeights(p: SmallProblem, seed: number): Weights {
  const rng = new Rng(seed);
  const perm = Array.from({ length: p.m }, (_, r) => r);
  for (let r = p.m - 1; r > 0; r--) {
    const s = rng.integer(r + 1);
    [perm[r], perm[s]] = [perm[s], perm[r]];
  }
  const W = clone(p.weights.W);
  const A = clone(p.weights.A);
  for (let k = 0; k < p.d; k++)
    for (let r = 0; r < p.m; r++) {
      W.data[k * p.m + r] = p.weights.W.data[k * p.m + perm[r]];
      A.data[k * p.m + r] = p.weights.A.data[k * p.m + perm[r]];
    }
  return { W, A };
}

function shifted(c: InvarianceCase): Weights {
  const { d, m } = c.problem;
  const W = clone(c.problem.weights.W);
  const s = 10 ** c.shiftLog10;
  for (let k = 0; k < d; k++) for (let r = 0; r < m; r++) W.data[k * m + r] += s * c.shiftDirection[k];
  return { W, A: c.problem.weights.A };
}

/** The coupled initialisation's F(W(0)) = 0: exact for the reference, within γ_{m+2}·|c|·M for others. */
function coupledZero(p: SmallProblem, impl: NetworkImplementation, F: Float64Array): CaseOutcome | null {
  const M = float64Magnitudes(p.X, p.weights, p.options).M;
  const c = Math.abs(outputScale(p.options.activation, p.options.scale, p.m));
  for (let k = 0; k < F.length; k++) {
    const tol = impl.reference ? 0 : gamma(p.m + 2) * c * M[k];
    if (!(Math.abs(F[k]) <= tol)) {
      return { status: "violated", slack: tol > 0 ? tol / Math.abs(F[k]) : null, detail: `coupled initialisation: F entry ${k} = ${fmt(F[k])}, expected 0 ${impl.reference ? "bit for bit" : `within ${fmt(tol)}`}` };
    }
  }
  return null;
}

/** I3 on one case: permutation, (softmax) shift, (coupled) zero output. */
export function checkInvariances(c: InvarianceCase, impl: NetworkImplementation): CaseOutcome {
  const p = c.problem;
  const F0 = impl.forward(p.X, p.weights, p.options);
  if (p.init === "coupled") {
    const zero = coupledZero(p, impl, F0.data);
    if (zero !== null) return zero;
  }
  const b0 = outputErrorBound(p.X, p.weights, p.options);
  const checks: LabelledComparison[] = [
    { label: "F after a neuron permutation", comparison: compareWithin(impl.forward(p.X, permutedWeights(p, c.permutationSeed), p.options).data, F0.data, b0.map((b) => 2 * b)) },
  ];
  if (p.options.activation === "softmax") {
    const moved = shifted(c);
    const b1 = outputErrorBound(p.X, moved, p.options);
    checks.push({ label: `F after the shift W + v·1ᵀ (|v| up to ${fmt(10 ** c.shiftLog10)})`, comparison: compareWithin(impl.forward(p.X, moved, p.options).data, F0.data, b0.map((b, k) => b + b1[k])) });
  }
  return boundOutcome(checks);
}

/** I3 (invariances) of `ctx.impl`. */
export const I3: RegisteredClaim = defineClaim<InvarianceCase, never>({
  id: "I3",
  family: "implementation",
  title: "Forward pass invariances (permutation, softmax shift, coupled init)",
  statement: "For every network variant, F is unchanged by permuting neurons; softmax F is unchanged by W ↦ W + v·1ᵀ (logits moved by up to 10⁴, past exp's overflow); the coupled initialisation gives F(W(0)) = 0.",
  provenance: "derived",
  paperLocation: "SPEC §4 I3 (implementation correctness)",
  implementation: ["forward"],
  variants: () => ACTIVATION_VARIANTS,
  generator: (variant, profile) =>
    fc.record({
      problem: smallProblem({ maxN: profile.maxN, maxD: profile.maxD, maxM: 8, activations: [(variant.activation ?? "softmax") as Activation] }),
      permutationSeed: fc.integer({ min: 0, max: 0xffffffff }),
      shiftDirection: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: profile.maxD, maxLength: profile.maxD }),
      shiftLog10: fc.double({ min: 0, max: 4, noNaN: true }),
    }),
  examples: (variant, profile) =>
    variant.activation === "softmax"
      ? [{ problem: buildSmallProblem({ n: 2, d: Math.min(2, profile.maxD), m: 4, sigma: 1, init: "iid", activation: "softmax", scale: "sqrt", seed: 11 }), permutationSeed: 1, shiftDirection: Array.from({ length: profile.maxD }, () => 1), shiftLog10: 4 }]
      : [],
  cases: (profile) => profile.cases,
  classify: (c) => [`init=${c.problem.init}`, `shift ≥ 100: ${c.shiftLog10 >= 2}`],
  rule: { kind: "each", check: (c, _variant, ctx) => checkInvariances(c, ctx.impl) },
});
