/**
 * I5: the implementation under test's F, ∇_W L and H (those it provides) agree with the 64-digit BigNumber oracle
 * (`src/oracle/bigNumber.ts`) entry by entry within the first-order forward error bounds of
 * `src/oracle/forwardErrorBounds.ts` (derived there for the SPEC formulas; γ_k bounds hold for any summation
 * order), with the oracle's own rounding to double (u·|exact| + 2⁻¹⁰⁷⁴) added by `compareWithin`. The bounds are
 * scaled by magnitudes, so cancellation cannot fail a correct implementation, while an algebraic error (a
 * relative 10⁻⁶ is 10⁹ u) exceeds them by orders of magnitude. Problems are kept small (n, d ≤ 3, m ≤ 6): the
 * oracle costs O((nd)²·dm) BigNumber operations for H.
 *
 * @module
 */
import type { NetworkImplementation } from "../../src/implementation/types.js";
import type { Activation } from "../../src/network/types.js";
import { compareWithin, forwardBound, gradientBound, magnitudes, ntkBound } from "../../src/oracle/forwardErrorBounds.js";
import { oracleEmpiricalNtk, oracleForward, oracleGradient } from "../../src/oracle/bigNumber.js";
import { type SmallProblem, smallProblem } from "../arbitraries/smallProblem.js";
import { type RegisteredClaim, defineClaim } from "../engine/registry.js";
import type { CaseOutcome } from "../engine/types.js";
import { ACTIVATION_VARIANTS } from "../engine/variants.js";
import { type LabelledComparison, boundOutcome } from "./bounds.js";

/** I5 on one problem: every provided method against the oracle. */
export function checkOracle(p: SmallProblem, impl: NetworkImplementation): CaseOutcome {
  const { X, Y, weights, options } = p;
  const g = magnitudes(X, weights, options.activation);
  const Foracle = oracleForward(X, weights, options);
  const dF = forwardBound(g, options);
  const checks: LabelledComparison[] = [{ label: "F", comparison: compareWithin(impl.forward(X, weights, options).data, Foracle.data, dF) }];
  if (impl.gradient) {
    const E = Foracle.data.map((f, k) => f - Y.data[k]);
    checks.push({ label: "∇L", comparison: compareWithin(impl.gradient(X, Y, weights, options).data, oracleGradient(X, Y, weights, options).data, gradientBound(g, options, E, dF)) });
  }
  if (impl.ntk) {
    checks.push({ label: "H", comparison: compareWithin(impl.ntk(X, weights, options).data, oracleEmpiricalNtk(X, weights, options.activation).data, ntkBound(g, options.activation)) });
  }
  return boundOutcome(checks);
}

/** I5 (agreement with the 64-digit oracle) of `ctx.impl`. */
export const I5: RegisteredClaim = defineClaim<SmallProblem, never>({
  id: "I5",
  family: "implementation",
  title: "Float64 results agree with the 64-digit oracle",
  statement: "For every network variant, F, ∇L and H (those provided) agree with a 64-significant-digit BigNumber evaluation of the SPEC formulas within derived forward error bounds.",
  provenance: "derived",
  paperLocation: "SPEC §4 I5 (implementation correctness)",
  implementation: ["forward"],
  variants: () => ACTIVATION_VARIANTS,
  generator: (variant, profile) => smallProblem({ maxN: Math.min(3, profile.maxN), maxD: Math.min(3, profile.maxD), maxM: 6, activations: [(variant.activation ?? "softmax") as Activation] }),
  cases: (profile) => profile.cases,
  classify: (p) => [`scale=${p.options.scale}`, `init=${p.init}`],
  rule: { kind: "each", check: (p, _variant, ctx) => checkOracle(p, ctx.impl) },
});
