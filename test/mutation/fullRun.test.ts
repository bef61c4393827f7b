/**
 * The evidence of the mutation self-test: `softmax-ntk mutants --json` over the whole catalogue (quick profile, all
 * claims, seed 0) must kill every mutant by a measured violation (not a crash), and each kill must include one of
 * the mutant's declared killers, i.e. a claim whose mathematics names the bug. Runs the reference and every mutant
 * in child processes (two at a time): a few minutes, hence the long time-out.
 */
import { describe, expect, it } from "vitest";
import { MUTANTS } from "../../src/mutation/catalogue.js";
import type { MutationRun } from "../../src/mutation/selfTest.js";
import { runWith } from "../cli/helpers.js";

/** Generous: the reference takes ≈ 40 s alone on 2 cores; 15+ children at 2 jobs on a shared machine take minutes. */
const FULL_RUN_TIMEOUT_MS = 30 * 60 * 1000;

describe("mutation self-test over the whole catalogue", () => {
  it(
    "kills every mutant with a measured violation of one of its declared killers",
    async () => {
      const r = await runWith(["mutants", "--json", "--no-report"]);
      const run = JSON.parse(r.stdout) as MutationRun;
      const summary = run.mutants.map((m) => `${m.id}: ${m.status} by [${m.killers.join(",")}] crash [${m.crashKillers.join(",")}] declared [${m.declaredKillers.join(",")}] ${m.detail ?? ""}`).join("\n");
      expect(run.mutants.map((m) => m.id)).toEqual(MUTANTS.map((m) => m.id));
      for (const m of run.mutants) {
        expect(m.status, summary).toBe("killed");
        expect(m.declaredKillerHit, summary).toBe(true);
        expect(m.firstKill?.crash, summary).toBe(false);
      }
      expect(run.score).toEqual({ killed: MUTANTS.length, total: MUTANTS.length, declaredKillerHits: MUTANTS.length });
      expect(r.code).toBe(0);
    },
    FULL_RUN_TIMEOUT_MS,
  );
});
