/**
 * Runs the CLI in-process with captured streams and an in-memory file system.
 */
import { runCli } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";

/** Captured outcome of one CLI run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `softmax-ntk argv…` with `files` as the readable files (path → text). */
export async function runWith(argv: readonly string[], files: Record<string, string> = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readText: (path) => {
      if (!(path in files)) {
        const err = new Error(`ENOENT: ${path}`) as NodeJS.ErrnoException;
        err.code = "ENOENT";
        throw err;
      }
      return files[path];
    },
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
