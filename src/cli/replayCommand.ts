/**
 * `softmax-ntk replay CLAIM --seed S [--path P] [--variant LABEL] [--profile NAME] [--json]`: re-runs one recorded
 * counterexample (the command REPORT.md prints under a violation) and prints the case and the check's outcome.
 *
 * `--seed` is the variant seed a result records (not the run seed); `--variant` is required when the claim has
 * several variants at the profile; `--profile` defaults to `standard` like `verify`'s. For claims judged case by
 * case (`each` rules) `--path` is required and the case at that path is replayed; for claims judged over all cases
 * together (`aggregate` rules) there is no single counterexample, so the variant is re-run with its seed and its
 * verdict printed (the path, if given, is ignored, and the output says so).
 *
 * Exit 1 when the replayed case (or re-run variant) is violated, 0 when it holds or its assumptions are unmet, 3
 * when a re-run variant is inconclusive, 2 on usage errors (unknown claim or variant, a path that leads nowhere).
 *
 * @module
 */
import type { Command } from "commander";
import { CLAIMS } from "../../properties/index.js";
import { PROFILES, type ProfileName } from "../../properties/engine/profiles.js";
import type { RegisteredClaim } from "../../properties/engine/registry.js";
import { type ReplayOutcome, ReplayPathError } from "../../properties/engine/replay.js";
import { fmt } from "../../properties/engine/run.js";
import type { Variant } from "../../properties/engine/types.js";
import { InputError } from "../io/inputError.js";
import type { CliIo } from "./io.js";
import { integerIn, oneOf } from "./options.js";
import { DEFAULT_IMPL_TIMEOUT_MS } from "../implementation/external.js";
import { loadImplementation, resultLine, skipReason } from "./verifyCommand.js";

interface ReplayOptions {
  seed: number;
  path?: string;
  variant?: string;
  profile: ProfileName;
  json?: boolean;
  impl?: string;
  implTimeout: number;
}

/** The variant `label` of `claim` at the profile, or its only variant when no label is given. */
function chooseVariant(claim: RegisteredClaim, label: string | undefined, profile: ProfileName): Variant {
  const variants = claim.variants(PROFILES[profile]);
  const labels = variants.map((v) => v.label).join(", ");
  if (label === undefined) {
    if (variants.length === 1) return variants[0];
    throw new InputError("--variant", `is required: ${claim.id} has ${variants.length} variants at profile ${profile} (${labels})`);
  }
  const variant = variants.find((v) => v.label === label);
  if (variant === undefined) throw new InputError("--variant", `"${label}" is not a variant of ${claim.id} at profile ${profile} (variants: ${labels})`);
  return variant;
}

/** The replay as text lines. */
export function replayLines(claimId: string, profile: ProfileName, r: ReplayOutcome): string[] {
  if (r.kind === "aggregate") {
    return [`replay ${claimId} ${r.variant} (profile ${profile}, variant seed ${r.seed}): ${r.note}`, resultLine({ id: claimId }, r.result)];
  }
  const o = r.outcome;
  const outcome =
    o.status === "violated"
      ? `outcome: violated — ${o.detail}${o.slack === null ? "" : ` (slack ${fmt(o.slack)})`}`
      : o.status === "holds"
        ? `outcome: holds${o.slack === null ? "" : ` (slack ${fmt(o.slack)})`} — this case no longer fails`
        : `outcome: assumption unmet — ${o.reason}`;
  return [`replay ${claimId} ${r.variant} (profile ${profile}, variant seed ${r.seed}, path ${r.path})`, "case:", JSON.stringify(r.counterexample, null, 2) ?? "null", outcome];
}

/** The exit status of a replay: 1 violated, 3 an inconclusive re-run, 0 otherwise. */
export function replayExitStatus(r: ReplayOutcome): 0 | 1 | 3 {
  const verdict = r.kind === "each" ? r.outcome.status : r.result.verdict;
  return verdict === "violated" ? 1 : verdict === "inconclusive" ? 3 : 0;
}

/** Registers `replay` over the claims of `registry`; `setExit` receives the replay's exit status. */
export function registerReplayCommand(program: Command, io: CliIo, setExit: (code: number) => void, registry: readonly RegisteredClaim[] = CLAIMS): void {
  program
    .command("replay")
    .description("re-run one recorded counterexample (the command REPORT.md prints under a violation)")
    .argument("<claim>", "the claim id, e.g. P1")
    .requiredOption("--seed <n>", "the variant seed the result records", integerIn(0, 0xffffffff))
    .option("--path <p>", "the counterexample path the result records (e.g. 3:1:0); required for claims judged case by case")
    .option("--variant <label>", "the variant label (required when the claim has several)")
    .option("--profile <name>", "the profile of the recorded run", oneOf<ProfileName>(["quick", "standard", "thorough"]), "standard")
    .option("--json", "print the replay as JSON")
    .option("--impl <module>", "replay against this implementation module (as `verify --impl` ran it)")
    .option("--impl-timeout <ms>", "time-out of each call into the --impl module", integerIn(1, 3_600_000), DEFAULT_IMPL_TIMEOUT_MS)
    .action((claimId: string, opts: ReplayOptions) => {
      const claim = registry.find((c) => c.id === claimId);
      if (!claim) throw new InputError("claim", `unknown claim id "${claimId}" (known: ${registry.map((c) => c.id).join(", ")})`);
      const variant = chooseVariant(claim, opts.variant, opts.profile);
      if (claim.ruleKind === "each" && opts.path === undefined) {
        throw new InputError("--path", `is required: ${claim.id} is judged case by case, and the path (recorded with the seed) locates the case`);
      }
      const impl = opts.impl === undefined ? undefined : loadImplementation(opts.impl, opts.implTimeout);
      const skip = impl === undefined ? null : skipReason(claim, impl);
      if (skip !== null) {
        impl?.close();
        throw new InputError("--impl", `${claim.id} cannot run against it: ${skip}`);
      }
      let replayed: ReplayOutcome;
      try {
        replayed = claim.replay(variant, PROFILES[opts.profile], opts.seed, opts.path, impl);
      } catch (e) {
        if (e instanceof ReplayPathError) throw new InputError("--path", e.message);
        throw e;
      } finally {
        impl?.close();
      }
      if (opts.json) io.stdout(`${JSON.stringify({ claim: claim.id, profile: opts.profile, ...replayed })}\n`);
      else io.stdout(`${replayLines(claim.id, opts.profile, replayed).join("\n")}\n`);
      setExit(replayExitStatus(replayed));
    });
}
