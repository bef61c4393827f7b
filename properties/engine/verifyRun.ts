/**
 * A whole verification run: the selected claims at one profile and seed, collected into the
 * machine-readable result that `verify --json` prints and the report renders.
 *
 * @module
 */
import type { ImplementationMethod, NetworkImplementation } from "../../src/implementation/types.js";
import type { RegisteredClaim } from "./registry.js";
import { runRegistered } from "./registry.js";
import type { Profile, ProfileName } from "./profiles.js";
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
  const selected = include === undefined ? claims : claims.filter((claim) => claim.variants(profile).some((v) => include(claim, v)));
  const results = selected.map((claim) =>
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

/** Exit status of a run: 1 if any result is violated, else 3 if any is inconclusive, else 0. */
export function exitStatusOf(result: VerifyResult): 0 | 1 | 3 {
  if (result.summary.violated > 0) return 1;
  if (result.summary.inconclusive > 0) return 3;
  return 0;
}
