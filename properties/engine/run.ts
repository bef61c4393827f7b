/**
 * Runs a claim under each of its variants and turns the run into verdicts.
 *
 * `each` rules run through `fc.check`: a failing case is shrunk to a minimal counterexample whose
 * `{seed, path}` replays it; cases whose assumptions are unmet are skipped with `fc.pre` and counted. The
 * verdict comes from the run details, never from a caught and ignored exception: an exception inside a
 * check is a failure (verdict `violated`, with the error message). `aggregate` rules sample their cases
 * with `fc.sample` (deterministic given the seed) and judge all measurements together.
 *
 * @module
 */
import fc from "fast-check";
import type { NetworkImplementation } from "../../src/implementation/types.js";
import { REFERENCE_IMPLEMENTATION } from "../../src/implementation/reference.js";
import { ImplementationError } from "../../src/implementation/error.js";
import { deriveSeed } from "../../src/random/rng.js";
import type { Profile } from "./profiles.js";
import type { AggregateRule, CaseOutcome, Claim, EachRule, RunContext, Variant, VariantResult } from "./types.js";

/** Fraction of requested cases that must meet the assumptions for an `each` verdict other than inconclusive. */
export const MIN_MET_FRACTION = 0.25;

/**
 * fast-check's `maxSkipsPerRun` for `each` rules: at most this many cases with unmet assumptions per requested
 * case, so a run generates at most (examples + numRuns)·(1 + MAX_SKIPS_PER_RUN) cases (the bound on a replay
 * path's run index).
 */
export const MAX_SKIPS_PER_RUN = 20;

/** The seed of one claim × variant, derived from the run seed. */
export function variantSeed(runSeed: number, claimId: string, variant: Variant): number {
  return deriveSeed(runSeed, `${claimId}/${variant.label}`);
}

/** A JSON-friendly summary of a generated case (typed arrays become plain arrays, long arrays are cut). */
export function summarize(value: unknown, depth = 0): unknown {
  if (value instanceof Float64Array) return value.length > 64 ? `Float64Array(${value.length})` : Array.from(value);
  if (Array.isArray(value)) return depth > 4 ? `Array(${value.length})` : value.slice(0, 64).map((v) => summarize(v, depth + 1));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = depth > 4 ? "…" : summarize(v, depth + 1);
    return out;
  }
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return value;
}

function countLabels(coverage: Record<string, number>, labels: readonly string[]): void {
  for (const l of labels) coverage[l] = (coverage[l] ?? 0) + 1;
}

/**
 * The known hard cases of an `each` run in fast-check's `examples` form (one-element tuples). They come before
 * the generated cases, so they count in the first segment of a counterexample's path: a replay must pass the same.
 */
export function eachExamples<C, M>(claim: Claim<C, M>, variant: Variant, profile: Profile): [C][] {
  return claim.examples ? claim.examples(variant, profile).map((e) => [e] as [C]) : [];
}

function runEach<C, M>(claim: Claim<C, M>, rule: EachRule<C>, variant: Variant, ctx: RunContext): VariantResult {
  const numRuns = claim.cases(ctx.profile);
  const coverage: Record<string, number> = {};
  const unmetReasons: Record<string, number> = {};
  let held = 0;
  let unmet = 0;
  let worstSlack: number | null = null;
  let worstMeasured: Readonly<Record<string, number>> | undefined;
  let failedOnce = false;
  const property = fc.property(claim.generator(variant, ctx.profile), (c) => {
    const outcome: CaseOutcome = rule.check(c, variant, ctx);
    if (!failedOnce) {
      // Statistics describe the generated run only, not the shrinking that follows a failure.
      if (claim.classify) countLabels(coverage, claim.classify(c));
      if (outcome.status === "unmet") {
        unmet++;
        unmetReasons[outcome.reason] = (unmetReasons[outcome.reason] ?? 0) + 1;
      } else if (outcome.status === "holds") {
        held++;
        if (outcome.slack !== null && (worstSlack === null || outcome.slack < worstSlack)) {
          worstSlack = outcome.slack;
          worstMeasured = outcome.measured;
        }
      }
    }
    if (outcome.status === "unmet") fc.pre(false);
    if (outcome.status === "violated") {
      failedOnce = true;
      return false;
    }
    return true;
  });
  const details = fc.check(property, { seed: ctx.seed | 0, numRuns, examples: eachExamples(claim, variant, ctx.profile), maxSkipsPerRun: MAX_SKIPS_PER_RUN });
  const base = { variant: variant.label, coverage, cases: held + unmet + (failedOnce ? 1 : 0), seed: ctx.seed, tables: [] };
  const measurements = { held, unmet, ...(worstMeasured ?? {}), ...Object.fromEntries(Object.entries(unmetReasons).map(([k, v]) => [`unmet: ${k}`, v])) };
  if (details.failed && details.counterexample !== null) {
    const counter = details.counterexample[0];
    let detail: string;
    let slack: number | null = null;
    try {
      const again = rule.check(counter, variant, ctx);
      detail = again.status === "violated" ? again.detail : `counterexample re-check gave ${again.status}`;
      slack = again.status === "violated" ? again.slack : null;
    } catch (e) {
      detail = exceptionDetail(e);
    }
    return {
      ...base,
      verdict: "violated",
      reason: `${detail} (shrunk ${details.numShrinks} times)`,
      keyNumber: { name: "slack at counterexample", value: slack },
      slack,
      measurements,
      // The variant seed (unsigned, as `verify --seed` prints it); fast-check ran with its signed 32-bit view
      // (`seed | 0`), which `replay` reconstructs.
      replay: { seed: ctx.seed, path: details.counterexamplePath ?? "", counterexample: summarize(counter) },
    };
  }
  const met = held;
  if (met === 0) {
    const top = Object.entries(unmetReasons).sort((a, b) => b[1] - a[1])[0];
    return { ...base, verdict: "assumption-unmet", reason: `no generated case met the assumptions (most common: ${top ? top[0] : "none"})`, keyNumber: { name: "cases meeting assumptions", value: 0 }, slack: null, measurements };
  }
  const maxUnmet = rule.maxUnmetFraction ?? 1 - MIN_MET_FRACTION;
  if (met < numRuns * (1 - maxUnmet)) {
    return { ...base, verdict: "inconclusive", reason: `only ${met} of ${numRuns} cases met the assumptions (need ${Math.ceil(numRuns * (1 - maxUnmet))})`, keyNumber: { name: "cases meeting assumptions", value: met }, slack: worstSlack, measurements };
  }
  return {
    ...base,
    verdict: "holds",
    reason: `held on all ${met} cases meeting the assumptions (${unmet} skipped)${worstSlack !== null ? `; worst slack ${fmt(worstSlack)}` : ""}`,
    keyNumber: { name: "worst slack", value: worstSlack },
    slack: worstSlack,
    measurements,
  };
}

function runAggregate<C, M>(claim: Claim<C, M>, rule: AggregateRule<C, M>, variant: Variant, ctx: RunContext): VariantResult {
  const numRuns = claim.cases(ctx.profile);
  const cases = fc.sample(claim.generator(variant, ctx.profile), { seed: ctx.seed | 0, numRuns });
  const coverage: Record<string, number> = {};
  if (claim.classify) for (const c of cases) countLabels(coverage, claim.classify(c));
  const measured = cases.map((c) => rule.measure(c, variant, ctx));
  const judged = rule.judge(measured, cases, variant, ctx);
  return { ...judged, variant: variant.label, coverage, cases: cases.length, seed: ctx.seed };
}

/**
 * The reason text of an exception inside a check: a failure of the implementation under test (it threw, timed
 * out, or returned a wrong shape or a non-finite number) is named as such, anything else is an exception.
 */
export function exceptionDetail(e: unknown): string {
  if (e instanceof ImplementationError) return `failure of the implementation under test, not of the suite: ${e.message}`;
  return `exception: ${e instanceof Error ? e.message : String(e)}`;
}

/** Formats a number for one-line reasons (4 significant digits). */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined) return "n/a";
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : Number(x.toPrecision(4)).toString();
}

/** Runs one variant of a claim; an exception outside fast-check's control is a `violated` verdict with its message. */
export function runVariant<C, M>(claim: Claim<C, M>, variant: Variant, profile: Profile, runSeed: number, impl: NetworkImplementation = REFERENCE_IMPLEMENTATION): VariantResult {
  return runVariantSeeded(claim, variant, profile, variantSeed(runSeed, claim.id, variant), impl);
}

/**
 * Runs one variant of a claim with its variant seed given directly (what {@link runVariant} derives from the run
 * seed, and what a result records as `seed`): the same seed gives the same result, so this re-runs a recorded
 * variant without knowing the run seed.
 */
export function runVariantSeeded<C, M>(claim: Claim<C, M>, variant: Variant, profile: Profile, seed: number, impl: NetworkImplementation = REFERENCE_IMPLEMENTATION): VariantResult {
  const ctx: RunContext = { profile, seed, impl };
  try {
    return claim.rule.kind === "each" ? runEach(claim, claim.rule, variant, ctx) : runAggregate(claim, claim.rule, variant, ctx);
  } catch (e) {
    const reason = e instanceof ImplementationError ? exceptionDetail(e) : `exception during measurement: ${e instanceof Error ? e.message : String(e)}`;
    return failedVariant(variant.label, ctx.seed, reason);
  }
}

/**
 * The `violated` result of a variant whose run ended abnormally (an exception outside fast-check's control, or
 * the death of the pool worker running it): no cases, no measurements, the key number `exception` = null and
 * `reason` saying what happened.
 */
export function failedVariant(variant: string, seed: number, reason: string): VariantResult {
  return { variant, verdict: "violated", reason, keyNumber: { name: "exception", value: null }, slack: null, measurements: {}, tables: [], coverage: {}, cases: 0, seed };
}
