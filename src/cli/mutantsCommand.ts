/**
 * `softmax-ntk mutants [--json] [--mutants id,…] [--claims ids] [--seed S] [--jobs N] [--timeout SEC] [--out DIR]
 * [--no-report]`: the mutation self-test. Runs the `quick` profile of the selected claims (default all) once on the
 * reference and once per selected mutant of `src/mutation/catalogue.ts`, each in its own child process, and
 * reports which claims killed each mutant (`src/mutation/outcome.ts`) and the mutation score.
 *
 * Output: one line per mutant (id, status, killing claims with the key number of the first kill), then
 * `mutation score: K/T killed`; with `--json` one JSON object ({@link MutationRun}) on stdout and the progress on
 * stderr. Unless `--no-report`, writes `DIR/mutants.json` (atomically) and, when `DIR/report.json` exists,
 * re-renders `DIR/REPORT.md` from it with the "Mutation self-test" section. Exit 0 when every selected mutant is
 * killed, 1 when any is not, 2 on usage errors (unknown mutant or claim id, bad option values, unwritable DIR).
 *
 * @module
 */
import type { Command } from "commander";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { CLAIMS } from "../../properties/index.js";
import type { RegisteredClaim } from "../../properties/engine/registry.js";
import { InputError } from "../io/inputError.js";
import { MUTANTS, type Mutant } from "../mutation/catalogue.js";
import type { MutantOutcome } from "../mutation/outcome.js";
import { MUTANTS_FILE } from "../mutation/runFile.js";
import { childPaths } from "../mutation/runner.js";
import { type MutationRun, runMutationSelfTest } from "../mutation/selfTest.js";
import { fmt } from "../../properties/engine/run.js";
import { toolVersion } from "../report/toolVersion.js";
import { REPORT_FILES, renderReport, writeFileAtomic } from "../report/write.js";
import { parseResultJson, toVerifyResult } from "../results/readResult.js";
import type { CliIo } from "./io.js";
import { integerIn, positiveNumber, selectByIds } from "./options.js";
import { writingTo } from "./reportOutput.js";
import { selectClaims } from "./verifyCommand.js";

interface MutantsOptions {
  json?: boolean;
  mutants?: string;
  claims?: string;
  seed: number;
  jobs: number;
  timeout?: number;
  out: string;
  report: boolean;
}

/** Parses `--mutants a,b` into catalogue entries in the given order (exit 2 naming an unknown id). */
export function selectMutants(list: string | undefined, catalogue: readonly Mutant[] = MUTANTS): readonly Mutant[] {
  return list === undefined ? catalogue : selectByIds(list, catalogue, "--mutants", "mutant", "gd-ascent,tweedie-score-sign");
}

/** One human-readable line per mutant: id, status, killing claims and the first kill's key number. */
export function mutantLine(m: MutantOutcome): string {
  const parts = [m.id.padEnd(32), m.status.padEnd(10)];
  if (m.killers.length > 0) {
    parts.push(`killed by ${m.killers.join(",")}`);
    if (m.firstKill !== null) parts.push(`(${m.firstKill.claim} ${m.firstKill.variant}: ${m.firstKill.keyNumber.name} = ${fmt(m.firstKill.keyNumber.value)})`);
    if (!m.declaredKillerHit) parts.push(`[no declared killer: expected ${m.declaredKillers.join(",")}]`);
  }
  if (m.crashKillers.length > 0) parts.push(`crash in ${m.crashKillers.join(",")}`);
  if (m.detail !== undefined) parts.push(`— ${m.detail}`);
  return parts.join(" ").trimEnd();
}

/** The closing line: `mutation score: K/T killed`. */
export function scoreLine(run: MutationRun): string {
  return `mutation score: ${run.score.killed}/${run.score.total} killed (${run.score.declaredKillerHits} by a declared killer; ${(run.timing.totalMs / 1000).toFixed(1)} s)`;
}

/** Writes `dir/mutants.json` and, when `dir/report.json` exists, re-renders `dir/REPORT.md` with the section. */
async function writeMutationReport(io: CliIo, run: MutationRun, dir: string, line: (t: string) => void): Promise<void> {
  const reportJson = join(dir, REPORT_FILES.json);
  let text: string | undefined;
  try {
    text = io.readText(reportJson);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new InputError(reportJson, `cannot read it: ${e instanceof Error ? e.message : String(e)}`);
  }
  // Render before writing anything: a corrupt report.json is refused with nothing written.
  const markdown = text === undefined ? undefined : (await renderReport(toVerifyResult(parseResultJson(text, reportJson), reportJson), { mutants: run, renderFigure: async () => ({ svg: "", warnings: [] }) })).markdown;
  const path = join(dir, MUTANTS_FILE);
  await writingTo(dir, "mutants result", async () => {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(path, `${JSON.stringify(run, null, 2)}\n`);
    if (markdown !== undefined) await writeFileAtomic(join(dir, REPORT_FILES.markdown), markdown);
  });
  line(markdown === undefined ? `mutants: ${path} (no ${reportJson} to add the section to)` : `mutants: ${path}; ${join(dir, REPORT_FILES.markdown)} re-rendered with the "Mutation self-test" section`);
}

/** Registers `mutants`; `setExit` receives 0 when every selected mutant was killed, else 1. */
export function registerMutantsCommand(program: Command, io: CliIo, setExit: (code: number) => void, registry: readonly RegisteredClaim[] = CLAIMS): void {
  program
    .command("mutants")
    .description("mutation self-test: run the quick profile against deliberately broken implementations and report which claims kill them")
    .option("--json", "print the machine-readable result on stdout")
    .option("--mutants <ids>", "comma-separated mutant ids (default: the whole catalogue)")
    .option("--claims <ids>", "comma-separated claim ids every run is restricted to (default: all)")
    .option("--seed <n>", "the runs' seed", integerIn(0, 0xffffffff), 0)
    .option("--jobs <n>", "mutant runs in parallel", integerIn(1, 64), 2)
    .option("--timeout <sec>", "time-out per mutant run in seconds (default: 6 × the reference run's wall time + 60 s)", positiveNumber)
    .option("--out <dir>", "directory of mutants.json and of the report whose REPORT.md gets the section", "reports")
    .option("--no-report", "do not write mutants.json or touch REPORT.md")
    .action(async (opts: MutantsOptions) => {
      const mutants = selectMutants(opts.mutants);
      const claims = opts.claims === undefined ? undefined : selectClaims(opts.claims, registry).map((c) => c.id);
      const line = (t: string): void => (opts.json ? io.stderr(`${t}\n`) : io.stdout(`${t}\n`));
      line(`softmax-ntk mutants: ${mutants.length} mutant(s), profile quick, seed ${opts.seed}, ${claims === undefined ? "all claims" : `claims ${claims.join(",")}`}`);
      const run = await runMutationSelfTest({
        mutants,
        profile: "quick",
        seed: opts.seed,
        ...(claims === undefined ? {} : { claims }),
        jobs: opts.jobs,
        ...(opts.timeout === undefined ? {} : { timeoutMs: opts.timeout * 1000 }),
        toolVersion: toolVersion(),
        paths: childPaths(),
        onProgress: (t) => io.stderr(`${t}\n`),
      });
      for (const m of run.mutants) line(mutantLine(m));
      line(scoreLine(run));
      if (opts.json) io.stdout(`${JSON.stringify(run)}\n`);
      if (opts.report) await writeMutationReport(io, run, opts.out, line);
      setExit(run.score.killed === run.score.total ? 0 : 1);
    });
}
