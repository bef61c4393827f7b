/**
 * Generated diffusion test cases: a distribution of each kind, a time and query points, all determined by
 * a fast-check record (kind, d, K, seed, log t) and built with the seeded {@link Rng}.
 *
 * - gaussian: μ ~ N(0, 0.5² I), Σ = B Bᵀ + εI with B_ij ~ N(0, 0.5²/d) and ε log-uniform in [10⁻⁴, 10⁻¹]
 *   (condition numbers up to ≈ 10⁴, correlated coordinates; the property layer's `randomGaussian`);
 * - mixture: K ≤ 5 components, weights normalised uniforms (one weight set to 0 with probability ¼), means in
 *   the unit ball, s_k log-uniform in [0.03, 1];
 * - points: K ≤ 8 points in the unit ball (a duplicate point with probability ¼).
 * Query points: k = 3 rows, two drawn from p_t itself (forward samples) and one far point (3× a forward
 * sample), so both the bulk and the tails of p_t are exercised.
 */
import fc from "fast-check";
import { uniformBallRows } from "../../src/data/unitBall.js";
import type { Dense } from "../../src/linalg/dense.js";
import { type Distribution, type DistributionKind } from "../../src/diffusion/distributions/types.js";
import { gaussianMixture } from "../../src/diffusion/distributions/mixture.js";
import { pointSet } from "../../src/diffusion/distributions/points.js";
import { forwardSample } from "../../src/diffusion/ornsteinUhlenbeck.js";
import { Rng } from "../../src/random/rng.js";
import { randomGaussian } from "../../properties/arbitraries/diffusionCase.js";

/** What determines a case. */
export interface CaseSpec {
  readonly kind: DistributionKind;
  readonly d: number;
  readonly K: number;
  readonly seed: number;
  readonly t: number;
}

/** A built case. */
export interface DiffusionCase {
  readonly spec: CaseSpec;
  readonly dist: Distribution;
  /** K×d component centres (μ for a Gaussian, K = 1), for tolerance bounds. */
  readonly centres: Dense;
  /** Largest component variance of p_0 (s_max², or λ_max bound tr Σ for a Gaussian; 0 for points). */
  readonly maxVariance: number;
  /** k×d query points. */
  readonly X: Dense;
}

/** Builds the distribution of a spec (deterministic). */
export function buildDistribution(spec: CaseSpec): Omit<DiffusionCase, "X" | "spec"> {
  const { kind, d, K, seed } = spec;
  const rng = new Rng(seed);
  if (kind === "gaussian") return randomGaussian(d, rng);
  if (kind === "mixture") {
    const weights = Array.from({ length: K }, () => 0.05 + rng.uniform());
    if (K > 1 && rng.uniform() < 0.25) weights[rng.integer(K)] = 0;
    const sum = weights.reduce((a, b) => a + b, 0);
    const means = uniformBallRows(K, d, rng);
    const stds = Array.from({ length: K }, () => 0.03 * (1 / 0.03) ** rng.uniform());
    return { dist: gaussianMixture({ weights: weights.map((w) => w / sum), means, stds }), centres: means, maxVariance: Math.max(...stds) ** 2 };
  }
  const points = uniformBallRows(K, d, rng);
  if (K > 1 && rng.uniform() < 0.25) points.data.copyWithin((K - 1) * d, 0, d);
  return { dist: pointSet(points), centres: points, maxVariance: 0 };
}

/** Builds a full case: distribution plus k = 3 query points from p_t (the last one pushed 3× outwards). */
export function buildCase(spec: CaseSpec): DiffusionCase {
  const built = buildDistribution(spec);
  const rng = new Rng(spec.seed).fork("queries");
  const X = forwardSample(built.dist.sample(3, rng), spec.t, rng);
  for (let j = 0; j < spec.d; j++) X.data[2 * spec.d + j] *= 3;
  return { spec, ...built, X };
}

/** Bounds of {@link caseSpec}. */
export interface CaseConstraints {
  readonly kinds?: readonly DistributionKind[];
  readonly maxD: number;
  readonly tMin: number;
  readonly tMax: number;
}

/** Case specs: every kind, d ∈ [1, maxD], K ∈ [1, 8], t log-uniform in [tMin, tMax], a 32-bit seed. */
export function caseSpec(c: CaseConstraints): fc.Arbitrary<CaseSpec> {
  return fc
    .record({
      kind: fc.constantFrom(...(c.kinds ?? (["gaussian", "mixture", "points"] as const))),
      d: fc.integer({ min: 1, max: c.maxD }),
      K: fc.integer({ min: 1, max: 8 }),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      logT: fc.double({ min: Math.log(c.tMin), max: Math.log(c.tMax), noNaN: true }),
    })
    .map(({ logT, kind, K, ...rest }) => ({ ...rest, kind, K: kind === "mixture" ? Math.min(K, 5) : kind === "gaussian" ? 1 : K, t: Math.min(c.tMax, Math.max(c.tMin, Math.exp(logT))) }));
}
