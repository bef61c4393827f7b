/**
 * Running verification children for the mutation self-test: each mutant (and the reference, once) runs in its own
 * process, `node --import <dist>/src/mutation/register.js bin/softmax-ntk.js verify --profile P --seed S --json
 * --no-report --workers 1 [--claims …]` (serial inside each child: the `jobs` children already share the cores, and
 * the loader hook that patches the mutant is registered in the child's main thread only), with the mutant's id in `SOFTMAX_NTK_MUTANT`, at most `jobs` at a time, each with a
 * time-out. A child's outcome is its parsed result, or why there is none (time-out, stale mutant, crash).
 *
 * @module
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { VerifyResult } from "../../properties/engine/verifyRun.js";
import { toVerifyResult } from "../results/readResult.js";
import { packageRoot } from "../report/toolVersion.js";
import type { ChildOutcome } from "./outcome.js";
import { CHILD_PREFIX, MUTANT_DEFINITION_ENV, MUTANT_ENV, STALE_EXIT } from "./patch.js";

/** The files a child needs: the preload and the CLI entry point. */
export interface ChildPaths {
  /** `dist/src/mutation/register.js`. */
  readonly register: string;
  /** `bin/softmax-ntk.js`. */
  readonly bin: string;
  /** The package root (the children's working directory). */
  readonly root: string;
}

/** The child paths of this installation (from the package root). */
export function childPaths(): ChildPaths {
  const root = packageRoot();
  if (root === null) throw new Error("cannot find softmax-ntk's package.json (needed to run mutant children)");
  return { root, register: join(root, "dist", "src", "mutation", "register.js"), bin: join(root, "bin", "softmax-ntk.js") };
}

/** What a child verifies: profile, seed and optionally a claim list (`--claims`). */
export interface ChildRun {
  readonly profile: string;
  readonly seed: number;
  readonly claims?: readonly string[];
}

/** The child's command-line arguments after `node`. */
export function childArgs(paths: ChildPaths, run: ChildRun): string[] {
  const claims = run.claims === undefined ? [] : ["--claims", run.claims.join(",")];
  return ["--import", pathToFileURL(paths.register).href, paths.bin, "verify", "--profile", run.profile, "--seed", String(run.seed), "--json", "--no-report", "--workers", "1", ...claims];
}

/** The last line of a child's stderr written by the mutation machinery, else its last non-empty line. */
function lastWords(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const ours = lines.filter((l) => l.startsWith(CHILD_PREFIX) && !l.includes("applied to"));
  return ours[ours.length - 1] ?? lines[lines.length - 1] ?? "(no output)";
}

/**
 * Runs one child: the reference when `mutantId` is null. Resolves (never rejects) to its outcome; a child that
 * runs longer than `timeoutMs` (null: no limit) is killed.
 */
export function runChild(paths: ChildPaths, run: ChildRun, mutantId: string | null, timeoutMs: number | null): Promise<ChildOutcome> {
  // Children run side by side (--jobs): each keeps its Gram products on one thread (src/linalg/threads/).
  const env: NodeJS.ProcessEnv = { ...process.env, [MUTANT_ENV]: mutantId ?? "", SOFTMAX_NTK_KERNEL_THREADS: "1" };
  delete env[MUTANT_DEFINITION_ENV];
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, childArgs(paths, run), { cwd: paths.root, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Uint8Array[] = [];
    const err: Uint8Array[] = [];
    child.stdout.on("data", (b: Uint8Array) => out.push(b));
    child.stderr.on("data", (b: Uint8Array) => err.push(b));
    let timedOut = false;
    const timer = timeoutMs === null ? null : setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const finish = (exitCode: number | null, spawnError?: Error): void => {
      if (timer !== null) clearTimeout(timer);
      const durationMs = performance.now() - start;
      const stderr = Buffer.concat(err).toString("utf8");
      if (spawnError !== undefined) return resolve({ kind: "crashed", detail: `could not start the child: ${spawnError.message}`, durationMs, exitCode });
      if (timedOut) return resolve({ kind: "timed-out", detail: `no result within ${(timeoutMs ?? 0) / 1000} s (killed)`, durationMs, exitCode });
      if (exitCode === STALE_EXIT) return resolve({ kind: "stale", detail: lastWords(stderr), durationMs, exitCode });
      let result: VerifyResult;
      try {
        result = toVerifyResult(JSON.parse(Buffer.concat(out).toString("utf8")) as unknown, "child result");
      } catch {
        return resolve({ kind: "crashed", detail: `exit status ${exitCode} without a result: ${lastWords(stderr)}`, durationMs, exitCode });
      }
      resolve({ kind: "result", result, durationMs, exitCode });
    };
    child.on("error", (e) => finish(null, e));
    child.on("close", (code) => finish(code));
  });
}

/** Maps `items` through `work` with at most `jobs` in flight; results in input order. */
export async function inPool<T, R>(items: readonly T[], jobs: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const k = next++;
      results[k] = await work(items[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}
