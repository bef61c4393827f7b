/**
 * Run profiles: how much work each claim does. `quick` is what `npm test` runs (the whole test suite within
 * 5 minutes on 2 cores), `standard` is `verify`'s default (within 15 minutes), `thorough` is for audits.
 *
 * @module
 */

/** Profile names. */
export type ProfileName = "quick" | "standard" | "thorough";

/** The knobs every claim reads. */
export interface Profile {
  readonly name: ProfileName;
  /** Generated cases for `each` rules (fast-check `numRuns`). */
  readonly cases: number;
  /** Independent seeds (trials) for probabilistic claims. */
  readonly trials: number;
  /** Width sweep for rate claims (powers of two). */
  readonly widths: readonly number[];
  /** Width used for the training claims' wide networks. */
  readonly trainWidth: number;
  /** Monte-Carlo draws per estimate of E[H(W(0))]. */
  readonly mcDraws: number;
  /** Cap on gradient-descent steps per run. */
  readonly maxSteps: number;
  /** Largest n and d of generated problems. */
  readonly maxN: number;
  readonly maxD: number;
}

const powers = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, k) => 2 ** (from + k));

/** The three profiles. */
export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  quick: { name: "quick", cases: 20, trials: 40, widths: powers(4, 10), trainWidth: 512, mcDraws: 60, maxSteps: 400, maxN: 4, maxD: 3 },
  standard: { name: "standard", cases: 60, trials: 120, widths: powers(4, 12), trainWidth: 2048, mcDraws: 200, maxSteps: 2000, maxN: 6, maxD: 3 },
  thorough: { name: "thorough", cases: 200, trials: 400, widths: powers(4, 14), trainWidth: 8192, mcDraws: 800, maxSteps: 8000, maxN: 8, maxD: 4 },
};
