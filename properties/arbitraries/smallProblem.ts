/**
 * The fast-check arbitrary of small, fully specified network problems (data, weights, variant), used by
 * the implementation-correctness properties (SPEC I1–I6).
 *
 * Everything random is derived from one generated integer seed through {@link Rng}, so a counterexample is
 * replayed by its seed and sizes alone. Inputs lie inside the unit ball (SPEC §1): each row is a Gaussian
 * direction scaled to a radius drawn from [minRadius, 1] ({@link unitBallRows}).
 *
 * @module
 */
import fc from "fast-check";
import { unitBallRows } from "../../src/data/unitBall.js";
import type { Dense } from "../../src/linalg/dense.js";
import { initialWeights } from "../../src/network/init.js";
import type { Activation, Init, NetworkOptions, Scale, Weights } from "../../src/network/types.js";
import { Rng } from "../../src/random/rng.js";

/** A generated problem: data, initial weights and the network variant. */
export interface SmallProblem {
  readonly n: number;
  readonly d: number;
  readonly m: number;
  readonly sigma: number;
  readonly init: Init;
  readonly options: NetworkOptions;
  readonly seed: number;
  readonly X: Dense;
  readonly Y: Dense;
  readonly weights: Weights;
}

/** Bounds of {@link smallProblem}. */
export interface SmallProblemConstraints {
  readonly maxN?: number;
  readonly maxD?: number;
  /** Widths are even numbers in [2, maxM]. */
  readonly maxM?: number;
  readonly activations?: readonly Activation[];
  readonly minRadius?: number;
}

/** Builds the problem a seed and sizes determine (deterministic; also used to replay counterexamples). */
export function buildSmallProblem(
  sizes: { n: number; d: number; m: number; sigma: number; init: Init; activation: Activation; scale: Scale; seed: number },
  minRadius = 0.1,
): SmallProblem {
  const rng = new Rng(sizes.seed);
  const X = unitBallRows(sizes.n, sizes.d, minRadius, rng.fork("X"));
  const Y = unitBallRows(sizes.n, sizes.d, 0, rng.fork("Y"));
  const weights = initialWeights({ d: sizes.d, m: sizes.m, sigma: sizes.sigma, init: sizes.init }, rng.fork("init"));
  return {
    n: sizes.n,
    d: sizes.d,
    m: sizes.m,
    sigma: sizes.sigma,
    init: sizes.init,
    seed: sizes.seed,
    options: { activation: sizes.activation, scale: sizes.scale },
    X,
    Y,
    weights,
  };
}

/** Small problems: n ∈ [1, maxN], d ∈ [1, maxD], even m ∈ [2, maxM], σ ∈ [0.25, 2], every variant. */
export function smallProblem(constraints: SmallProblemConstraints = {}): fc.Arbitrary<SmallProblem> {
  const { maxN = 4, maxD = 3, maxM = 8, activations = ["softmax", "exp", "relu"], minRadius = 0.1 } = constraints;
  return fc
    .record({
      n: fc.integer({ min: 1, max: maxN }),
      d: fc.integer({ min: 1, max: maxD }),
      m: fc.integer({ min: 1, max: Math.max(1, Math.floor(maxM / 2)) }).map((h) => 2 * h),
      sigma: fc.double({ min: 0.25, max: 2, noNaN: true }),
      init: fc.constantFrom<Init>("iid", "coupled"),
      activation: fc.constantFrom<Activation>(...activations),
      scale: fc.constantFrom<Scale>("m", "sqrt"),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
    })
    .map((s) => buildSmallProblem(s, minRadius));
}
