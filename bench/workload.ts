/**
 * The benchmark's problem instances: sizes and seeded data (SPEC §1 conventions).
 *
 * X (n×d) is drawn uniformly inside the closed unit ball (Gaussian direction, radius U^{1/d}; {@link uniformBallRows}),
 * so the default assumption ‖x_i‖ ≤ 1 holds; (W(0), A) come from {@link initialWeights} with σ = 1 and i.i.d.
 * initialisation.
 * Every draw derives from one seed, so the TypeScript and numpy runs see the very same matrices.
 *
 * @module
 */
import { uniformBallRows } from "../src/data/unitBall.js";
import type { Dense } from "../src/linalg/dense.js";
import { initialWeights } from "../src/network/init.js";
import type { Weights } from "../src/network/types.js";
import { Rng } from "../src/random/rng.js";

/** One problem size: n inputs in dimension d (so H is nd×nd) and width m. */
export interface BenchSize {
  /** Number of inputs n. */
  readonly n: number;
  /** Input/output dimension d. */
  readonly d: number;
  /** Width m. */
  readonly m: number;
}

/** The sizes of a full run: nd ∈ {128, 512} at m = 4096. */
export const FULL_SIZES: readonly BenchSize[] = [
  { n: 64, d: 2, m: 4096 },
  { n: 128, d: 4, m: 4096 },
];

/** The sizes of a `--quick` smoke run: nd ∈ {32, 64} at m = 512. */
export const QUICK_SIZES: readonly BenchSize[] = [
  { n: 16, d: 2, m: 512 },
  { n: 32, d: 2, m: 512 },
];

/** One seeded instance: inputs X (n×d) and weights (W, A) (d×m each). */
export interface Instance {
  /** The size it was drawn at. */
  readonly size: BenchSize;
  /** Inputs, rows inside the unit ball. */
  readonly X: Dense;
  /** Initial weights W(0) ~ N(0, σ²) and output signs A ~ Unif{±1}. */
  readonly weights: Weights;
}

/** The instance of a given size for a seed (σ = 1, i.i.d. initialisation). */
export function makeInstance(size: BenchSize, seed: number): Instance {
  const rng = new Rng(seed).fork(`bench:n=${size.n}:d=${size.d}:m=${size.m}`);
  const X = uniformBallRows(size.n, size.d, rng.fork("X"));
  const weights = initialWeights({ d: size.d, m: size.m, sigma: 1, init: "iid" }, rng.fork("weights"));
  return { size, X, weights };
}
