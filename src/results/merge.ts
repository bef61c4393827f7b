/**
 * Merges the shards of a run (`verify --shard K/N`, K = 1…N) into the {@link VerifyResult} an unsharded run with
 * the same profile and seed gives: claims and variants in the run's order, verdict counts recomputed. Only the
 * timing fields differ: a claim's `durationMs` is the sum of its shards' times, `timing.totalMs` the sum of
 * the shards' run times (work, not wall-clock time) and `timing.startedAt` the earliest start; `environment` is
 * the first shard's.
 *
 * The shards must belong together and cover the run exactly once: same tool version, format, profile, seed,
 * shard count and plan (claims and variant labels); shard indices 1…N each once; every unit of the plan in
 * exactly one shard, the one the assignment rule gives it (`properties/engine/shard.ts`). Any other
 * set is refused with an {@link InputError} naming the file and the problem.
 *
 * @module
 */
import type { ClaimResult, VariantResult } from "../../properties/engine/types.js";
import { type ShardResult, shardOfUnit, unitKey, unitsOf } from "../../properties/engine/shard.js";
import { type VerifyResult, summarizeVerdicts } from "../../properties/engine/verifyRun.js";
import { InputError } from "../io/inputError.js";

/** A shard's result and the file it came from (named in errors). */
export interface ShardFile {
  readonly file: string;
  readonly result: ShardResult;
}

/** Where a unit's result was found. */
interface Found {
  readonly file: string;
  readonly claim: ClaimResult;
  readonly result: VariantResult;
}

/** `N4,P1` with each claim's variant count, for messages about differing plans. */
function planText(shard: ShardResult): string {
  return shard.plan.map((c) => `${c.id}(${c.variants.join("|")})`).join(", ");
}

/** Checks that every shard belongs to the same run as the first. */
function checkSameRun(shards: readonly ShardFile[]): void {
  const first = shards[0];
  const ref = first.result;
  for (const { file, result } of shards.slice(1)) {
    const differs = (what: string, mine: unknown, theirs: unknown): InputError =>
      new InputError(file, `${what} ${JSON.stringify(mine)} differs from ${JSON.stringify(theirs)} in ${first.file} (shards of one run must agree)`);
    if (result.toolVersion !== ref.toolVersion) throw differs("tool version", result.toolVersion, ref.toolVersion);
    if (result.formatVersion !== ref.formatVersion) throw differs("result format", result.formatVersion, ref.formatVersion);
    if (result.profile !== ref.profile) throw differs("profile", result.profile, ref.profile);
    if (result.seed !== ref.seed) throw differs("seed", result.seed, ref.seed);
    if (JSON.stringify(result.implementation) !== JSON.stringify(ref.implementation)) throw differs("implementation", result.implementation ?? "reference", ref.implementation ?? "reference");
    if (result.shard.count !== ref.shard.count) throw differs("shard count", result.shard.count, ref.shard.count);
    if (JSON.stringify(result.plan) !== JSON.stringify(ref.plan)) {
      throw new InputError(file, `claim set differs from ${first.file}'s: ${planText(result)} vs ${planText(ref)} (shards of one run must agree)`);
    }
  }
}

/** Checks that shard indices 1…N each occur exactly once. */
function checkIndices(shards: readonly ShardFile[]): void {
  const count = shards[0].result.shard.count;
  const byIndex = new Map<number, string>();
  for (const { file, result } of shards) {
    const other = byIndex.get(result.shard.index);
    if (other !== undefined) throw new InputError(file, `duplicate shard ${result.shard.index}/${count} (also in ${other})`);
    byIndex.set(result.shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !byIndex.has(k));
  if (missing.length > 0) {
    const given = shards.map((s) => `${s.file} = ${s.result.shard.index}/${count}`).join(", ");
    throw new InputError("merge", `missing shard${missing.length > 1 ? "s" : ""} ${missing.map((k) => `${k}/${count}`).join(", ")} (given: ${given})`);
  }
}

/** Collects every unit's result, checking it is planned, in its own shard and not seen before. */
function collectUnits(shards: readonly ShardFile[]): Map<string, Found> {
  const plan = shards[0].result.plan;
  const position = new Map(unitsOf(plan).map((u) => [unitKey(u.claimId, u.variant), u.position]));
  const found = new Map<string, Found>();
  for (const { file, result } of shards) {
    const { index, count } = result.shard;
    for (const claim of result.claims) {
      for (const r of claim.results) {
        const key = unitKey(claim.id, r.variant);
        const unit = `${claim.id} ${r.variant}`;
        const j = position.get(key);
        if (j === undefined) throw new InputError(file, `unit ${unit} is not in the run's plan (${planText(result)})`);
        const seen = found.get(key);
        if (seen !== undefined) throw new InputError(file, `overlapping units: ${unit} is also in ${seen.file}`);
        const owner = shardOfUnit(j, count);
        if (owner !== index) throw new InputError(file, `unit ${unit} belongs to shard ${owner}/${count}, not ${index}/${count}`);
        found.set(key, { file, claim, result: r });
      }
    }
  }
  for (const u of unitsOf(plan)) {
    if (found.has(unitKey(u.claimId, u.variant))) continue;
    const owner = shardOfUnit(u.position, shards[0].result.shard.count);
    const file = shards.find((s) => s.result.shard.index === owner)?.file ?? "merge";
    throw new InputError(file, `shard ${owner}/${shards[0].result.shard.count} lacks unit ${u.claimId} ${u.variant} (truncated or edited?)`);
  }
  return found;
}

/** A claim's result assembled from its units (in the plan's variant order). */
function mergedClaim(id: string, variants: readonly string[], found: ReadonlyMap<string, Found>): ClaimResult {
  const parts = variants.map((v) => found.get(unitKey(id, v)) as Found);
  if (parts.length === 0) throw new Error(`claim ${id} has no variants in the plan`);
  const { family, title, statement, provenance, paperLocation } = parts[0].claim;
  const durations = new Map<ClaimResult, number>();
  for (const p of parts) durations.set(p.claim, p.claim.durationMs);
  const durationMs = [...durations.values()].reduce((a, b) => a + b, 0);
  return { id, family, title, statement, provenance, paperLocation, results: parts.map((p) => p.result), durationMs };
}

/**
 * Merges shards into one result.
 *
 * @param shards - every shard of one run, in any order.
 * @returns the result an unsharded run gives (timing fields aside).
 * @throws {@link InputError} naming the file and the problem when the shards do not make up one whole run.
 */
export function mergeShards(shards: readonly ShardFile[]): VerifyResult {
  if (shards.length === 0) throw new InputError("merge", "no shard files given");
  checkSameRun(shards);
  checkIndices(shards);
  const found = collectUnits(shards);
  const ordered = [...shards].sort((a, b) => a.result.shard.index - b.result.shard.index);
  const ref = ordered[0].result;
  const claims = ref.plan.map((c) => mergedClaim(c.id, c.variants, found));
  const totalMs = shards.reduce((a, s) => a + s.result.timing.totalMs, 0);
  const startedAt = shards.map((s) => s.result.timing.startedAt).sort()[0];
  return {
    tool: "softmax-ntk",
    formatVersion: ref.formatVersion,
    profile: ref.profile,
    seed: ref.seed,
    claims,
    summary: summarizeVerdicts(claims),
    timing: { totalMs, startedAt },
    environment: ref.environment,
    ...(ref.implementation === undefined ? {} : { implementation: ref.implementation }),
  };
}
