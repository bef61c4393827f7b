/**
 * The uniform distribution on finitely many points z_1..z_K ∈ ℝ^d (SPEC §4: mixtures of Dirac masses; the
 * setting of claim D3). Under the forward process p_t = (1/K) Σ_k N(α_t z_k, h_t I), so (derived)
 *
 *     log p_t(x) = −log K − (d/2)·log(2π h_t) + LSE_k(−‖x − α_t z_k‖² / (2h_t)),
 *     E[x_0 | x_t = x] = Σ_k softmax_k(−‖x − α_t z_k‖² / (2h_t)) · z_k,
 *     ∇log p_t(x) = (α_t·E[x_0 | x_t = x] − x) / h_t = Σ_k softmax_k(…) · (α_t z_k − x) / h_t.
 *
 * D3 (derived): −‖x − α_t z_k‖²/(2h_t) = α_t⟨x, z_k⟩/h_t − α_t²‖z_k‖²/(2h_t) − ‖x‖²/(2h_t), and the last term
 * does not depend on k, so the softmax weights are exactly SPEC's softmax_k(α_t⟨x, z_k⟩/h_t − α_t²‖z_k‖²/(2h_t)):
 * the optimal denoiser is a softmax attention over the data points. The distance form is used because it
 * never forms the large, cancelling terms ⟨x, z_k⟩/h_t and ‖x‖²/(2h_t) as t → 0.
 *
 * Limits: as t → 0 the softmax becomes a near-hard assignment to the nearest α_t z_k (ties split evenly); as
 * t → ∞ it becomes uniform and p_t → N(0, I). The computation is the s_k = 0 case of
 * `./isotropicComponents.ts` (log-sum-exp with the max-shift; no NaN for any t > 0 with moderate inputs).
 *
 * @module
 */
import { type Dense, clone, zeros } from "../../linalg/dense.js";
import type { Rng } from "../../random/rng.js";
import { evaluateIsotropic } from "./isotropicComponents.js";
import { type Distribution, type ScoreEvaluation, checkCount } from "./types.js";

/** The uniform distribution on the rows of {@link PointSet.points}, as a {@link Distribution}. */
export interface PointSet extends Distribution {
  readonly kind: "points";
  /** K×d: row k is z_k (a copy of the input). */
  readonly points: Dense;
}

/**
 * Builds the uniform distribution on the rows of `points` (duplicates allowed: a duplicated point simply
 * carries twice the mass).
 *
 * @param points - K×d matrix, K, d ≥ 1, finite entries.
 * @throws RangeError for an empty matrix or non-finite entries.
 */
export function pointSet(points: Dense): PointSet {
  const K = points.rows;
  const d = points.cols;
  if (K < 1 || d < 1) throw new RangeError(`pointSet: points must be K×d with K, d ≥ 1, got ${K}×${d}`);
  for (const v of points.data) if (!Number.isFinite(v)) throw new RangeError(`pointSet: points must be finite`);
  const z = clone(points);
  const components = {
    logWeights: new Float64Array(K).fill(-Math.log(K)),
    means: z,
    variances: new Float64Array(K),
  };
  const evaluate = (t: number, X: Dense): ScoreEvaluation => evaluateIsotropic(components, t, X, "pointSet");
  return {
    kind: "points",
    dimension: d,
    points: z,
    /** Per row: one uniform integer in [0, K) picks the point. */
    sample(count: number, rng: Rng): Dense {
      checkCount(count, "pointSet.sample");
      const out = zeros(count, d);
      for (let i = 0; i < count; i++) {
        const j = rng.integer(K);
        out.data.set(z.data.subarray(j * d, (j + 1) * d), i * d);
      }
      return out;
    },
    score: (t, X) => evaluate(t, X).score,
    posteriorMean: (t, X) => evaluate(t, X).posteriorMean,
    logDensity: (t, X) => evaluate(t, X).logDensity,
    evaluate,
  };
}
