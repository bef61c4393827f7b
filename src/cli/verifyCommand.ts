/**
 * `softmax-ntk verify [--profile P] [--claims N1,T2] [--seed S] [--shard K/N] [--json] [--out DIR] [--no-report]`:
 * runs the claims and prints one line per claim × variant (id, variant, verdict, key number), or with `--json` the
 * machine-readable result (progress then goes to stderr); then writes the report (`DIR/REPORT.md`,
 * `DIR/report.json`, `DIR/figures/*.svg`, default DIR `reports/`) unless `--no-report`; when `DIR/mutants.json`
 * (a `mutants` run) exists, REPORT.md ends with its "Mutation self-test" section.
 *
 * With `--shard K/N` only the claim × variant units of shard K run (`properties/engine/shard.ts`: unit j of the
 * run goes to shard (j mod N) + 1); the result records the shard, the whole run's plan and the tool version, and
 * instead of a (partial) report it is written to `DIR/shard-K-of-N.json` for `merge`.
 *
 * When `GITHUB_STEP_SUMMARY` is set, the summary table is appended to that file.
 * Exit 0 when nothing is violated, 1 when some claim is violated, 3 when only inconclusive verdicts remain
 * besides holds / assumption-unmet, 2 on usage errors (including a report directory that cannot be written).
 *
 * @module
 */
import type { Command } from "commander";
import { CLAIMS } from "../../properties/index.js";
import { type VerifyResult, exitStatusOf, runVerify } from "../../properties/engine/verifyRun.js";
import { PROFILES, type ProfileName } from "../../properties/engine/profiles.js";
import { fmt } from "../../properties/engine/run.js";
import type { VariantResult } from "../../properties/engine/types.js";
import type { RegisteredClaim } from "../../properties/engine/registry.js";
import { type ShardSpec, runPlan, shardResult, unitKey, unitsOfShard } from "../../properties/engine/shard.js";
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
  json?: boolean;
  out: string;
  report: boolean;
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
    .option("--json", "print the machine-readable result on stdout")
    .option("--out <dir>", "directory of the report (REPORT.md, report.json, figures/) or of a shard's result", "reports")
    .option("--no-report", "do not write the report (or the shard's result file)")
    .action(async (opts: VerifyOptions) => {
      const claims = selectClaims(opts.claims, registry);
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
      const result: VerifyResult = runVerify(
        claims,
        profile,
        opts.seed,
        (claim, r) => progress.done(resultLine(claim, r)),
        (claim, variant) => progress.start(claim.id, variant.label),
        mine === null ? undefined : (claim, variant) => mine.has(unitKey(claim.id, variant.label)),
      );
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
      setExit(exitStatusOf(result));
    });
}
