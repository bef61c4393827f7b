/**
 * `softmax-ntk verify [--profile P] [--claims N1,T2] [--seed S] [--shard K/N] [--workers N] [--json] [--out DIR] [--no-report]`:
 * runs the claims and prints one line per claim × variant (id, variant, verdict, key number), or with `--json` the
 * machine-readable result (progress then goes to stderr); then writes the report (`DIR/REPORT.md`,
 * `DIR/report.json`, `DIR/figures/*.svg`, default DIR `reports/`) unless `--no-report`; when `DIR/mutants.json`
 * (a `mutants` run) exists, REPORT.md ends with its "Mutation self-test" section.
 *
 * With `--shard K/N` only the claim × variant units of shard K run (`properties/engine/shard.ts`: unit j of the
 * run goes to shard (j mod N) + 1); the result records the shard, the whole run's plan and the tool version, and
 * instead of a (partial) report it is written to `DIR/shard-K-of-N.json` for `merge`.
 *
 * With `--impl MODULE [--impl-timeout MS]` the claims run against a user's implementation
 * (`src/implementation/external.ts`) instead of the suite's own code: only the claims that declare the methods they
 * call (`implementation`) and whose methods the module provides run; the others are listed as skipped with the
 * reason. The result and the report record `implementation: {name, module, methods}`. A module that does not
 * load or is not a valid implementation is a usage error (exit 2); its failures during the run are `violated`
 * verdicts (exit 1).
 *
 * With `--workers N` > 1 (default min(2, cores)) the units run on a pool of N worker threads, longest first
 * (`properties/engine/pool.ts`); the result is the same as with `--workers 1` (in-process, in run order) apart
 * from timing, and result lines appear in completion order. A shard's units go through the pool the same way; each
 * pool worker loads its own copy of an `--impl` module.
 *
 * When `GITHUB_STEP_SUMMARY` is set, the summary table is appended to that file.
 * Exit 0 when nothing is violated, 1 when some claim is violated, 3 when only inconclusive verdicts remain
 * besides holds / assumption-unmet, 2 on usage errors (including a report directory that cannot be written).
 *
 * @module
 */
import { availableParallelism } from "node:os";
import { resolve as resolvePath } from "node:path";
import type { Command } from "commander";
import { CLAIMS } from "../../properties/index.js";
import { type VerifyResult, exitStatusOf, runVerify, runVerifyInPool } from "../../properties/engine/verifyRun.js";
import { MAX_WORKERS } from "../../properties/engine/pool.js";
import { PROFILES, type ProfileName } from "../../properties/engine/profiles.js";
import { fmt } from "../../properties/engine/run.js";
import type { Variant, VariantResult } from "../../properties/engine/types.js";
import type { RegisteredClaim } from "../../properties/engine/registry.js";
import { type ShardSpec, runPlan, shardResult, unitKey, unitsOfShard } from "../../properties/engine/shard.js";
import { type ExternalImplementation, DEFAULT_IMPL_TIMEOUT_MS, ImplementationLoadError, loadExternalImplementation } from "../implementation/external.js";
import { InputError } from "../io/inputError.js";
import { type ImplementationSpec, REFERENCE_SPEC } from "../implementation/spec.js";
import { toolVersion } from "../report/toolVersion.js";
import type { CliIo } from "./io.js";
import { integerIn, oneOf, selectByIds, shardSpec } from "./options.js";
import { verifyProgress } from "./progress.js";
import { readMutationRunIn, writeReportTo, writeShardTo } from "./reportOutput.js";
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
  impl?: string;
  implTimeout: number;
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

/** The closing line of a run: verdict counts, the violated claims (if any) and run time. */
export function summaryLine(result: VerifyResult): string {
  const s = result.summary;
  const violated = result.claims.filter((c) => c.results.some((r) => r.verdict === "violated")).map((c) => c.id);
  const named = violated.length === 0 ? "" : ` [violated: ${violated.join(", ")}]`;
  return `summary: ${s.holds} hold, ${s.violated} violated${named}, ${s.inconclusive} inconclusive, ${s["assumption-unmet"]} assumption-unmet (${(result.timing.totalMs / 1000).toFixed(1)} s)`;
}

/** Why `claim` cannot run against `impl` (null: it can): it checks only the suite's own code, or needs a method `impl` lacks. */
export function skipReason(claim: RegisteredClaim, impl: ExternalImplementation): string | null {
  const needs = claim.implementation ?? [];
  if (needs.length === 0) return "checks only the suite's own code";
  const missing = needs.filter((m) => !impl.methods.includes(m));
  return missing.length === 0 ? null : `needs ${missing.join(" and ")}, which "${impl.name}" does not provide`;
}

/** Loads `--impl MODULE` (exit 2 naming the problem when it cannot be used). */
export function loadImplementation(path: string, timeoutMs: number): ExternalImplementation {
  try {
    return loadExternalImplementation(path, timeoutMs);
  } catch (e) {
    if (e instanceof ImplementationLoadError) throw new InputError("--impl", e.message);
    throw e;
  }
}

/** Parses `--claims N1,T2` into claims of `registry` in the given order (exit 2 with the unknown id named). */
export function selectClaims(list: string | undefined, registry: readonly RegisteredClaim[] = CLAIMS): readonly RegisteredClaim[] {
  return list === undefined ? registry : selectByIds(list, registry, "--claims", "claim", "N1,T2");
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
    .option("--impl <module>", "check this JavaScript implementation module instead of the suite's own code (see README)")
    .option("--impl-timeout <ms>", "time-out of each call into the --impl module", integerIn(1, 3_600_000), DEFAULT_IMPL_TIMEOUT_MS)
    .action(async (opts: VerifyOptions) => {
      const selected = selectClaims(opts.claims, registry);
      // The worker is unref'd, so an early exit (e.g. an unwritable report directory) cannot keep the process alive.
      const impl = opts.impl === undefined ? undefined : loadImplementation(opts.impl, opts.implTimeout);
      const skipped = impl === undefined ? [] : selected.flatMap((c) => {
        const reason = skipReason(c, impl);
        return reason === null ? [] : [`skipped ${c.id}: ${reason}`];
      });
      const claims = impl === undefined ? selected : selected.filter((c) => skipReason(c, impl) === null);
      if (claims.length === 0) throw new InputError("--impl", `none of the selected claims can run against "${impl?.name}" (${skipped.join("; ")})`);
      // Read DIR/mutants.json (if any) before the run, so that a corrupt file is refused before any work is done.
      const mutants = opts.report && opts.shard === undefined ? readMutationRunIn(io, opts.out) : undefined;
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
      if (impl !== undefined) progress.line(`implementation "${impl.name}" from ${opts.impl} (methods: ${impl.methods.join(", ")}; time-out ${opts.implTimeout} ms per call)`);
      for (const line of skipped) progress.line(line);
      const onResult = (claim: RegisteredClaim, r: VariantResult): void => progress.done(resultLine(claim, r));
      const onStart = (claim: RegisteredClaim, variant: Variant): void => progress.start(claim.id, variant.label);
      const include = mine === null ? undefined : (claim: RegisteredClaim, variant: Variant) => mine.has(unitKey(claim.id, variant.label));
      // The module was loaded (and validated) above, once, before any worker starts; each worker loads its own copy.
      const spec: ImplementationSpec = opts.impl === undefined ? REFERENCE_SPEC : { kind: "module", path: resolvePath(opts.impl), timeoutMs: opts.implTimeout };
      const workers = opts.workers ?? defaultWorkers(registry);
      const run: VerifyResult =
        workers === 1
          ? runVerify(claims, profile, opts.seed, onResult, onStart, include, impl)
          : await runVerifyInPool(claims, profile, opts.seed, { workers, impl: spec }, onResult, onStart, include);
      const result: VerifyResult = impl === undefined ? run : { ...run, implementation: { name: impl.name, module: opts.impl ?? "", methods: impl.methods } };
      const version = toolVersion();
      const sharded = shard === undefined ? null : shardResult(result, shard, plan, version);
      progress.line(summaryLine(result));
      if (opts.json) io.stdout(`${JSON.stringify(sharded ?? result)}\n`);
      if (opts.report) {
        if (sharded === null) await writeReportTo(result, opts.out, (t) => progress.line(t), mutants === undefined ? {} : { mutants });
        else await writeShardTo(sharded, opts.out, (t) => progress.line(t));
      }
      const title = shard === undefined ? "softmax-ntk verify" : `softmax-ntk verify (shard ${shard.index}/${shard.count})`;
      const summary = appendStepSummary(io, result, title, version);
      if (summary.warning !== undefined) progress.line(`warning: ${summary.warning}`);
      impl?.close();
      setExit(exitStatusOf(result));
    });
}
