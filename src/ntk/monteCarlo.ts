/**
 * A Monte-Carlo estimate of E[H(W(0))] over the random initialisation (SPEC §3, claim N1).
 *
 * Draw k uses the stream `rng.fork(k)`, so the estimate over `draws` samples is reproducible and its
 * first draws do not depend on how many draws are taken. Returns the entrywise sample mean and the
 * entrywise standard error s/√draws (Welford's update, stable for many draws). The kernel evaluated at each
 * draw is injectable (default {@link empiricalNtk}), so the estimate can be of an implementation under test.
 *
 * @module
 */
import { type Dense, zeros } from "../linalg/dense.js";
import { initialWeights } from "../network/init.js";
import type { Activation, Init, Weights } from "../network/types.js";
import type { Rng } from "../random/rng.js";
import { empiricalNtk } from "./empirical.js";

/** Result of {@link expectedNtk}. */
export interface NtkEstimate {
  /** Entrywise sample mean of H(W(0)) (nd×nd). */
  readonly mean: Dense;
  /** Entrywise standard error of the mean (nd×nd); all zero when draws = 1. */
  readonly standardError: Dense;
  /** Number of draws. */
  readonly draws: number;
}

/** Options of {@link expectedNtk}. */
export interface ExpectedNtkOptions {
  readonly activation: Activation;
  readonly m: number;
  readonly sigma: number;
  readonly init: Init;
  readonly draws: number;
}

/** An empirical-NTK function H(W) (nd×nd, output-major) of inputs X (n×d) for the network `activation`. */
export type KernelFn = (X: Dense, weights: Weights, activation: Activation) => Dense;

/**
 * Estimates E[H(W(0))] for inputs X (n×d) from `draws` independent initialisations, evaluating H with `kernel`
 * (default {@link empiricalNtk}).
 */
export function expectedNtk(X: Dense, opts: ExpectedNtkOptions, rng: Rng, kernel: KernelFn = empiricalNtk): NtkEstimate {
  if (!Number.isInteger(opts.draws) || opts.draws < 1) throw new RangeError(`draws must be a positive integer, got ${opts.draws}`);
  const N = X.rows * X.cols;
  const mean = zeros(N, N);
  const m2 = new Float64Array(N * N);
  for (let k = 0; k < opts.draws; k++) {
    const weights = initialWeights({ d: X.cols, m: opts.m, sigma: opts.sigma, init: opts.init }, rng.fork(k));
    const H = kernel(X, weights, opts.activation);
    for (let e = 0; e < H.data.length; e++) {
      const delta = H.data[e] - mean.data[e];
      mean.data[e] += delta / (k + 1);
      m2[e] += delta * (H.data[e] - mean.data[e]);
    }
  }
  const se = zeros(N, N);
  if (opts.draws > 1) {
    for (let e = 0; e < se.data.length; e++) se.data[e] = Math.sqrt(m2[e] / (opts.draws - 1) / opts.draws);
  }
  return { mean, standardError: se, draws: opts.draws };
}
