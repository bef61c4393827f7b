/**
 * Replays one recorded result of a claim × variant from its variant seed.
 *
 * `each` rules: the `{seed, path}` of a violated result locates the shrunk counterexample in fast-check's
 * stream of cases. Following fast-check's replay recipe, the same property (same generator, same `examples`,
 * which come first in the stream) is checked with `{ seed: seed | 0, path, numRuns: 1, endOnFailure: true }`:
 * the first case the predicate sees is the one at the path (the recorded `seed` is the unsigned variant seed;
 * fast-check ran with its signed 32-bit view `seed | 0`). That case is checked once more and returned with
 * its outcome; later cases (the rest of a shrink stream, walked only when the case no longer fails) are not
 * checked.
 *
 * `aggregate` rules judge all cases together, so there is no single counterexample: replaying one means
 * re-running the whole variant with its seed, which gives the recorded result again (timing aside).
 *
 * @module
 */
import fc from "fast-check";
import type { Profile } from "./profiles.js";
import type { NetworkImplementation } from "../../src/implementation/types.js";
import { REFERENCE_IMPLEMENTATION } from "../../src/implementation/reference.js";
import { MAX_SKIPS_PER_RUN, eachExamples, exceptionDetail, runVariantSeeded, summarize } from "./run.js";
import type { CaseOutcome, Claim, EachRule, RunContext, Variant, VariantResult } from "./types.js";

/** A counterexample path: run index, then shrink steps, separated by `:` (as fast-check prints it). */
const PATH_PATTERN = /^\d+(:\d+)*$/;

/** A replay path that is malformed or does not lead to a case of this claim × variant (a usage error). */
export class ReplayPathError extends RangeError {
  /** An error with the given message. */
  constructor(message: string) {
    super(message);
    this.name = "ReplayPathError";
  }
}

/** The replay of one case of an `each` rule. */
export interface EachReplay {
  readonly kind: "each";
  readonly variant: string;
  /** The variant seed (unsigned) the case was generated from. */
  readonly seed: number;
  readonly path: string;
  /** The case at the path, summarised as results record it ({@link summarize}). */
  readonly counterexample: unknown;
  /**
   * The check's outcome on that case; an exception thrown by the check is reported as `violated` with
   * `exception: …` as detail (as the run does).
   */
  readonly outcome: CaseOutcome;
}

/** The replay of an `aggregate` rule: the variant re-run with its seed. */
export interface AggregateReplay {
  readonly kind: "aggregate";
  readonly variant: string;
  readonly seed: number;
  /** Says that the path does not apply and the whole variant was re-run. */
  readonly note: string;
  /** The re-run's result (equal to the recorded one, timing aside). */
  readonly result: VariantResult;
}

/** What a replay gives. */
export type ReplayOutcome = EachReplay | AggregateReplay;

/** The note of every {@link AggregateReplay}. */
export const AGGREGATE_REPLAY_NOTE =
  "this claim's verdict is judged over all its cases together, so there is no single counterexample: replay re-runs the whole variant with its seed (the path does not apply)";

function checkOnce<C>(rule: EachRule<C>, c: C, variant: Variant, ctx: RunContext): CaseOutcome {
  try {
    return rule.check(c, variant, ctx);
  } catch (e) {
    return { status: "violated", slack: null, detail: exceptionDetail(e) };
  }
}

function replayEach<C, M>(claim: Claim<C, M>, rule: EachRule<C>, variant: Variant, profile: Profile, seed: number, path: string, impl: NetworkImplementation): EachReplay {
  if (!PATH_PATTERN.test(path)) throw new ReplayPathError(`"${path}" is not a counterexample path (expected numbers separated by ":", e.g. 3:1:0)`);
  const examples = eachExamples(claim, variant, profile);
  const runIndex = Number(path.split(":")[0]);
  const maxRuns = (examples.length + claim.cases(profile)) * (1 + MAX_SKIPS_PER_RUN);
  if (!(runIndex < maxRuns)) {
    throw new ReplayPathError(`"${path}" starts at run ${runIndex}, beyond the ${maxRuns} cases a ${profile.name} run of ${claim.id} can generate`);
  }
  const ctx: RunContext = { profile, seed, impl };
  let seen: { readonly value: C; readonly outcome: CaseOutcome } | undefined;
  const property = fc.property(claim.generator(variant, profile), (c) => {
    if (seen !== undefined) return true;
    seen = { value: c, outcome: checkOnce(rule, c, variant, ctx) };
    return seen.outcome.status !== "violated";
  });
  try {
    fc.check(property, { seed: seed | 0, path, numRuns: 1, endOnFailure: true, examples });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message.startsWith("Unable to replay")) throw new ReplayPathError(`"${path}" does not lead to a case of ${claim.id} ${variant.label} with seed ${seed} (${message})`);
    throw e;
  }
  if (seen === undefined) throw new ReplayPathError(`"${path}" does not lead to a case of ${claim.id} ${variant.label} with seed ${seed}`);
  return { kind: "each", variant: variant.label, seed, path, counterexample: summarize(seen.value), outcome: seen.outcome };
}

/**
 * Replays a claim × variant from its variant seed: for an `each` rule the case at `path` (which is then
 * required), for an `aggregate` rule the whole variant (`path` is ignored).
 *
 * @param claim - the claim.
 * @param variant - one of its variants at `profile`.
 * @param profile - the profile of the recorded run (generators depend on it).
 * @param seed - the variant seed as results record it (unsigned 32-bit).
 * @param path - the counterexample path as results record it.
 * @param impl - the implementation under test (default: the reference).
 * @throws {@link ReplayPathError} when an `each` rule gets no path, a malformed one, or one that leads nowhere.
 */
export function replayVariant<C, M>(
  claim: Claim<C, M>,
  variant: Variant,
  profile: Profile,
  seed: number,
  path: string | undefined,
  impl: NetworkImplementation = REFERENCE_IMPLEMENTATION,
): ReplayOutcome {
  if (claim.rule.kind === "aggregate") {
    return { kind: "aggregate", variant: variant.label, seed, note: AGGREGATE_REPLAY_NOTE, result: runVariantSeeded(claim, variant, profile, seed, impl) };
  }
  if (path === undefined) throw new ReplayPathError(`${claim.id} replays one counterexample, so it needs the path recorded with it`);
  return replayEach(claim, claim.rule, variant, profile, seed, path, impl);
}
