/**
 * Writing a command's files (the report, a shard's result) and turning a directory that cannot be written into a
 * usage error naming `--out` (exit 2), shared by `verify` and `merge`.
 *
 * @module
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { ShardResult } from "../../properties/engine/shard.js";
import type { VerifyResult } from "../../properties/engine/verifyRun.js";
import { InputError } from "../io/inputError.js";
import { MUTANTS_FILE, parseMutationRun } from "../mutation/runFile.js";
import type { MutationRun } from "../mutation/selfTest.js";
import { REPORT_FILES, type WriteReportOptions, writeFileAtomic, writeReport } from "../report/write.js";
import type { CliIo } from "./io.js";

/** File-system error codes that mean "this directory cannot be written" (a usage error, not a bug). */
const WRITE_ERROR_CODES = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "EISDIR", "ENOSPC", "EDQUOT", "ENAMETOOLONG", "ENOENT", "ELOOP"]);

/**
 * Runs `write`, turning a file-system error about `dir` into an {@link InputError} for `--out`. An empty `dir`
 * is refused before anything is written (paths joined to "" land in the current directory).
 */
export async function writingTo<T>(dir: string, what: string, write: () => Promise<T>): Promise<T> {
  if (dir.trim() === "") throw new InputError("--out", `is empty (expected the directory of the ${what})`);
  try {
    return await write();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && WRITE_ERROR_CODES.has(code)) throw new InputError("--out", `cannot write the ${what} to ${JSON.stringify(dir)}: ${e instanceof Error ? e.message : String(e)}`);
    throw e;
  }
}

/**
 * Writes the report of `result` into `dir` ({@link writeReport}) and prints what was written through `line`.
 *
 * @throws {@link InputError} for `--out` when the directory cannot be written.
 */
export async function writeReportTo(result: VerifyResult, dir: string, line: (text: string) => void, options: WriteReportOptions = {}): Promise<void> {
  const written = await writingTo(dir, "report", () => writeReport(result, dir, options));
  for (const w of written.warnings) line(`report: warning: ${w}`);
  line(`report: ${written.markdown} (with ${written.json} and ${written.figures.length} figure(s) in ${join(dir, REPORT_FILES.figures)})`);
}

/** The file name of shard K of N inside the output directory. */
export function shardFileName(shard: ShardResult["shard"]): string {
  return `shard-${shard.index}-of-${shard.count}.json`;
}

/**
 * Writes a shard's result, pretty-printed like report.json, atomically to `dir/shard-K-of-N.json` (the
 * directory is created if missing) and prints its path through `line`.
 *
 * @throws {@link InputError} for `--out` when the directory cannot be written.
 */
export async function writeShardTo(result: ShardResult, dir: string, line: (text: string) => void): Promise<void> {
  const path = join(dir, shardFileName(result.shard));
  await writingTo(dir, "shard result", async () => {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(path, `${JSON.stringify(result, null, 2)}\n`);
  });
  line(`shard: ${path} (combine the shards with: softmax-ntk merge ${join(dir, `shard-*-of-${result.shard.count}.json`)})`);
}

/**
 * The mutation self-test run stored in `dir/mutants.json`, or undefined when there is none.
 *
 * @throws {@link InputError} naming the file when it exists but cannot be read or is not a valid mutants result.
 */
export function readMutationRunIn(io: CliIo, dir: string): MutationRun | undefined {
  const path = join(dir, MUTANTS_FILE);
  let text: string;
  try {
    text = io.readText(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new InputError(path, `cannot read it: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseMutationRun(text, path);
}
