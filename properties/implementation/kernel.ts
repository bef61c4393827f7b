/**
 * I2: the empirical NTK of the implementation under test equals J Jᵀ/κ for an explicit Jacobian J (SPEC §3: H is
 * the √m network's kernel, κ = `kernelFactor`: m for softmax with scale=m, else 1), entry by entry in the
 * output-major order (ℓ, i) ↦ ℓ·n + i; H is exactly symmetric and positive semi-definite up to its rounding.
 *
 * J: for the reference, `src/network/jacobian.ts`; for any other implementation, from its own gradient with
 * one-hot residuals: with Y = F − e_{(ℓ,i)}, ∇_W L = Jᵀ(F − Y) = row (ℓ, i) of J (as a d×m matrix, entry (k, r)
 * = ∂F_ℓ(x_i)/∂W_{k,r}). An H in another index order, a kernel of the wrong network (scale) or a Jacobian that
 * disagrees with H fails.
 *
 * @module
 */
import fc from "fast-check";
import type { NetworkImplementation } from "../../src/implementation/types.js";
import { type Dense, frobenius } from "../../src/linalg/dense.js";
import { eigenvalueTolerance, extremeEigenpairs } from "../../src/linalg/spectrum.js";
import { kernelFactor, outputScale } from "../../src/network/forward.js";
import { jacobian } from "../../src/network/jacobian.js";
import type { Activation } from "../../src/network/types.js";
import { UNIT_ROUNDOFF, gamma } from "../../src/numerics/tolerance.js";
import { forwardBound } from "../../src/oracle/forwardErrorBounds.js";
import { type SmallProblem, smallProblem } from "../arbitraries/smallProblem.js";
import { type RegisteredClaim, defineClaim } from "../engine/registry.js";
import { fmt } from "../engine/run.js";
import type { CaseOutcome } from "../engine/types.js";
import { ACTIVATION_VARIANTS } from "../engine/variants.js";
import { float64Magnitudes, jacobianMagnitude } from "./bounds.js";

/** Rows of J (nd × dm, rows output-major, columns (r, k) ↦ r·d + k) and a bound δ (nd) on the residual error of each one-hot solve. */
interface ExplicitJacobian {
  readonly J: Float64Array;
  /** |E_k − e_k| ≤ δ_k for the residual E the implementation's gradient actually used (0 for the reference's J). */
  readonly delta: Float64Array;
}

/**
 * J from the implementation's gradient with one-hot residuals. The gradient recomputes F itself: its F′ and the
 * forward's F each lie within dF of the exact value (`forwardBound`), Y = fl(F − e) adds u(|F| + 1) and the
 * subtraction E = fl(F′ − Y) u(|E|) ≤ u(1 + 2dF), so |E_k − e_k| ≤ δ_k = 2dF_k + 2u(|F_k| + 2).
 */
function jacobianFromGradient(p: SmallProblem, impl: NetworkImplementation, gradientOf: NonNullable<NetworkImplementation["gradient"]>, dF: Float64Array): ExplicitJacobian {
  const { n, d, m } = p;
  const N = n * d;
  const F = impl.forward(p.X, p.weights, p.options);
  const J = new Float64Array(N * d * m);
  const delta = new Float64Array(N);
  for (let l = 0; l < d; l++)
    for (let i = 0; i < n; i++) {
      const a = l * n + i;
      const Y: Dense = { rows: n, cols: d, data: F.data.slice() };
      Y.data[i * d + l] -= 1;
      const g = gradientOf(p.X, Y, p.weights, p.options);
      for (let r = 0; r < m; r++) for (let k = 0; k < d; k++) J[a * d * m + r * d + k] = g.data[k * m + r];
      delta[a] = 2 * dF[i * d + l] + 2 * UNIT_ROUNDOFF * (Math.abs(F.data[i * d + l]) + 2);
    }
  return { J, delta };
}

/**
 * I2 on one problem. Tolerance, entry (a, b), with Q = |J||J|ᵀ ({@link jacobianMagnitude}):
 * - each side (H as the implementation computes it, and fl(J Jᵀ)/κ) is within t·Q_ab/κ of the exact kernel,
 *   t = 2ε_J + γ_{md+2} + γ_{nd+2}: each J (or G) entry carries relative ε_J = 2·max δu + 3γ_{m+4} (softmax
 *   probabilities from pre-activations off by δu ≤ γ_d Σ_k|w_{k,r} x_{i,k}|, the centring ⟨a_ℓ, S_i⟩ and the
 *   products; exp's δu + 2u and ReLU's exact φ' are smaller), the md-term sum of products γ_{md+2}, and the
 *   gradient's nd-term sum over the (near one-hot) residual γ_{nd+2};
 * - the one-hot residuals' errors δ move row a of J by ≤ Σ_k δ_k |J_k|, hence H_ab by ≤ Σ_k δ_k (Q_kb + Q_ak)/κ.
 * PSD: H = exact PSD kernel + E with ‖E‖₂ ≤ ‖t·Q/κ‖_F, and the eigensolver adds eigenvalueTolerance(H), so
 * λ_min(H) ≥ −(‖t·Q/κ‖_F + eigenvalueTolerance(H)).
 */
export function checkKernel(p: SmallProblem, impl: NetworkImplementation): CaseOutcome {
  const { n, d, m, options } = p;
  if (impl.ntk === undefined || impl.gradient === undefined) throw new Error(`I2 needs ntk and gradient, and implementation "${impl.name}" lacks one`);
  const N = n * d;
  const H = impl.ntk(p.X, p.weights, options);
  for (let a = 0; a < N; a++)
    for (let b = 0; b < a; b++)
      if (!(H.data[a * N + b] === H.data[b * N + a])) {
        return { status: "violated", slack: null, detail: `H is not exactly symmetric: H[${a}][${b}] = ${H.data[a * N + b]} but H[${b}][${a}] = ${H.data[b * N + a]}` };
      }
  const g = float64Magnitudes(p.X, p.weights, options);
  const kappa = kernelFactor(options, m);
  const Q = jacobianMagnitude(g, options.activation, outputScale(options.activation, options.scale, m));
  const { J, delta } = impl.reference
    ? { J: jacobian(p.X, p.weights, options).data, delta: new Float64Array(N) }
    : jacobianFromGradient(p, impl, impl.gradient.bind(impl), forwardBound(g, options));
  let maxDu = 0;
  for (let i = 0; i < n; i++)
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += Math.abs(p.weights.W.data[k * m + r] * p.X.data[i * d + k]);
      maxDu = Math.max(maxDu, gamma(d) * s);
    }
  const t = 2 * (2 * maxDu + 3 * gamma(m + 4)) + gamma(m * d + 2) + gamma(n * d + 2);
  const cols = d * m;
  let worst = 0;
  for (let a = 0; a < N; a++)
    for (let b = 0; b < N; b++) {
      let jj = 0;
      for (let q = 0; q < cols; q++) jj += J[a * cols + q] * J[b * cols + q];
      let moved = 0;
      for (let k = 0; k < N; k++) moved += delta[k] * (Q[k * N + b] + Q[a * N + k]);
      const tol = (2 * t * Q[a * N + b] + moved) / kappa + Number.MIN_VALUE;
      const err = Math.abs(H.data[a * N + b] - jj / kappa);
      if (!(err <= tol)) {
        return { status: "violated", slack: tol / err, detail: `H[${a}][${b}] = ${fmt(H.data[a * N + b])} but (J Jᵀ/κ)[${a}][${b}] = ${fmt(jj / kappa)} (κ = ${kappa}; |difference| ${fmt(err)} > tolerance ${fmt(tol)}; index (ℓ, i) ↦ ℓ·n + i, n = ${n})` };
      }
      worst = Math.max(worst, err / tol);
    }
  const own = frobenius(Q.map((q) => (t * q) / kappa));
  const psdTol = own + eigenvalueTolerance(H);
  const lambdaMin = extremeEigenpairs(H).lambdaMin;
  if (!(lambdaMin >= -psdTol)) return { status: "violated", slack: psdTol / -lambdaMin, detail: `H is not positive semi-definite: λ_min = ${fmt(lambdaMin)} < −${fmt(psdTol)}` };
  return { status: "holds", slack: worst > 0 ? 1 / worst : null, measured: { "worst |H − JJᵀ/κ| / tolerance": worst, "λ_min": lambdaMin, "PSD tolerance": psdTol } };
}

/** I2 (H = J Jᵀ/κ, symmetric, PSD) of `ctx.impl`. */
export const I2: RegisteredClaim = defineClaim<SmallProblem, never>({
  id: "I2",
  family: "implementation",
  title: "Empirical NTK equals J Jᵀ/κ, symmetric and PSD",
  statement: "For every network variant, the empirical NTK H(W) equals J Jᵀ/κ for the explicit Jacobian J (output-major index), is exactly symmetric, and is positive semi-definite within its rounding.",
  provenance: "derived",
  paperLocation: "SPEC §4 I2 (implementation correctness; SPEC §3 kernel definition)",
  implementation: ["forward", "gradient", "ntk"],
  variants: () => ACTIVATION_VARIANTS,
  generator: (variant, profile) => smallProblem({ maxN: profile.maxN, maxD: profile.maxD, maxM: 8, activations: [(variant.activation ?? "softmax") as Activation] }),
  cases: (profile) => profile.cases,
  classify: (p) => [`scale=${p.options.scale}`, p.n > 1 && p.d > 1 ? "n,d ≥ 2 (index order visible)" : "n = 1 or d = 1"],
  rule: { kind: "each", check: (p, _variant, ctx) => checkKernel(p, ctx.impl) },
});
