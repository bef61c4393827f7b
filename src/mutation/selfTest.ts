/**
 * The mutation self-test as a whole: run the reference once, then every selected mutant (in parallel children,
 * `./runner.ts`), judge each against the reference (`./outcome.ts`) and collect the machine-readable
 * {@link MutationRun} that `softmax-ntk mutants --json` prints and `mutants.json` stores.
 *
 * @module
 */
import type { ProfileName } from "../../properties/engine/profiles.js";
import type { Verdict } from "../../properties/engine/types.js";
import type { Mutant } from "./catalogue.js";
import { type ChildOutcome, type MutantOutcome, judgeMutant } from "./outcome.js";
import { type ChildPaths, type ChildRun, inPool, runChild } from "./runner.js";

/** Version of the `mutants.json` format. */
export const MUTATION_FORMAT_VERSION = 1;

/**
 * Default time-out of a mutant child: {@link TIMEOUT_FACTOR} × the reference's wall time + {@link TIMEOUT_SLACK_MS}.
 * Why a factor of 6: a mutant legitimately costs more than the reference, because every newly failing `each`
 * claim re-runs its check while fast-check shrinks the counterexample (typically tens of re-runs of one cheap
 * case, measured ≤ 2× the claim's time here) and a diverging or non-converging training run uses its whole step
 * budget instead of stopping at the residual floor (≤ 2×); with `jobs` children sharing the cores another factor
 * up to 1.5 is possible. 2 × 2 × 1.5 = 6. The 60 s cover process start-up and a loaded machine for short runs.
 */
export const TIMEOUT_FACTOR = 6;

/** Constant part of the default time-out (ms); see {@link TIMEOUT_FACTOR}. */
export const TIMEOUT_SLACK_MS = 60_000;

/** What one mutants run did (the content of `mutants.json`). */
export interface MutationRun {
  readonly tool: "softmax-ntk";
  readonly kind: "mutants";
  readonly formatVersion: number;
  readonly toolVersion: string;
  readonly profile: ProfileName;
  readonly seed: number;
  /** The claims every child ran (null: all registered claims). */
  readonly claims: readonly string[] | null;
  /** ISO time the run started. */
  readonly startedAt: string;
  /** The time-out each mutant child had (ms) and how it was chosen. */
  readonly timeout: { readonly ms: number; readonly rule: string };
  /** The unmutated run every mutant is compared with. */
  readonly reference: { readonly durationMs: number; readonly summary: Readonly<Record<Verdict, number>> };
  readonly mutants: readonly MutantOutcome[];
  /** K of T mutants killed by a measured violation; how many of the kills include a declared killer. */
  readonly score: { readonly killed: number; readonly total: number; readonly declaredKillerHits: number };
  readonly timing: { readonly totalMs: number };
}

/** Options of {@link runMutationSelfTest}. */
export interface SelfTestOptions {
  readonly mutants: readonly Mutant[];
  readonly profile: ProfileName;
  readonly seed: number;
  /** Restrict every child to these claims (undefined: all). */
  readonly claims?: readonly string[];
  /** Children in parallel (≥ 1). */
  readonly jobs: number;
  /** Time-out per mutant child in ms (undefined: derived from the reference, {@link TIMEOUT_FACTOR}). */
  readonly timeoutMs?: number;
  readonly toolVersion: string;
  readonly paths: ChildPaths;
  /** Progress: called once the reference finished and after each mutant. */
  readonly onProgress?: (text: string) => void;
  /** Runs one child (default {@link runChild}; a seam for tests). */
  readonly run?: (paths: ChildPaths, run: ChildRun, mutantId: string | null, timeoutMs: number | null) => Promise<ChildOutcome>;
}

/** Runs the reference and the mutants; throws when the reference itself gives no result. */
export async function runMutationSelfTest(o: SelfTestOptions): Promise<MutationRun> {
  const startedAt = new Date().toISOString();
  const start = performance.now();
  const run = o.run ?? runChild;
  const childRun: ChildRun = { profile: o.profile, seed: o.seed, ...(o.claims === undefined ? {} : { claims: o.claims }) };
  o.onProgress?.(`reference: running profile ${o.profile}, seed ${o.seed}${o.claims === undefined ? "" : `, claims ${o.claims.join(",")}`}`);
  const reference = await run(o.paths, childRun, null, o.timeoutMs ?? null);
  if (reference.kind !== "result") throw new Error(`the reference run (no mutant) gave no result: ${reference.detail}`);
  const timeout =
    o.timeoutMs !== undefined
      ? { ms: o.timeoutMs, rule: "--timeout" }
      : { ms: Math.round(TIMEOUT_FACTOR * reference.durationMs + TIMEOUT_SLACK_MS), rule: `${TIMEOUT_FACTOR} × reference wall time (${(reference.durationMs / 1000).toFixed(1)} s) + ${TIMEOUT_SLACK_MS / 1000} s` };
  o.onProgress?.(`reference: ${(reference.durationMs / 1000).toFixed(1)} s; ${o.mutants.length} mutant(s), ${o.jobs} at a time, time-out ${(timeout.ms / 1000).toFixed(0)} s each`);
  let done = 0;
  const outcomes = await inPool(o.mutants, o.jobs, async (mutant) => {
    const outcome = judgeMutant(mutant, reference.result, await run(o.paths, childRun, mutant.id, timeout.ms));
    done++;
    o.onProgress?.(`[${done}/${o.mutants.length}] ${mutant.id}: ${outcome.status} (${(outcome.durationMs / 1000).toFixed(1)} s)`);
    return outcome;
  });
  const killed = outcomes.filter((m) => m.status === "killed");
  return {
    tool: "softmax-ntk",
    kind: "mutants",
    formatVersion: MUTATION_FORMAT_VERSION,
    toolVersion: o.toolVersion,
    profile: o.profile,
    seed: o.seed,
    claims: o.claims ?? null,
    startedAt,
    timeout,
    reference: { durationMs: reference.durationMs, summary: reference.result.summary },
    mutants: outcomes,
    score: { killed: killed.length, total: outcomes.length, declaredKillerHits: killed.filter((m) => m.declaredKillerHit).length },
    timing: { totalMs: performance.now() - start },
  };
}
