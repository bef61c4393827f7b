/**
 * Type-erased claims for the registry: {@link defineClaim} closes over a claim's case and measurement types
 * so that claims of different shapes live in one list.
 *
 * @module
 */
import type { NetworkImplementation } from "../../src/implementation/types.js";
import type { Profile } from "./profiles.js";
import { type ReplayOutcome, replayVariant } from "./replay.js";
import { runVariant } from "./run.js";
import type { Claim, ClaimInfo, ClaimResult, Variant, VariantResult } from "./types.js";

/** A claim ready to run, whatever its case and measurement types. */
export interface RegisteredClaim extends ClaimInfo {
  /** Variants at this profile. */
  variants(profile: Profile): readonly Variant[];
  /** Runs one variant with the run seed (the variant seed is derived inside) against `impl` (default: the reference). */
  run(variant: Variant, profile: Profile, runSeed: number, impl?: NetworkImplementation): VariantResult;
  /**
   * How the verdict is reached: `each` (every case must pass; a violation has one counterexample that
   * {@link RegisteredClaim.replay} reproduces from its path) or `aggregate` (all cases judged together).
   */
  readonly ruleKind: "each" | "aggregate";
  /**
   * Replays a recorded result from its variant seed (the `seed` a {@link VariantResult} records, not the run
   * seed): for `each` rules the case at `path`, for `aggregate` rules the whole variant (see
   * `properties/engine/replay.ts`). A wrapper that overrides `run` and changes an aggregate verdict should
   * override this too.
   *
   * @throws `ReplayPathError` (a RangeError) when an `each` rule gets a missing, malformed or dangling path.
   */
  replay(variant: Variant, profile: Profile, seed: number, path: string | undefined, impl?: NetworkImplementation): ReplayOutcome;
}

/** Registers a claim. */
export function defineClaim<C, M>(claim: Claim<C, M>): RegisteredClaim {
  const { id, family, title, statement, provenance, paperLocation, implementation } = claim;
  return {
    id,
    family,
    title,
    statement,
    provenance,
    paperLocation,
    ...(implementation === undefined ? {} : { implementation }),
    variants: (profile) => claim.variants(profile),
    run: (variant, profile, runSeed, impl) => runVariant(claim, variant, profile, runSeed, impl),
    ruleKind: claim.rule.kind,
    replay: (variant, profile, seed, path, impl) => replayVariant(claim, variant, profile, seed, path, impl),
  };
}

/**
 * Runs a registered claim under every variant (or only those `include` accepts, in variant order); `onStart`
 * sees each variant just before it runs and `onVariant` its result as soon as it exists (progress reporting).
 * A variant's result depends only on the claim, the variant, the profile and the run seed, never on which
 * other variants run (sharded runs rely on this).
 */
export function runRegistered(
  claim: RegisteredClaim,
  profile: Profile,
  runSeed: number,
  onVariant?: (r: VariantResult) => void,
  onStart?: (variant: Variant) => void,
  include: (variant: Variant) => boolean = () => true,
  impl?: NetworkImplementation,
): ClaimResult {
  const start = performance.now();
  const results: VariantResult[] = [];
  for (const variant of claim.variants(profile).filter(include)) {
    onStart?.(variant);
    const r = claim.run(variant, profile, runSeed, impl);
    results.push(r);
    onVariant?.(r);
  }
  return claimResult(claim, results, performance.now() - start);
}

/** A claim's result: its description (without the implementation methods) with its variant results and run time. */
export function claimResult(claim: ClaimInfo, results: readonly VariantResult[], durationMs: number): ClaimResult {
  const { id, family, title, statement, provenance, paperLocation } = claim;
  return { id, family, title, statement, provenance, paperLocation, results, durationMs };
}
