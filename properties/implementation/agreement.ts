/**
 * I7 (new id, not yet in SPEC): the implementation under test agrees with the suite's reference on generated
 * problems: F, ∇_W L and H (those it provides) entry by entry. Each side is within the first-order forward error
 * bound of `src/oracle/forwardErrorBounds.ts` of the exact value (magnitudes from the reference's float64 pass,
 * a relative O(u) change), so |impl − reference| ≤ 2·bound (plus `compareWithin`'s u·|reference| + 2⁻¹⁰⁷⁴).
 * For the reference itself the check is trivially exact; it exists for `verify --impl`, where it needs no oracle
 * and so runs at the profile's full problem sizes.
 *
 * @module
 */
import type { NetworkImplementation } from "../../src/implementation/types.js";
import { REFERENCE_IMPLEMENTATION } from "../../src/implementation/reference.js";
import type { Activation } from "../../src/network/types.js";
import { compareWithin, forwardBound, gradientBound, ntkBound } from "../../src/oracle/forwardErrorBounds.js";
import { type SmallProblem, smallProblem } from "../arbitraries/smallProblem.js";
import { type RegisteredClaim, defineClaim } from "../engine/registry.js";
import type { CaseOutcome } from "../engine/types.js";
import { ACTIVATION_VARIANTS } from "../engine/variants.js";
import { type LabelledComparison, boundOutcome, float64Magnitudes } from "./bounds.js";

const twice = (b: Float64Array): Float64Array => b.map((v) => 2 * v);

/** I7 on one problem: every provided method against the reference. */
export function checkAgreement(p: SmallProblem, impl: NetworkImplementation, reference: NetworkImplementation = REFERENCE_IMPLEMENTATION): CaseOutcome {
  const { X, Y, weights, options } = p;
  const g = float64Magnitudes(X, weights, options);
  const Fref = reference.forward(X, weights, options);
  const dF = forwardBound(g, options);
  const checks: LabelledComparison[] = [{ label: "F", comparison: compareWithin(impl.forward(X, weights, options).data, Fref.data, twice(dF)) }];
  if (impl.gradient && reference.gradient) {
    const E = Fref.data.map((f, k) => f - Y.data[k]);
    checks.push({ label: "∇L", comparison: compareWithin(impl.gradient(X, Y, weights, options).data, reference.gradient(X, Y, weights, options).data, twice(gradientBound(g, options, E, dF))) });
  }
  if (impl.ntk && reference.ntk) {
    checks.push({ label: "H", comparison: compareWithin(impl.ntk(X, weights, options).data, reference.ntk(X, weights, options).data, twice(ntkBound(g, options.activation))) });
  }
  return boundOutcome(checks);
}

/** I7 (agreement with the reference) of `ctx.impl`. */
export const I7: RegisteredClaim = defineClaim<SmallProblem, never>({
  id: "I7",
  family: "implementation",
  title: "Agreement with the reference implementation",
  statement: "For every network variant, F, ∇L and H (those provided) agree with the suite's reference implementation within both sides' derived rounding bounds.",
  provenance: "derived",
  paperLocation: "new claim I7, not yet in SPEC §4 (implementation correctness, for verify --impl)",
  implementation: ["forward"],
  variants: () => ACTIVATION_VARIANTS,
  generator: (variant, profile) => smallProblem({ maxN: profile.maxN, maxD: profile.maxD, maxM: 16, activations: [(variant.activation ?? "softmax") as Activation] }),
  cases: (profile) => profile.cases,
  classify: (p) => [`scale=${p.options.scale}`, `init=${p.init}`],
  rule: { kind: "each", check: (p, _variant, ctx) => checkAgreement(p, ctx.impl) },
});
