/**
 * Runs the CLI in-process with captured streams and an in-memory file system.
 */
import { runCli } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";
import type { RegisteredClaim } from "../../properties/engine/registry.js";

/** Captured outcome of one CLI run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Extra seams of one run: the environment the commands see (none by default) and the claim registry. */
export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly claims?: readonly RegisteredClaim[];
  /** Reads a file instead of the in-memory `files` (e.g. the real file system's `processIo.readText`). */
  readonly readText?: (path: string) => string;
}

/** Runs `softmax-ntk argv…` with `files` as the readable files (path → text). */
export async function runWith(argv: readonly string[], files: Record<string, string> = {}, options: RunOptions = {}): Promise<CliRun> {
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
      if (options.readText !== undefined) return options.readText(path);
      if (!(path in files)) {
        const err = new Error(`ENOENT: ${path}`) as NodeJS.ErrnoException;
        err.code = "ENOENT";
        throw err;
      }
      return files[path];
    },
    env: options.env ?? {},
  };
  const code = await runCli(argv, io, options.claims === undefined ? {} : { claims: options.claims });
  return { code, stdout, stderr };
}

/** A result's JSON text with the timing fields (`timing`, every claim's `durationMs`) blanked out. */
export function withoutTiming(json: string): string {
  const r = JSON.parse(json) as { timing: unknown; claims: { durationMs: number }[] };
  r.timing = null;
  for (const c of r.claims) c.durationMs = 0;
  return JSON.stringify(r);
}
