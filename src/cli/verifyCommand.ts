/**
 * `softmax-ntk verify [--profile P] [--claims N1,T2] [--seed S] [--json]`: runs the claims and prints one line
 * per claim × variant (id, variant, verdict, key number), or with `--json` the machine-readable result.
 * Exit 0 when nothing is violated, 1 when some claim is violated, 3 when only inconclusive verdicts remain
 * besides holds / assumption-unmet, 2 on usage errors.
 *
 * @module
 */
import type { Command } from "commander";
import { CLAIMS, claimsNamed } from "../../properties/index.js";
import { type VerifyResult, exitStatusOf, runVerify } from "../../properties/engine/verifyRun.js";
import { PROFILES, type ProfileName } from "../../properties/engine/profiles.js";
import { fmt } from "../../properties/engine/run.js";
import type { VariantResult } from "../../properties/engine/types.js";
import type { RegisteredClaim } from "../../properties/engine/registry.js";
import { InputError } from "../io/inputError.js";
import type { CliIo } from "./io.js";
import { integerIn, oneOf } from "./options.js";

interface VerifyOptions {
  profile: ProfileName;
  claims?: string;
  seed: number;
  json?: boolean;
}

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
    .action((opts: VerifyOptions) => {
      const claims = selectClaims(opts.claims);
      const profile = PROFILES[opts.profile];
      const progress = opts.json ? (t: string) => io.stderr(t) : (t: string) => io.stdout(t);
      progress(`softmax-ntk verify: profile ${profile.name}, seed ${opts.seed}, ${claims.length} claims\n`);
      const result: VerifyResult = runVerify(claims, profile, opts.seed, (claim, r) => progress(`${resultLine(claim, r)}\n`));
      const s = result.summary;
      progress(`summary: ${s.holds} hold, ${s.violated} violated, ${s.inconclusive} inconclusive, ${s["assumption-unmet"]} assumption-unmet (${(result.timing.totalMs / 1000).toFixed(1)} s)\n`);
      if (opts.json) io.stdout(`${JSON.stringify(result)}\n`);
      setExit(exitStatusOf(result));
    });
}
