/**
 * Shared pieces of the claim-family tests (test/properties/*.test.ts): the run seed, the verdict vocabulary and
 * the well-formedness check every family applies to its quick-profile results.
 */
import { expect } from "vitest";
import type { Profile } from "../../properties/engine/profiles.js";
import type { RegisteredClaim } from "../../properties/engine/registry.js";
import type { ClaimResult, Verdict, VariantResult } from "../../properties/engine/types.js";

/** The run seed of the family tests. */
export const SEED = 20240503;

/** The four verdicts. */
export const VERDICTS: readonly Verdict[] = ["holds", "violated", "inconclusive", "assumption-unmet"];

/**
 * Expects `result` (of `claim` at `profile`) to have one result per variant, in variant order, each with a
 * verdict, a reason, a named key number that is not NaN, some cases and some coverage; then runs `more` on
 * each variant's result with `where`, a description for assertion messages.
 */
export function expectWellFormedResults(claim: RegisteredClaim, result: ClaimResult, profile: Profile, more: (r: VariantResult, where: string) => void): void {
  expect(result.results.map((r) => r.variant)).toEqual(claim.variants(profile).map((v) => v.label));
  for (const r of result.results) {
    const where = `${claim.id} [${r.variant}]: ${r.verdict} — ${r.reason}`;
    expect(VERDICTS, where).toContain(r.verdict);
    expect(r.reason.length, where).toBeGreaterThan(0);
    expect(r.keyNumber.name.length, where).toBeGreaterThan(0);
    expect(r.keyNumber.value === null || !Number.isNaN(r.keyNumber.value), where).toBe(true);
    expect(r.cases, where).toBeGreaterThan(0);
    expect(Object.keys(r.coverage).length, where).toBeGreaterThan(0);
    more(r, where);
  }
}
