/**
 * Reusable verdict rules: slopes against an expected exponent, and helpers for one-line reasons.
 *
 * @module
 */
import { type SlopeFit, linearFit } from "../../src/stats/logLogSlope.js";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { fmt } from "./run.js";
import type { Judgement, Verdict } from "./types.js";

/**
 * Equivalence margin for fitted exponents: a claimed rate m^{b} holds when the slope's 95% interval lies
 * inside [b − RATE_MARGIN, b + RATE_MARGIN], is violated when the interval misses that band entirely, and is
 * inconclusive otherwise. 0.1 separates the rates that matter here (−1, −½, 0) by a wide gap while allowing
 * for the finite-width corrections of a sweep over 2⁴…2¹⁴.
 */
export const RATE_MARGIN = 0.1;

/** Mean of per-case slopes with a Student-t interval (cases are independent draws). */
export function meanWithInterval(values: readonly number[], level = 0.95): { mean: number; lower: number; upper: number; n: number } {
  const n = values.length;
  if (n === 0) throw new RangeError("meanWithInterval: no values");
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, lower: -Infinity, upper: Infinity, n };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { mean, lower: mean - half, upper: mean + half, n };
}

/** Verdict of an interval [lower, upper] for an exponent expected to equal `expected` ± RATE_MARGIN. */
export function rateVerdict(lower: number, upper: number, expected: number, margin = RATE_MARGIN): Verdict {
  if (!Number.isFinite(lower) || !Number.isFinite(upper)) return "inconclusive";
  if (lower >= expected - margin && upper <= expected + margin) return "holds";
  if (upper < expected - margin || lower > expected + margin) return "violated";
  return "inconclusive";
}

/** Per-case log–log slope of y against x (OLS; see {@link linearFit}). */
export function caseSlope(xs: readonly number[], ys: readonly number[]): SlopeFit {
  return linearFit(xs.map(Math.log), ys.map(Math.log));
}

/** "slope −0.49 [−0.52, −0.46] (expected −0.5 ± 0.1)". */
export function describeRate(mean: number, lower: number, upper: number, expected: number, margin = RATE_MARGIN): string {
  return `slope ${fmt(mean)} [${fmt(lower)}, ${fmt(upper)}] (expected ${fmt(expected)} ± ${fmt(margin)})`;
}

/**
 * For a judge whose verdicts all report the same key number, slack, measurements, tables and series: the
 * function `(verdict, reason) => ({ verdict, reason, ...shared })` (keys in that order), so that each verdict
 * is written as its verdict and reason alone.
 */
export function judgementsSharing(shared: Omit<Judgement, "verdict" | "reason">): (verdict: Verdict, reason: string) => Judgement {
  return (verdict, reason) => ({ verdict, reason, ...shared });
}
