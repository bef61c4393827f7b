/**
 * A whole verification run: the selected claims at one profile and seed, collected into the
 * machine-readable result that `verify --json` prints and the report renders.
 *
 * @module
 */
import type { ImplementationMethod, NetworkImplementation } from "../../src/implementation/types.js";
import type { RegisteredClaim } from "./registry.js";
import { type PoolSettings, runInPool } from "./pool.js";
import { claimResult, runRegistered } from "./registry.js";
import { PROFILES, type Profile, type ProfileName } from "./profiles.js";
import type { ClaimResult, Variant, Verdict, VariantResult } from "./types.js";

/** Version of the result format (bumped when fields change meaning). */
export const RESULT_FORMAT_VERSION = 1;

/** The implementation a run checked when it was not the suite's own (`verify --impl MODULE`). */
export interface ImplementationInfo {
  /** The module's `name`. */
  readonly name: string;
  /** The module path as given on the command line. */
  readonly module: string;
  /** The methods it provides. */
  readonly methods: readonly ImplementationMethod[];
}

/** The result of `verify`. */
export interface VerifyResult {
  readonly tool: "softmax-ntk";
  readonly formatVersion: number;
  readonly profile: ProfileName;
  readonly seed: number;
  readonly claims: readonly ClaimResult[];
  /** Number of claim × variant results per verdict. */
  readonly summary: Readonly<Record<Verdict, number>>;
  /** Timing fields: the only part that differs between two runs with the same seed and profile. */
  readonly timing: { readonly totalMs: number; readonly startedAt: string };
  readonly environment: { readonly node: string; readonly platform: string; readonly arch: string };
  /** Present when the claims ran against an external implementation (absent: the suite's reference). */
  readonly implementation?: ImplementationInfo;
}

/** Counts verdicts over all claim × variant results. */
export function summarizeVerdicts(claims: readonly ClaimResult[]): Record<Verdict, number> {
  const summary: Record<Verdict, number> = { holds: 0, violated: 0, inconclusive: 0, "assumption-unmet": 0 };
  for (const c of claims) for (const r of c.results) summary[r.verdict]++;
  return summary;
}

/** The claims of a run that have units to run (all, or those `include` accepts at least one variant of). */
function selectedClaims(claims: readonly RegisteredClaim[], profile: Profile, include?: (claim: RegisteredClaim, variant: Variant) => boolean): readonly RegisteredClaim[] {
  return include === undefined ? claims : claims.filter((claim) => claim.variants(profile).some((v) => include(claim, v)));
}

/** The result of a run whose claim results are `results`, started at `startedAt` (ISO) and `start` (performance.now). */
function verifyResult(profile: Profile, seed: number, results: readonly ClaimResult[], startedAt: string, start: number): VerifyResult {
  return {
    tool: "softmax-ntk",
    formatVersion: RESULT_FORMAT_VERSION,
    profile: profile.name,
    seed,
    claims: results,
    summary: summarizeVerdicts(results),
    timing: { totalMs: performance.now() - start, startedAt },
    environment: { node: process.version, platform: process.platform, arch: process.arch },
  };
}

/**
 * Runs the claims in order; `onResult` sees each claim × variant result as soon as it exists, and `onStart`
 * each claim × variant just before it runs. With `include`, only the claim × variant units it accepts run
 * (a shard, `properties/engine/shard.ts`), and claims left without any unit are omitted from the result. The
 * implementation-aware claims run against `impl` (default: the reference).
 */
export function runVerify(
  claims: readonly RegisteredClaim[],
  profile: Profile,
  seed: number,
  onResult?: (claim: RegisteredClaim, result: VariantResult) => void,
  onStart?: (claim: RegisteredClaim, variant: Variant) => void,
  include?: (claim: RegisteredClaim, variant: Variant) => boolean,
  impl?: NetworkImplementation,
): VerifyResult {
  const startedAt = new Date().toISOString();
  const start = performance.now();
  const results = selectedClaims(claims, profile, include).map((claim) =>
    runRegistered(
      claim,
      profile,
      seed,
      (r) => onResult?.(claim, r),
      (v) => onStart?.(claim, v),
      include === undefined ? undefined : (v) => include(claim, v),
      impl,
    ),
  );
  return verifyResult(profile, seed, results, startedAt, start);
}

/** How {@link runVerifyInPool} runs its units: worker count and implementation (as data), see `./pool.ts`. */
export type VerifyPoolSettings = Pick<PoolSettings, "workers" | "impl" | "claimsModule" | "resourceLimits">;

/**
 * {@link runVerify} on a pool of worker threads (`./pool.ts`): the same claims, units and result (apart from
 * timing), with the units run concurrently, longest first. `onStart` sees a unit when it is handed to a worker,
 * `onResult` its result when it arrives (so in completion order, not run order); the result lists claims and
 * variants in run order. A claim's `durationMs` is the sum of its variants' run times in the workers (work, as
 * in a merged sharded run, not wall-clock time). The workers look the claims up by id in their registry
 * (`settings.claimsModule`, default `properties/index.ts`), so `claims` must come from that registry, and the
 * profile by name, so `profile` must be one of {@link PROFILES}.
 *
 * @throws (rejects) for a profile that is not one of {@link PROFILES}, and as `runInPool` does.
 */
export async function runVerifyInPool(
  claims: readonly RegisteredClaim[],
  profile: Profile,
  seed: number,
  settings: VerifyPoolSettings,
  onResult?: (claim: RegisteredClaim, result: VariantResult) => void,
  onStart?: (claim: RegisteredClaim, variant: Variant) => void,
  include?: (claim: RegisteredClaim, variant: Variant) => boolean,
): Promise<VerifyResult> {
  if (PROFILES[profile.name] !== profile) throw new Error(`the pool's workers look profiles up by name; profile ${profile.name} is not the built-in one`);
  const startedAt = new Date().toISOString();
  const start = performance.now();
  const selected = selectedClaims(claims, profile, include);
  const units = selected.flatMap((claim) =>
    claim
      .variants(profile)
      .filter((v) => include === undefined || include(claim, v))
      .map((variant) => ({ claim, variant })),
  );
  const timed = await runInPool(
    units.map((u) => ({ claimId: u.claim.id, variant: u.variant.label })),
    { ...settings, profile: profile.name, runSeed: seed },
    { onStart: (i) => onStart?.(units[i].claim, units[i].variant), onResult: (i, t) => onResult?.(units[i].claim, t.result) },
  );
  const results = selected.map((claim) => {
    const mine = timed.filter((_, i) => units[i].claim === claim);
    return claimResult(claim, mine.map((t) => t.result), mine.reduce((a, t) => a + t.ms, 0));
  });
  return verifyResult(profile, seed, results, startedAt, start);
}

/** Exit status of a run: 1 if any result is violated, else 3 if any is inconclusive, else 0. */
export function exitStatusOf(result: VerifyResult): 0 | 1 | 3 {
  if (result.summary.violated > 0) return 1;
  if (result.summary.inconclusive > 0) return 3;
  return 0;
}
