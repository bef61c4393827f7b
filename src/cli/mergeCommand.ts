/**
 * `softmax-ntk merge SHARD.json… [--out DIR] [--json] [--no-report]`: combines the shards of one run
 * (`verify --shard K/N`, K = 1…N) into the result an unsharded run gives ({@link mergeShards}), prints it like
 * `verify` does (one line per claim × variant, or the JSON with `--json`), writes the report exactly as `verify`
 * does (with the "Mutation self-test" section when `DIR/mutants.json` exists), and appends the summary to
 * `GITHUB_STEP_SUMMARY` when set. Exit statuses as for `verify`; shard files
 * that are unreadable, corrupt, not shards, or do not make up one whole run are refused with one line naming the
 * file (exit 2).
 *
 * @module
 */
import type { Command } from "commander";
import { exitStatusOf } from "../../properties/engine/verifyRun.js";
import { type ShardFile, mergeShards } from "../results/merge.js";
import { parseResultJson, toShardResult } from "../results/readResult.js";
import { type CliIo, readArgumentFile } from "./io.js";
import { readMutationRunIn, writeReportTo } from "./reportOutput.js";
import { appendStepSummary } from "./stepSummary.js";
import { resultLine, summaryLine } from "./verifyCommand.js";

interface MergeOptions {
  json?: boolean;
  out: string;
  report: boolean;
}

/** Reads and validates one shard file; every problem is an `InputError` naming the file. */
export function readShardFile(io: CliIo, file: string): ShardFile {
  const text = readArgumentFile(io, file);
  return { file, result: toShardResult(parseResultJson(text, file), file) };
}

/** Registers `merge`; `setExit` receives the merged run's exit status. */
export function registerMergeCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("merge")
    .description("combine the shard results of verify --shard K/N into one result and report")
    .argument("<shards...>", "the shard files (DIR/shard-K-of-N.json or verify --shard --json output), one per shard")
    .option("--json", "print the merged machine-readable result on stdout")
    .option("--out <dir>", "directory of the report (REPORT.md, report.json, figures/)", "reports")
    .option("--no-report", "do not write the report")
    .action(async (files: string[], opts: MergeOptions) => {
      const shards = files.map((f) => readShardFile(io, f));
      const mutants = opts.report ? readMutationRunIn(io, opts.out) : undefined;
      const result = mergeShards(shards);
      const line = (t: string): void => (opts.json ? io.stderr(`${t}\n`) : io.stdout(`${t}\n`));
      const count = shards[0].result.shard.count;
      line(`softmax-ntk merge: ${count} shard(s) of profile ${result.profile}, seed ${result.seed}, ${result.claims.length} claims`);
      for (const claim of result.claims) for (const r of claim.results) line(resultLine(claim, r));
      line(summaryLine(result));
      if (opts.json) io.stdout(`${JSON.stringify(result)}\n`);
      const version = shards[0].result.toolVersion;
      if (opts.report) await writeReportTo(result, opts.out, line, { toolVersion: version, ...(mutants === undefined ? {} : { mutants }) });
      const summary = appendStepSummary(io, result, "softmax-ntk merge", version);
      if (summary.warning !== undefined) line(`warning: ${summary.warning}`);
      setExit(exitStatusOf(result));
    });
}
