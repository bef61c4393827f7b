/**
 * The fast-check arbitrary of data distributions p_0 for the diffusion claims (SPEC §4, D1–D5): a record
 * (kind, d, K, seed) from which the distribution is built deterministically with the seeded {@link Rng}.
 *
 * - `gaussian`: μ ~ N(0, 0.5² I), Σ = B Bᵀ + εI with B_ij ~ N(0, 0.5²/d) and ε log-uniform in [10⁻⁴, 10⁻¹]
 *   (a full covariance with correlated coordinates, condition numbers up to ≈ 10⁴);
 * - `mixture`: K ≤ 5 isotropic components, weights normalised uniforms in [0.05, 1.05], means uniform in the
 *   unit ball, s_k log-uniform in [0.03, 1];
 * - `points`: K ≤ 8 points uniform in the unit ball (`uniformBallRows`, src/data/unitBall.ts; the setting of D3);
 * - `iris`: the 150 Iris flowers centred and scaled into the unit ball (`src/diffusion/distributions/iris.ts`;
 *   d = 4 whatever the generated d).
 *
 * @module
 */
import fc from "fast-check";
import { uniformBallRows } from "../../src/data/unitBall.js";
import { type Dense, gram } from "../../src/linalg/dense.js";
import { type GaussianDistribution, gaussian } from "../../src/diffusion/distributions/gaussian.js";
import { irisPointSet } from "../../src/diffusion/distributions/iris.js";
import { gaussianMixture } from "../../src/diffusion/distributions/mixture.js";
import { type PointSet, pointSet } from "../../src/diffusion/distributions/points.js";
import type { Distribution } from "../../src/diffusion/distributions/types.js";
import { Rng } from "../../src/random/rng.js";

/** Kinds of generated p_0. */
export type DiffusionKind = "gaussian" | "mixture" | "points" | "iris";

/** All kinds. */
export const DIFFUSION_KINDS: readonly DiffusionKind[] = ["gaussian", "mixture", "points", "iris"];

/** What determines a distribution. */
export interface DistributionSpec {
  readonly kind: DiffusionKind;
  /** Dimension (4 for iris). */
  readonly d: number;
  /** Number of components or points (1 for a Gaussian, 150 for iris). */
  readonly K: number;
  readonly seed: number;
}

/** A built distribution with the constants the tolerance bounds need. */
export interface BuiltDistribution {
  readonly spec: DistributionSpec;
  readonly dist: Distribution;
  /** K×d component centres (μ for a Gaussian), for bounds on ‖x − α_t μ_k‖. */
  readonly centres: Dense;
  /** Largest component variance of p_0 (s_max² for a mixture, tr Σ for a Gaussian, 0 for point sets). */
  readonly maxVariance: number;
  /** sup ‖x_0‖ over the support for point sets (max_k ‖z_k‖), null for unbounded supports. */
  readonly supportRadius: number | null;
}

/** max_k ‖z_k‖ over the rows of Z. */
export function maxRowNorm(Z: Dense): number {
  let r = 0;
  for (let i = 0; i < Z.rows; i++) {
    let s = 0;
    for (let j = 0; j < Z.cols; j++) s += Z.data[i * Z.cols + j] ** 2;
    r = Math.max(r, Math.sqrt(s));
  }
  return r;
}

/**
 * A random Gaussian p_0 in ℝ^d: μ ~ N(0, 0.5² I), Σ = B Bᵀ + εI with B_ij ~ N(0, 0.5²/d) and ε log-uniform in
 * [10⁻⁴, 10⁻¹], drawn in that order from `rng`; with its centre μ (1×d) and tr Σ (≥ λ_max(Σ)) as `maxVariance`.
 */
export function randomGaussian(d: number, rng: Rng): { readonly dist: GaussianDistribution; readonly centres: Dense; readonly maxVariance: number } {
  const mean = rng.fillGaussian(new Float64Array(d), 0.5);
  const B = { rows: d, cols: d, data: rng.fillGaussian(new Float64Array(d * d), 0.5 / Math.sqrt(d)) };
  const cov = gram(B);
  const eps = 10 ** (-4 + 3 * rng.uniform());
  let trace = 0;
  for (let i = 0; i < d; i++) {
    cov.data[i * d + i] += eps;
    trace += cov.data[i * d + i];
  }
  return { dist: gaussian(mean, cov), centres: { rows: 1, cols: d, data: mean }, maxVariance: trace };
}

function pointsBuilt(spec: DistributionSpec, dist: PointSet): BuiltDistribution {
  return { spec, dist, centres: dist.points, maxVariance: 0, supportRadius: maxRowNorm(dist.points) };
}

/** Builds the distribution of a spec (deterministic: every draw from `new Rng(spec.seed)`). */
export function buildDistribution(spec: DistributionSpec): BuiltDistribution {
  const { kind, d, K, seed } = spec;
  const rng = new Rng(seed);
  if (kind === "iris") return pointsBuilt(spec, irisPointSet());
  if (kind === "points") return pointsBuilt(spec, pointSet(uniformBallRows(K, d, rng)));
  if (kind === "gaussian") return { spec, ...randomGaussian(d, rng), supportRadius: null };
  const weights = Array.from({ length: K }, () => 0.05 + rng.uniform());
  const sum = weights.reduce((a, b) => a + b, 0);
  const means = uniformBallRows(K, d, rng);
  const stds = Array.from({ length: K }, () => 0.03 * (1 / 0.03) ** rng.uniform());
  return { spec, dist: gaussianMixture({ weights: weights.map((w) => w / sum), means, stds }), centres: means, maxVariance: Math.max(...stds) ** 2, supportRadius: null };
}

/** Bounds of {@link distributionSpec}. */
export interface DistributionConstraints {
  readonly kinds?: readonly DiffusionKind[];
  readonly minD?: number;
  readonly maxD: number;
  /** Largest K of point sets (mixtures use at most 5 components). */
  readonly maxPoints?: number;
}

/** Distribution specs of the given kinds (default: all), d ∈ [minD, maxD], K ≥ 1 (kind-dependent), a 32-bit seed. */
export function distributionSpec(c: DistributionConstraints): fc.Arbitrary<DistributionSpec> {
  const maxPoints = c.maxPoints ?? 8;
  return fc
    .record({
      kind: fc.constantFrom(...(c.kinds ?? DIFFUSION_KINDS)),
      d: fc.integer({ min: c.minD ?? 1, max: c.maxD }),
      K: fc.integer({ min: 1, max: maxPoints }),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
    })
    .map(({ kind, d, K, seed }) => {
      if (kind === "iris") return { kind, d: 4, K: 150, seed };
      if (kind === "gaussian") return { kind, d, K: 1, seed };
      if (kind === "mixture") return { kind, d, K: Math.min(K, 5), seed };
      return { kind, d, K, seed };
    });
}

/** Coverage labels: kind, dimension and number of components. */
export function distributionLabels(spec: DistributionSpec): string[] {
  return [`kind=${spec.kind}`, `d=${spec.d}`, spec.K === 1 ? "K=1" : spec.K <= 4 ? "K∈[2,4]" : "K>4"];
}

/** Squared distance ‖X_i − α·C_k‖² between row i of X and α times row k of C. */
export function sqDistance(X: Dense, i: number, alpha: number, C: Dense, k: number): number {
  let q = 0;
  for (let j = 0; j < X.cols; j++) {
    const r = X.data[i * X.cols + j] - alpha * C.data[k * C.cols + j];
    q += r * r;
  }
  return q;
}
