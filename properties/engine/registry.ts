/**
 * Type-erased claims for the registry: {@link defineClaim} closes over a claim's case and measurement types
 * so that claims of different shapes live in one list.
 *
 * @module
 */
import type { Profile } from "./profiles.js";
import { runVariant } from "./run.js";
import type { Claim, ClaimInfo, ClaimResult, Variant, VariantResult } from "./types.js";

/** A claim ready to run, whatever its case and measurement types. */
export interface RegisteredClaim extends ClaimInfo {
  /** Variants at this profile. */
  variants(profile: Profile): readonly Variant[];
  /** Runs one variant with the run seed (the variant seed is derived inside). */
  run(variant: Variant, profile: Profile, runSeed: number): VariantResult;
}

/** Registers a claim. */
export function defineClaim<C, M>(claim: Claim<C, M>): RegisteredClaim {
  const { id, family, title, statement, provenance, paperLocation } = claim;
  return {
    id,
    family,
    title,
    statement,
    provenance,
    paperLocation,
    variants: (profile) => claim.variants(profile),
    run: (variant, profile, runSeed) => runVariant(claim, variant, profile, runSeed),
  };
}

/**
 * Runs a registered claim under every variant; `onStart` sees each variant just before it runs and
 * `onVariant` its result as soon as it exists (progress reporting).
 */
export function runRegistered(
  claim: RegisteredClaim,
  profile: Profile,
  runSeed: number,
  onVariant?: (r: VariantResult) => void,
  onStart?: (variant: Variant) => void,
): ClaimResult {
  const start = performance.now();
  const results: VariantResult[] = [];
  for (const variant of claim.variants(profile)) {
    onStart?.(variant);
    const r = claim.run(variant, profile, runSeed);
    results.push(r);
    onVariant?.(r);
  }
  const { id, family, title, statement, provenance, paperLocation } = claim;
  return { id, family, title, statement, provenance, paperLocation, results, durationMs: performance.now() - start };
}
