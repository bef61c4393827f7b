/**
 * Rounding bounds shared by the implementation claims I2, I3 and I7: the first-order forward error bounds of
 * `src/oracle/forwardErrorBounds.ts`, scaled by magnitudes from the reference's float64 pass (a second-order
 * change against the oracle's exact values: relative O(u)), plus the magnitude of the explicit Jacobian.
 *
 * Shapes (SPEC §1): X n×d, W and A d×m; F n×d; ∇_W L d×m; J nd×dm with rows output-major (ℓ, i) ↦ ℓ·n + i
 * and columns (r, k) ↦ r·d + k; H nd×nd output-major.
 *
 * @module
 */
import type { Dense } from "../../src/linalg/dense.js";
import { forward } from "../../src/network/forward.js";
import type { Activation, NetworkOptions, Weights } from "../../src/network/types.js";
import { type BoundComparison, type Magnitudes, forwardBound, magnitudes } from "../../src/oracle/forwardErrorBounds.js";
import { fmt } from "../engine/run.js";
import type { CaseOutcome } from "../engine/types.js";

/** {@link Magnitudes} of (X, W, A) with U and Φ from the reference's float64 forward pass. */
export function float64Magnitudes(X: Dense, weights: Weights, opts: NetworkOptions): Magnitudes {
  const pass = forward(X, weights, opts);
  return magnitudes(X, weights, opts.activation, { U: pass.U.data, Phi: pass.Phi.data });
}

/** Bound on |F̂ − F| (n×d) of a float64 evaluation of F at (X, W, A) ({@link forwardBound}, float64 magnitudes). */
export function outputErrorBound(X: Dense, weights: Weights, opts: NetworkOptions): Float64Array {
  return forwardBound(float64Magnitudes(X, weights, opts), opts);
}

/**
 * The magnitude Q = |J||J|ᵀ (nd×nd, output-major) of the terms of J Jᵀ, with |J| bounded entrywise by
 * |c|·μ_{(ℓ,i),r}·|x_{i,k}|: softmax μ = S_{i,r}(|a_{ℓ,r}| + Σ_s |a_{ℓ,s}|S_{i,s}) (the centred factor
 * a_{ℓ,r} − ⟨a_ℓ, S_i⟩ before cancellation), exp and ReLU μ = |a_{ℓ,r}|·φ'(U_{i,r}) (ReLU: 1 where the sign of
 * U is within rounding). So Q_{ab} = c²·(Σ_r μ_{a,r}μ_{b,r})·Σ_k |x_{i,k}||x_{j,k}| for a = (ℓ, i), b = (ℓ', j).
 */
export function jacobianMagnitude(g: Magnitudes, activation: Activation, c: number): Float64Array {
  const { n, d, m, X, A } = g;
  const N = n * d;
  const mu = new Float64Array(N * m);
  for (let l = 0; l < d; l++)
    for (let i = 0; i < n; i++)
      for (let r = 0; r < m; r++) {
        const a = Math.abs(A.data[l * m + r]);
        mu[(l * n + i) * m + r] = activation === "softmax" ? g.Phi[i * m + r] * (a + g.M[i * d + l]) : a * g.dphi[i * m + r];
      }
  const Q = new Float64Array(N * N);
  for (let a = 0; a < N; a++)
    for (let b = 0; b < N; b++) {
      let s = 0;
      for (let r = 0; r < m; r++) s += mu[a * m + r] * mu[b * m + r];
      let px = 0;
      const i = a % n;
      const j = b % n;
      for (let k = 0; k < d; k++) px += Math.abs(X.data[i * d + k] * X.data[j * d + k]);
      Q[a * N + b] = c * c * s * px;
    }
  return Q;
}


/** One labelled comparison of a check (e.g. `F`, `∇L`, `H`). */
export interface LabelledComparison {
  readonly label: string;
  readonly comparison: BoundComparison;
}

/**
 * The outcome of comparisons against bounds: violated at the first whose worst ratio exceeds 1 (naming the
 * entry, both values and the allowed difference), else holds with slack = 1 / (worst ratio) (null when every
 * compared entry agreed exactly).
 */
export function boundOutcome(checks: readonly LabelledComparison[]): CaseOutcome {
  let worst = 0;
  const measured: Record<string, number> = {};
  for (const { label, comparison: c } of checks) {
    measured[`ratio ${label}`] = c.ratio;
    if (!(c.ratio <= 1)) {
      return {
        status: "violated",
        slack: c.ratio > 0 ? 1 / c.ratio : null,
        detail: `${label} entry ${c.index}: got ${fmt(c.got)}, expected ${fmt(c.want)} (|difference| ${fmt(Math.abs(c.got - c.want))} > allowed ${fmt(c.allowed)})`,
        measured,
      };
    }
    worst = Math.max(worst, c.ratio);
  }
  return { status: "holds", slack: worst > 0 ? 1 / worst : null, measured };
}
