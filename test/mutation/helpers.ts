/**
 * Running a mutant child directly (the command line the `mutants` command uses), for the hook's tests.
 */
import { spawnSync } from "node:child_process";
import { childArgs, childPaths } from "../../src/mutation/runner.js";
import { MUTANT_DEFINITION_ENV, MUTANT_ENV } from "../../src/mutation/patch.js";
import type { Mutant } from "../../src/mutation/catalogue.js";

/** Outcome of one child. */
export interface ChildRunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `verify --profile quick --seed 0 --json --no-report --claims <claims>` under `mutant` (id, or a full definition). */
export function runMutantChild(mutant: string | Mutant, claims: readonly string[]): ChildRunResult {
  const paths = childPaths();
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env[MUTANT_DEFINITION_ENV];
  if (typeof mutant === "string") env[MUTANT_ENV] = mutant;
  else {
    env[MUTANT_ENV] = mutant.id;
    env[MUTANT_DEFINITION_ENV] = JSON.stringify(mutant);
  }
  const r = spawnSync(process.execPath, childArgs(paths, { profile: "quick", seed: 0, claims }), { cwd: paths.root, env, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
