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
import { clone, type Dense, zeros } from "../src/linalg/dense.js";
import { lossAndGradient } from "../src/network/lossGradient.js";
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

/** Benchmark task ids, as printed in the table and the JSON lines. */
export type Task = "ntk-assembly" | "lambda-min" | "gd-steps";

/**
 * One benchmark case. `ntk-assembly`: {@link empiricalNtk} on the instance of `size`; `lambda-min`: λ_min of
 * that H (the instance of the same size, so both sides factor the very same matrix); `gd-steps`: `steps`
 * plain gradient-descent steps W ← W − η ∇_W L on the instance's (X, Y) (see {@link gdSteps}).
 */
export interface BenchCase {
  /** Which task. */
  readonly task: Task;
  /** Problem size (n, d, m). */
  readonly size: BenchSize;
  /** Number of descent steps (`gd-steps` only, else null). */
  readonly steps: number | null;
}

/** Step size η of the `gd-steps` task (softmax, `scale=sqrt`; the exact value only needs to match numpy's). */
export const GD_ETA = 0.1;

/** The cases of a size grid: assembly at every size, λ_min at the widest m of each nd, then descent. */
function casesOf(assembly: readonly BenchSize[], gd: BenchSize, steps: number): BenchCase[] {
  const out: BenchCase[] = assembly.map((size) => ({ task: "ntk-assembly", size, steps: null }));
  const widest = new Map<number, BenchSize>();
  for (const size of assembly) {
    const nd = size.n * size.d;
    const seen = widest.get(nd);
    if (seen === undefined || size.m > seen.m) widest.set(nd, size);
  }
  for (const size of widest.values()) out.push({ task: "lambda-min", size, steps: null });
  out.push({ task: "gd-steps", size: gd, steps });
  return out;
}

/** nd ∈ {128, 512, 1024} as (n, d) = (64, 2), (128, 4), (256, 4), each at m ∈ {1024, 4096}. */
const FULL_GRID: readonly BenchSize[] = [
  { n: 64, d: 2, m: 1024 },
  { n: 64, d: 2, m: 4096 },
  { n: 128, d: 4, m: 1024 },
  { n: 128, d: 4, m: 4096 },
  { n: 256, d: 4, m: 1024 },
  { n: 256, d: 4, m: 4096 },
];

/** The cases of a full run: assembly on {@link FULL_GRID}, λ_min at nd ∈ {128, 512, 1024}, 100 steps at n=32, d=16, m=4096. */
export const FULL_CASES: readonly BenchCase[] = casesOf(FULL_GRID, { n: 32, d: 16, m: 4096 }, 100);

/** The cases of a `--quick` smoke run: nd ∈ {32, 64} at m = 512, 10 steps at n = 8, d = 4, m = 512. */
export const QUICK_CASES: readonly BenchCase[] = casesOf(
  [
    { n: 16, d: 2, m: 512 },
    { n: 32, d: 2, m: 512 },
  ],
  { n: 8, d: 4, m: 512 },
  10,
);

/** One seeded instance: inputs X (n×d) and weights (W, A) (d×m each). */
export interface Instance {
  /** The size it was drawn at. */
  readonly size: BenchSize;
  /** Inputs, rows inside the unit ball. */
  readonly X: Dense;
  /** Initial weights W(0) ~ N(0, σ²) and output signs A ~ Unif{±1}. */
  readonly weights: Weights;
  /** Targets Y (n×d), i.i.d. N(0, 1), for the descent task. */
  readonly Y: Dense;
}

/** The instance of a given size for a seed (σ = 1, i.i.d. initialisation). */
export function makeInstance(size: BenchSize, seed: number): Instance {
  const rng = new Rng(seed).fork(`bench:n=${size.n}:d=${size.d}:m=${size.m}`);
  const X = uniformBallRows(size.n, size.d, rng.fork("X"));
  const weights = initialWeights({ d: size.d, m: size.m, sigma: 1, init: "iid" }, rng.fork("weights"));
  const yRng = rng.fork("Y");
  const Y = zeros(size.n, size.d);
  for (let k = 0; k < Y.data.length; k++) Y.data[k] = yRng.gaussian();
  return { size, X, weights, Y };
}

/**
 * `steps` gradient-descent steps W ← W − η ∇_W L(W) from W(0) (softmax, `scale=sqrt`, η = {@link GD_ETA};
 * forward pass, analytic gradient and update each step, A fixed; the loss-and-gradient sweep the suite's training
 * loops use, `src/network/lossGradient.ts`). Returns the final W (d×m).
 */
export function gdSteps(inst: Instance, steps: number): Dense {
  const W = clone(inst.weights.W);
  const weights: Weights = { W, A: inst.weights.A };
  for (let s = 0; s < steps; s++) {
    const g = lossAndGradient(inst.X, inst.Y, weights, { activation: "softmax", scale: "sqrt" }).gradient;
    for (let k = 0; k < W.data.length; k++) W.data[k] -= GD_ETA * g.data[k];
  }
  return W;
}
