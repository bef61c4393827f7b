/**
 * `softmax-ntk verify [--profile P] [--claims N1,T2] [--seed S] [--json] [--out DIR] [--no-report]`: runs the
 * claims and prints one line per claim × variant (id, variant, verdict, key number), or with `--json` the
 * machine-readable result (progress then goes to stderr); then writes the report (`DIR/REPORT.md`,
 * `DIR/report.json`, `DIR/figures/*.svg`, default DIR `reports/`) unless `--no-report`.
 * Exit 0 when nothing is violated, 1 when some claim is violated, 3 when only inconclusive verdicts remain
 * besides holds / assumption-unmet, 2 on usage errors (including a report directory that cannot be written).
 *
 * @module
 */
import { join } from "node:path";
import type { Command } from "commander";
import { CLAIMS, claimsNamed } from "../../properties/index.js";
import { type VerifyResult, exitStatusOf, runVerify } from "../../properties/engine/verifyRun.js";
import { PROFILES, type ProfileName } from "../../properties/engine/profiles.js";
import { fmt } from "../../properties/engine/run.js";
import type { VariantResult } from "../../properties/engine/types.js";
import type { RegisteredClaim } from "../../properties/engine/registry.js";
import { InputError } from "../io/inputError.js";
import { REPORT_FILES, writeReport } from "../report/write.js";
import type { CliIo } from "./io.js";
import { integerIn, oneOf } from "./options.js";
import { verifyProgress } from "./progress.js";

interface VerifyOptions {
  profile: ProfileName;
  claims?: string;
  seed: number;
  json?: boolean;
  out: string;
  report: boolean;
}

/** File-system error codes that mean "this directory cannot be written" (a usage error, not a bug). */
const WRITE_ERROR_CODES = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "EISDIR", "ENOSPC", "EDQUOT", "ENAMETOOLONG", "ENOENT", "ELOOP"]);

/** One human-readable line for a claim × variant result. */
export function resultLine(claim: RegisteredClaim, r: VariantResult): string {
  const key = `${r.keyNumber.name} = ${fmt(r.keyNumber.value)}`;
  return `${claim.id.padEnd(3)} ${r.variant.padEnd(22)} ${r.verdict.padEnd(16)} ${key}  — ${r.reason}`;
}

/** Parses `--claims N1,T2` into registered claims (exit 2 with the unknown id named). */
export function selectClaims(list: string | undefined): readonly RegisteredClaim[] {
  if (list === undefined) return CLAIMS;
  const ids = list.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (ids.length === 0) throw new InputError("--claims", "is empty (expected ids like N1,T2)");
  try {
    return claimsNamed(ids);
  } catch (e) {
    throw new InputError("--claims", e instanceof Error ? e.message : String(e));
  }
}

/** Registers `verify`; `setExit` receives the run's exit status. */
export function registerVerifyCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("verify")
    .description("run the claims of SPEC §4 and print their verdicts")
    .option("--profile <name>", "quick, standard or thorough", oneOf<ProfileName>(["quick", "standard", "thorough"]), "standard")
    .option("--claims <ids>", "comma-separated claim ids (default: all)")
    .option("--seed <n>", "the run's seed", integerIn(0, 0xffffffff), 0)
    .option("--json", "print the machine-readable result on stdout")
    .option("--out <dir>", "directory of the report (REPORT.md, report.json, figures/)", "reports")
    .option("--no-report", "do not write the report")
    .action(async (opts: VerifyOptions) => {
      const claims = selectClaims(opts.claims);
      const profile = PROFILES[opts.profile];
      const stream = opts.json ? "stderr" : "stdout";
      const total = claims.reduce((a, c) => a + c.variants(profile).length, 0);
      const progress = verifyProgress(
        { write: (t) => (opts.json ? io.stderr(t) : io.stdout(t)), isTty: io.isTty?.(stream) ?? false, columns: io.columns?.(stream) },
        total,
      );
      progress.line(`softmax-ntk verify: profile ${profile.name}, seed ${opts.seed}, ${claims.length} claims, ${total} claim × variant results`);
      const result: VerifyResult = runVerify(
        claims,
        profile,
        opts.seed,
        (claim, r) => progress.done(resultLine(claim, r)),
        (claim, variant) => progress.start(claim.id, variant.label),
      );
      const s = result.summary;
      progress.line(`summary: ${s.holds} hold, ${s.violated} violated, ${s.inconclusive} inconclusive, ${s["assumption-unmet"]} assumption-unmet (${(result.timing.totalMs / 1000).toFixed(1)} s)`);
      if (opts.json) io.stdout(`${JSON.stringify(result)}\n`);
      if (opts.report) {
        try {
          const written = await writeReport(result, opts.out);
          for (const w of written.warnings) progress.line(`report: warning: ${w}`);
          progress.line(`report: ${written.markdown} (with ${written.json} and ${written.figures.length} figure(s) in ${join(opts.out, REPORT_FILES.figures)})`);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code !== undefined && WRITE_ERROR_CODES.has(code)) throw new InputError("--out", `cannot write the report to ${JSON.stringify(opts.out)}: ${e instanceof Error ? e.message : String(e)}`);
          throw e;
        }
      }
      setExit(exitStatusOf(result));
    });
}
