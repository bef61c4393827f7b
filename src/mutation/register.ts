/**
 * The `--import` preload of a mutant child: `node --import <dist>/src/mutation/register.js bin/softmax-ntk.js
 * verify …` with the mutant's id in `SOFTMAX_NTK_MUTANT`. Without that variable it does nothing (the reference
 * run). With it, it checks the mutant against the compiled file on disk and refuses a stale one (unknown id,
 * missing file, `find` not exactly once) with one line on stderr and exit status {@link STALE_EXIT}, before any
 * of the tool runs; otherwise it registers the loader hook (`./hooks.ts`) for the target module.
 *
 * At exit it reports on stderr whether the patched module was evaluated; if it never was (the run did not load
 * the target), the child exits with {@link STALE_EXIT} too, so that an unmutated run is never taken for a
 * surviving mutant.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { register } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CHILD_PREFIX, MUTANT_ENV, STALE_EXIT, StaleMutantError, appliedMutant, mutantFromEnv, patchSource } from "./patch.js";
import type { Mutant } from "./catalogue.js";
import type { HookData } from "./hooks.js";

/** `dist/` (this module is `dist/src/mutation/register.js`). */
const DIST_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Writes one line and exits with {@link STALE_EXIT}. */
function refuse(message: string): never {
  process.stderr.write(`${CHILD_PREFIX}: ${message.replace(/\n/g, "\\n")}\n`);
  process.exit(STALE_EXIT);
}

function prepare(): void {
  let mutant: Mutant | undefined;
  try {
    mutant = mutantFromEnv(process.env);
  } catch (e) {
    refuse(e instanceof Error ? e.message : String(e));
  }
  if (mutant === undefined) return;
  const path = join(DIST_ROOT, mutant.file);
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch {
    refuse(`stale mutant "${mutant.id}": its target dist/${mutant.file} does not exist (is the build current?)`);
  }
  try {
    patchSource(source, mutant);
  } catch (e) {
    if (e instanceof StaleMutantError) refuse(e.message);
    throw e;
  }
  const data: HookData = { mutant, url: pathToFileURL(path).href };
  register<HookData>("./hooks.js", { parentURL: import.meta.url, data });
  const id = mutant.id;
  process.on("exit", () => {
    if (appliedMutant() === id) {
      process.stderr.write(`${CHILD_PREFIX}: "${id}" applied to dist/${mutant.file}\n`);
    } else {
      process.stderr.write(`${CHILD_PREFIX}: stale mutant "${id}": dist/${mutant.file} was never loaded, so the run did not exercise the mutant\n`);
      process.exitCode = STALE_EXIT;
    }
  });
}

if (process.env[MUTANT_ENV] !== undefined && process.env[MUTANT_ENV] !== "") prepare();
