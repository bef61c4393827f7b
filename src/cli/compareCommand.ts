/**
 * `softmax-ntk compare OLD.json NEW.json [--rtol R] [--json]`: compares two results (`report.json`,
 * `verify --json`, `merge --json`; shard files too) claim × variant ({@link compareResults}) and prints the verdict
 * changes, the key-number and slack changes beyond the relative tolerance, and the claims and variants added or
 * removed. Exit 1 when something regressed (a result left `holds`, became `violated`, or disappeared), 0
 * otherwise; 2 when a file cannot be read or is not a result.
 *
 * @module
 */
import type { Command } from "commander";
import { fmt } from "../../properties/engine/run.js";
import type { VerifyResult } from "../../properties/engine/verifyRun.js";
import { type Comparison, DEFAULT_RTOL, compareResults } from "../results/compare.js";
import { parseResultJson, toVerifyResult } from "../results/readResult.js";
import { type CliIo, readArgumentFile } from "./io.js";
import { nonNegativeNumber } from "./options.js";

interface CompareOptions {
  rtol: number;
  json?: boolean;
}

/** Reads and validates one result file; every problem is an `InputError` naming the file. */
export function readResultFile(io: CliIo, file: string): VerifyResult {
  const text = readArgumentFile(io, file);
  return toVerifyResult(parseResultJson(text, file), file);
}

/** The comparison as text lines (one per change, then a count line). */
export function comparisonLines(c: Comparison, oldFile: string, newFile: string): string[] {
  const lines = [`compare: ${oldFile} (profile ${c.old.profile}, seed ${c.old.seed}) → ${newFile} (profile ${c.new.profile}, seed ${c.new.seed}); relative tolerance ${c.rtol}`];
  for (const n of c.notes) lines.push(`note: ${n}`);
  for (const v of c.verdictChanges) lines.push(`${v.claimId} ${v.variant}: verdict ${v.from} → ${v.to}${v.regression ? "  REGRESSION" : ""}`);
  for (const n of c.numberChanges) {
    const rel = n.relativeChange === null ? "" : ` (relative change ${fmt(n.relativeChange)})`;
    const what = n.quantity === "slack" ? "slack" : `key number ${n.name}`;
    lines.push(`${n.claimId} ${n.variant}: ${what} ${fmt(n.from)} → ${fmt(n.to)}${rel}`);
  }
  for (const id of c.addedClaims) lines.push(`+ claim ${id} added`);
  for (const id of c.removedClaims) lines.push(`- claim ${id} removed  REGRESSION`);
  for (const u of c.addedVariants) lines.push(`+ ${u.claimId} ${u.variant} added`);
  for (const u of c.removedVariants) lines.push(`- ${u.claimId} ${u.variant} removed  REGRESSION`);
  const added = c.addedClaims.length + c.addedVariants.length;
  const removed = c.removedClaims.length + c.removedVariants.length;
  lines.push(
    `compare: ${c.regressions} regression(s), ${c.verdictChanges.length} verdict change(s), ${c.numberChanges.length} number change(s) beyond ${c.rtol}, ${added} added, ${removed} removed`,
  );
  return lines;
}

/** Registers `compare`; `setExit` receives 1 on a regression. */
export function registerCompareCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("compare")
    .description("compare two results claim × variant; exit 1 when a result got worse")
    .argument("<old>", "the baseline result (report.json, verify --json or merge --json output)")
    .argument("<new>", "the result to judge against it")
    .option("--rtol <r>", `relative tolerance of key-number and slack changes (default ${DEFAULT_RTOL}: same-seed reruns are deterministic)`, nonNegativeNumber, DEFAULT_RTOL)
    .option("--json", "print the comparison as JSON")
    .action((oldFile: string, newFile: string, opts: CompareOptions) => {
      const comparison = compareResults(readResultFile(io, oldFile), readResultFile(io, newFile), opts.rtol);
      if (opts.json) io.stdout(`${JSON.stringify(comparison)}\n`);
      else io.stdout(`${comparisonLines(comparison, oldFile, newFile).join("\n")}\n`);
      setExit(comparison.regressions > 0 ? 1 : 0);
    });
}
