/**
 * Sharding a verification run: `verify --shard K/N` runs a deterministic share of the claim × variant units, and
 * `merge` puts the shares back together.
 *
 * The units of a run are its claim × variant pairs in run order (the selected claims in registry order, each
 * claim's variants in its own order), numbered j = 0, 1, …; unit j belongs to shard (j mod N) + 1. Round-robin
 * rather than contiguous blocks: a claim's variants cost about the same and expensive claims come in families
 * (the T claims), so dealing units out like cards spreads each claim's cost over all shards without needing
 * timings, and the assignment depends only on the unit list, never on the machine. A unit's result does not
 * depend on which shard runs it: its seed is derived from the run seed, the claim id and the variant label
 * (`variantSeed` in `run.ts`), and nothing is shared between units.
 *
 * @module
 */
import type { Profile } from "./profiles.js";
import type { RegisteredClaim } from "./registry.js";
import type { VerifyResult } from "./verifyRun.js";

/** Which share of the work: shard `index` of `count` (1 ≤ index ≤ count). */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** Largest shard count accepted (far more than any CI matrix; keeps typos like `1/30000` out). */
export const MAX_SHARDS = 1000;

/** One claim of a run with the labels of all its variants (the whole run, whatever the shard). */
export interface PlannedClaim {
  readonly id: string;
  readonly variants: readonly string[];
}

/** The claim × variant units of a whole run, in run order. */
export type RunPlan = readonly PlannedClaim[];

/** One claim × variant unit and its position in the run. */
export interface Unit {
  readonly claimId: string;
  readonly variant: string;
  /** j: the unit's 0-based position in run order. */
  readonly position: number;
}

/** A shard's result: the shard's part of a {@link VerifyResult}, plus what `merge` needs to check completeness. */
export interface ShardResult extends VerifyResult {
  /** The tool version that produced it (shards from different versions are not merged). */
  readonly toolVersion: string;
  /** Which shard this is. */
  readonly shard: ShardSpec;
  /** Every claim and variant label of the whole run (not only this shard's). */
  readonly plan: RunPlan;
}

/** The plan of a run over `claims` at `profile`. */
export function runPlan(claims: readonly RegisteredClaim[], profile: Profile): RunPlan {
  return claims.map((c) => ({ id: c.id, variants: c.variants(profile).map((v) => v.label) }));
}

/** The units of a plan, in run order. */
export function unitsOf(plan: RunPlan): Unit[] {
  const units: Unit[] = [];
  for (const claim of plan) for (const variant of claim.variants) units.push({ claimId: claim.id, variant, position: units.length });
  return units;
}

/** The shard (1-based) that unit `position` belongs to among `count` shards: (j mod N) + 1. */
export function shardOfUnit(position: number, count: number): number {
  return (position % count) + 1;
}

/** The units of one shard, in run order. */
export function unitsOfShard(plan: RunPlan, shard: ShardSpec): Unit[] {
  return unitsOf(plan).filter((u) => shardOfUnit(u.position, shard.count) === shard.index);
}

/** A string key of a unit (claim id and variant label cannot contain a NUL). */
export function unitKey(claimId: string, variant: string): string {
  return `${claimId}\u0000${variant}`;
}

/** Parses `K/N` (1 ≤ K ≤ N ≤ {@link MAX_SHARDS}); throws a RangeError naming the problem otherwise. */
export function parseShardSpec(text: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) throw new RangeError(`expected K/N with 1 ≤ K ≤ N (e.g. 2/3), got "${text}"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) throw new RangeError(`shard count must be in [1, ${MAX_SHARDS}], got "${text}"`);
  if (index < 1 || index > count) throw new RangeError(`shard index must be in [1, ${count}], got "${text}"`);
  return { index, count };
}

/** A shard's result: the run's result with the shard, the whole run's plan and the tool version added. */
export function shardResult(result: VerifyResult, shard: ShardSpec, plan: RunPlan, toolVersion: string): ShardResult {
  return { ...result, toolVersion, shard, plan };
}
