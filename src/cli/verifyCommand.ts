/**
 * `softmax-ntk verify [--profile P] [--claims N1,T2] [--seed S] [--shard K/N] [--workers N] [--json] [--out DIR] [--no-report]`:
 * runs the claims and prints one line per claim × variant (id, variant, verdict, key number), or with `--json` the
 * machine-readable result (progress then goes to stderr); then writes the report (`DIR/REPORT.md`,
 * `DIR/report.json`, `DIR/figures/*.svg`, default DIR `reports/`) unless `--no-report`.
 *
 * With `--shard K/N` only the claim × variant units of shard K run (`properties/engine/shard.ts`: unit j of the
 * run goes to shard (j mod N) + 1); the result records the shard, the whole run's plan and the tool version, and
 * instead of a (partial) report it is written to `DIR/shard-K-of-N.json` for `merge`.
 *
 * With `--workers N` > 1 (default min(2, cores)) the units run on a pool of N worker threads, longest first
 * (`properties/engine/pool.ts`); the result is the same as with `--workers 1` (in-process, in run order) apart
 * from timing, and result lines appear in completion order. A shard's units go through the pool the same way.
 *
 * When `GITHUB_STEP_SUMMARY` is set, the summary table is appended to that file.
 * Exit 0 when nothing is violated, 1 when some claim is violated, 3 when only inconclusive verdicts remain
 * besides holds / assumption-unmet, 2 on usage errors (including a report directory that cannot be written).
 *
 * @module
 */
import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { CLAIMS } from "../../properties/index.js";
import { type VerifyResult, exitStatusOf, runVerify, runVerifyInPool } from "../../properties/engine/verifyRun.js";
import { MAX_WORKERS } from "../../properties/engine/pool.js";
import { PROFILES, type ProfileName } from "../../properties/engine/profiles.js";
import { fmt } from "../../properties/engine/run.js";
import type { Variant, VariantResult } from "../../properties/engine/types.js";
import type { RegisteredClaim } from "../../properties/engine/registry.js";
import { type ShardSpec, runPlan, shardResult, unitKey, unitsOfShard } from "../../properties/engine/shard.js";
import { InputError } from "../io/inputError.js";
import { type ImplementationSpec, REFERENCE_SPEC, implementationFor } from "../implementation/spec.js";
import { toolVersion } from "../report/toolVersion.js";
import type { CliIo } from "./io.js";
import { integerIn, oneOf, shardSpec } from "./options.js";
import { verifyProgress } from "./progress.js";
import { writeReportTo, writeShardTo } from "./reportOutput.js";
import { appendStepSummary } from "./stepSummary.js";

interface VerifyOptions {
  profile: ProfileName;
  claims?: string;
  seed: number;
  shard?: ShardSpec;
  workers?: number;
  json?: boolean;
  out: string;
  report: boolean;
}

/**
 * `--workers` when not given: min(2, available cores) for the built-in registry; 1 for an injected registry (a
 * test seam), whose claims the pool's workers, which load the built-in registry, cannot see.
 */
export function defaultWorkers(registry: readonly RegisteredClaim[]): number {
  return registry === CLAIMS ? Math.min(2, availableParallelism()) : 1;
}

/** One human-readable line for a claim × variant result. */
export function resultLine(claim: { readonly id: string }, r: VariantResult): string {
  const key = `${r.keyNumber.name} = ${fmt(r.keyNumber.value)}`;
  return `${claim.id.padEnd(3)} ${r.variant.padEnd(22)} ${r.verdict.padEnd(16)} ${key}  — ${r.reason}`;
}

/** The closing line of a run: verdict counts and run time. */
export function summaryLine(result: VerifyResult): string {
  const s = result.summary;
  return `summary: ${s.holds} hold, ${s.violated} violated, ${s.inconclusive} inconclusive, ${s["assumption-unmet"]} assumption-unmet (${(result.timing.totalMs / 1000).toFixed(1)} s)`;
}

/** Parses `--claims N1,T2` into claims of `registry` in the given order (exit 2 with the unknown id named). */
export function selectClaims(list: string | undefined, registry: readonly RegisteredClaim[] = CLAIMS): readonly RegisteredClaim[] {
  if (list === undefined) return registry;
  const ids = list.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (ids.length === 0) throw new InputError("--claims", "is empty (expected ids like N1,T2)");
  return ids.map((id) => {
    const claim = registry.find((c) => c.id === id);
    if (!claim) throw new InputError("--claims", `unknown claim id "${id}" (known: ${registry.map((c) => c.id).join(", ")})`);
    return claim;
  });
}

/** Registers `verify` over the claims of `registry`; `setExit` receives the run's exit status. */
export function registerVerifyCommand(program: Command, io: CliIo, setExit: (code: number) => void, registry: readonly RegisteredClaim[] = CLAIMS): void {
  program
    .command("verify")
    .description("run the claims of SPEC §4 and print their verdicts")
    .option("--profile <name>", "quick, standard or thorough", oneOf<ProfileName>(["quick", "standard", "thorough"]), "standard")
    .option("--claims <ids>", "comma-separated claim ids (default: all)")
    .option("--seed <n>", "the run's seed", integerIn(0, 0xffffffff), 0)
    .option("--shard <k/n>", "run only shard K of N of the claim × variant units (write DIR/shard-K-of-N.json for merge)", shardSpec)
    .option("--workers <n>", `worker threads running claim × variant units in parallel (1 = in-process, one after another; default min(2, cores) = ${defaultWorkers(registry)})`, integerIn(1, MAX_WORKERS))
    .option("--json", "print the machine-readable result on stdout")
    .option("--out <dir>", "directory of the report (REPORT.md, report.json, figures/) or of a shard's result", "reports")
    .option("--no-report", "do not write the report (or the shard's result file)")
    .action(async (opts: VerifyOptions) => {
      const claims = selectClaims(opts.claims, registry);
      const profile = PROFILES[opts.profile];
      const plan = runPlan(claims, profile);
      const shard = opts.shard;
      const mine = shard === undefined ? null : new Set(unitsOfShard(plan, shard).map((u) => unitKey(u.claimId, u.variant)));
      const stream = opts.json ? "stderr" : "stdout";
      const all = plan.reduce((a, c) => a + c.variants.length, 0);
      const total = mine === null ? all : mine.size;
      const progress = verifyProgress(
        { write: (t) => (opts.json ? io.stderr(t) : io.stdout(t)), isTty: io.isTty?.(stream) ?? false, columns: io.columns?.(stream) },
        total,
      );
      const scope = shard === undefined ? `${claims.length} claims, ${total} claim × variant results` : `shard ${shard.index}/${shard.count}: ${total} of ${all} claim × variant results of ${claims.length} claims`;
      progress.line(`softmax-ntk verify: profile ${profile.name}, seed ${opts.seed}, ${scope}`);
      const onResult = (claim: RegisteredClaim, r: VariantResult): void => progress.done(resultLine(claim, r));
      const onStart = (claim: RegisteredClaim, variant: Variant): void => progress.start(claim.id, variant.label);
      const include = mine === null ? undefined : (claim: RegisteredClaim, variant: Variant) => mine.has(unitKey(claim.id, variant.label));
      const impl: ImplementationSpec = REFERENCE_SPEC;
      // Loaded here even when workers run the claims: a broken implementation is reported once, before any worker starts.
      const implementation = implementationFor(impl);
      const workers = opts.workers ?? defaultWorkers(registry);
      const result: VerifyResult =
        workers === 1
          ? runVerify(claims, profile, opts.seed, onResult, onStart, include, implementation)
          : await runVerifyInPool(claims, profile, opts.seed, { workers, impl }, onResult, onStart, include);
      const version = toolVersion();
      const sharded = shard === undefined ? null : shardResult(result, shard, plan, version);
      progress.line(summaryLine(result));
      if (opts.json) io.stdout(`${JSON.stringify(sharded ?? result)}\n`);
      if (opts.report) {
        if (sharded === null) await writeReportTo(result, opts.out, (t) => progress.line(t));
        else await writeShardTo(sharded, opts.out, (t) => progress.line(t));
      }
      const title = shard === undefined ? "softmax-ntk verify" : `softmax-ntk verify (shard ${shard.index}/${shard.count})`;
      const summary = appendStepSummary(io, result, title, version);
      if (summary.warning !== undefined) progress.line(`warning: ${summary.warning}`);
      setExit(exitStatusOf(result));
    });
}
