/**
 * Generated diffusion test cases: a distribution of each kind, a time and query points, all determined by
 * a fast-check record (kind, d, K, seed, log t) and built with the seeded {@link Rng}.
 *
 * - gaussian: μ ~ N(0, 0.5² I), Σ = B Bᵀ + εI with B_ij ~ N(0, 0.5²/d) and ε log-uniform in [10⁻⁴, 10⁻¹]
 *   (condition numbers up to ≈ 10⁴, correlated coordinates);
 * - mixture: K ≤ 5 components, weights normalised uniforms (one weight set to 0 with probability ¼), means in
 *   the unit ball, s_k log-uniform in [0.03, 1];
 * - points: K ≤ 8 points in the unit ball (a duplicate point with probability ¼).
 * Query points: k = 3 rows, two drawn from p_t itself (forward samples) and one far point (3× a forward
 * sample), so both the bulk and the tails of p_t are exercised.
 */
import fc from "fast-check";
import { type Dense, gram, zeros } from "../../src/linalg/dense.js";
import { type Distribution, type DistributionKind } from "../../src/diffusion/distributions/types.js";
import { gaussian } from "../../src/diffusion/distributions/gaussian.js";
import { gaussianMixture } from "../../src/diffusion/distributions/mixture.js";
import { pointSet } from "../../src/diffusion/distributions/points.js";
import { forwardSample } from "../../src/diffusion/ornsteinUhlenbeck.js";
import { Rng } from "../../src/random/rng.js";

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

/** Rows uniform in the unit ball of ℝ^d (direction Gaussian, radius U^{1/d}). */
export function unitBall(K: number, d: number, rng: Rng): Dense {
  const out = zeros(K, d);
  for (let i = 0; i < K; i++) {
    let norm = 0;
    for (let j = 0; j < d; j++) {
      const g = rng.gaussian();
      out.data[i * d + j] = g;
      norm += g * g;
    }
    const radius = rng.uniform() ** (1 / d) / Math.sqrt(norm);
    for (let j = 0; j < d; j++) out.data[i * d + j] *= radius;
  }
  return out;
}

/** Builds the distribution of a spec (deterministic). */
export function buildDistribution(spec: CaseSpec): Omit<DiffusionCase, "X" | "spec"> {
  const { kind, d, K, seed } = spec;
  const rng = new Rng(seed);
  if (kind === "gaussian") {
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
  if (kind === "mixture") {
    const weights = Array.from({ length: K }, () => 0.05 + rng.uniform());
    if (K > 1 && rng.uniform() < 0.25) weights[rng.integer(K)] = 0;
    const sum = weights.reduce((a, b) => a + b, 0);
    const means = unitBall(K, d, rng);
    const stds = Array.from({ length: K }, () => 0.03 * (1 / 0.03) ** rng.uniform());
    return { dist: gaussianMixture({ weights: weights.map((w) => w / sum), means, stds }), centres: means, maxVariance: Math.max(...stds) ** 2 };
  }
  const points = unitBall(K, d, rng);
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

/** Squared Euclidean distance between row i of X and α·(row k of C). */
export function sqDistance(X: Dense, i: number, alpha: number, C: Dense, k: number): number {
  let q = 0;
  for (let j = 0; j < X.cols; j++) {
    const r = X.data[i * X.cols + j] - alpha * C.data[k * C.cols + j];
    q += r * r;
  }
  return q;
}
