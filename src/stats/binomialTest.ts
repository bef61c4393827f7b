/**
 * Judging probabilistic claims ("with probability ≥ 1 − δ the event holds") over many seeds (SPEC §4):
 * the claim is violated only when the observed failure count is significantly above δ·trials, by an
 * exact one-sided binomial test; the failure rate is reported with its Clopper–Pearson interval.
 *
 * Distribution functions come from stdlib-js (`@stdlib/stats-base-dists-*`).
 *
 * @module
 */
import betaQuantile from "@stdlib/stats-base-dists-beta-quantile";
import binomialCdf from "@stdlib/stats-base-dists-binomial-cdf";

/** A two-sided Clopper–Pearson interval for a binomial proportion. */
export interface ProportionInterval {
  readonly lower: number;
  readonly upper: number;
  /** Confidence level, e.g. 0.95. */
  readonly level: number;
}

/** Exact (Clopper–Pearson) interval for `failures` out of `trials` at the given level. */
export function clopperPearson(failures: number, trials: number, level = 0.95): ProportionInterval {
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`trials must be a positive integer, got ${trials}`);
  if (!Number.isInteger(failures) || failures < 0 || failures > trials) throw new RangeError(`failures must be an integer in [0, ${trials}], got ${failures}`);
  const alpha = 1 - level;
  const lower = failures === 0 ? 0 : betaQuantile(alpha / 2, failures, trials - failures + 1);
  const upper = failures === trials ? 1 : betaQuantile(1 - alpha / 2, failures + 1, trials - failures);
  return { lower, upper, level };
}

/** Result of {@link binomialExcessTest}. */
export interface BinomialTestResult {
  readonly failures: number;
  readonly trials: number;
  /** The allowed failure probability δ. */
  readonly delta: number;
  /** Observed failure rate failures / trials. */
  readonly rate: number;
  /** P(Binomial(trials, δ) ≥ failures): small means the rate is significantly above δ. */
  readonly pValue: number;
  /** Clopper–Pearson interval of the failure rate. */
  readonly interval: ProportionInterval;
  /** True when pValue < alpha: the claim "failure probability ≤ δ" is rejected. */
  readonly significant: boolean;
  /** The significance level used. */
  readonly alpha: number;
}

/** One-sided exact test of H₀: failure probability ≤ δ, against "> δ". */
export function binomialExcessTest(failures: number, trials: number, delta: number, alpha = 0.01): BinomialTestResult {
  if (!(delta >= 0 && delta <= 1)) throw new RangeError(`delta must lie in [0, 1], got ${delta}`);
  const pValue = failures === 0 ? 1 : 1 - binomialCdf(failures - 1, trials, delta);
  return {
    failures,
    trials,
    delta,
    rate: failures / trials,
    pValue,
    interval: clopperPearson(failures, trials, 1 - alpha),
    significant: pValue < alpha,
    alpha,
  };
}
