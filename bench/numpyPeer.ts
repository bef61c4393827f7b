/**
 * The optional numpy peer: runs `bench/numpy_ref.py` on the very matrices the TypeScript side benchmarks.
 *
 * The inputs travel as raw little-endian float64 files in a temporary folder (removed afterwards). The child
 * process gets this process's environment minus `OPENBLAS_CORETYPE` and `OPENBLAS_L2_SIZE`: on some machines
 * these pin an old OpenBLAS kernel (a workaround for older builds) that slows a current numpy down. They are
 * removed for the benchmark child only, never in this process or anywhere else; the peer reports which BLAS
 * and which kernel it then ran.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { type BenchCase, GD_ETA, type Instance } from "./workload.js";
import type { TimingOptions } from "./timing.js";

/** Environment variables removed from the numpy child's environment (and only there). */
export const UNSET_FOR_PEER: readonly string[] = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"];

/**
 * The peer script `bench/numpy_ref.py`, found beside this module (run from source) or, from the compiled
 * `dist/bench/`, in the source folder `bench/` (tsc does not copy `.py` files).
 */
export const PEER_SCRIPT: string = [new URL("./numpy_ref.py", import.meta.url), new URL("../../bench/numpy_ref.py", import.meta.url)]
  .map((url) => fileURLToPath(url))
  .find((path) => existsSync(path)) ?? fileURLToPath(new URL("../../bench/numpy_ref.py", import.meta.url));

const timingSchema = {
  medianMs: z.number(),
  /** Median process CPU time per run, all BLAS threads together. */
  cpuMedianMs: z.number(),
  minMs: z.number(),
  samplesMs: z.array(z.number()),
  reps: z.number().int(),
  reduced: z.boolean(),
  n: z.number().int(),
  d: z.number().int(),
  m: z.number().int(),
};

const peerOutputSchema = z.object({
  numpy: z.string(),
  python: z.string(),
  blas: z.record(z.string(), z.unknown()),
  /**
   * One timing per case; `value` is what the case computed, for cross-checks: ‖H‖_F (ntk-assembly), λ_min
   * (lambda-min) or ‖W_final‖_F (gd-steps).
   */
  results: z.array(
    z.object({ task: z.enum(["ntk-assembly", "lambda-min", "gd-steps"]), ...timingSchema, value: z.number() }),
  ),
});

/** What the numpy peer printed: versions, BLAS report and one timing per (task, size). */
export type PeerOutput = z.infer<typeof peerOutputSchema>;

/** One timing of the numpy peer. */
export type PeerResult = PeerOutput["results"][number];

/** Either the peer's output or the reason it was skipped. */
export type PeerOutcome = { readonly ok: true; readonly output: PeerOutput } | { readonly ok: false; readonly reason: string };

/**
 * This process's environment without {@link UNSET_FOR_PEER} (a copy: `process.env` is not touched). With
 * `threads`, the copy also pins OpenBLAS/OpenMP to that many threads (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS).
 */
export function peerEnvironment(threads: number | null = null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of UNSET_FOR_PEER) delete env[name];
  if (threads !== null) {
    env.OPENBLAS_NUM_THREADS = String(threads);
    env.OMP_NUM_THREADS = String(threads);
  }
  return env;
}

/** The last non-empty line of a child's output, for one-line skip reasons. */
function lastLine(text: string): string {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
  return lines.length > 0 ? lines[lines.length - 1] : "";
}

/** Checks that `python -c "import numpy"` works; returns null when it does, else the reason. */
export function numpyUnavailable(python: string): string | null {
  const probe = spawnSync(python, ["-c", "import numpy"], { env: peerEnvironment(), encoding: "utf8", timeout: 60_000 });
  if (probe.error) return `${python} could not be started (${probe.error.message})`;
  if (probe.status !== 0) return `\`${python} -c "import numpy"\` failed: ${lastLine(probe.stderr) || `exit status ${probe.status}`}`;
  return null;
}

/** Writes a float64 buffer as raw little-endian bytes. */
function writeFloat64(path: string, data: Float64Array): void {
  const bytes = new ArrayBuffer(data.length * 8);
  const view = new DataView(bytes);
  for (let k = 0; k < data.length; k++) view.setFloat64(k * 8, data[k], true);
  writeFileSync(path, new Uint8Array(bytes));
}

/** A benchmark case with its seeded instance, as handed to the peer. */
export interface PeerCase {
  /** What to time. */
  readonly benchCase: BenchCase;
  /** The matrices it runs on. */
  readonly instance: Instance;
}

/**
 * Runs the numpy peer on the cases with the same timing rule; never throws (failures become a reason).
 * `threads` pins numpy's BLAS thread count (null: numpy's default, usually one per core).
 */
export function runNumpyPeer(
  python: string,
  peerCases: readonly PeerCase[],
  timing: TimingOptions,
  threads: number | null = null,
): PeerOutcome {
  const unavailable = numpyUnavailable(python);
  if (unavailable !== null) return { ok: false, reason: unavailable };
  if (!existsSync(PEER_SCRIPT)) return { ok: false, reason: `peer script ${PEER_SCRIPT} not found` };
  const dir = mkdtempSync(join(tmpdir(), "softmax-ntk-bench-"));
  try {
    const cases = peerCases.map(({ benchCase, instance: inst }, k) => {
      const files = { X: join(dir, `X${k}.f64`), W: join(dir, `W${k}.f64`), A: join(dir, `A${k}.f64`), Y: join(dir, `Y${k}.f64`) };
      writeFloat64(files.X, inst.X.data);
      writeFloat64(files.W, inst.weights.W.data);
      writeFloat64(files.A, inst.weights.A.data);
      writeFloat64(files.Y, inst.Y.data);
      const { n, d, m } = inst.size;
      return { task: benchCase.task, n, d, m, ...files, steps: benchCase.steps ?? 0, eta: GD_ETA };
    });
    const specPath = join(dir, "spec.json");
    const slowMs = Number.isFinite(timing.slowMs) ? timing.slowMs : 1e300;
    writeFileSync(specPath, JSON.stringify({ reps: timing.reps, warmup: timing.warmup, slowMs, cases }));
    const child = spawnSync(python, [PEER_SCRIPT, specPath], {
      env: peerEnvironment(threads),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      timeout: 30 * 60_000,
    });
    if (child.error) return { ok: false, reason: `numpy peer did not run (${child.error.message})` };
    if (child.status !== 0) {
      return { ok: false, reason: `numpy peer failed with status ${child.status}: ${lastLine(child.stderr)}` };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(lastLine(child.stdout));
    } catch (err) {
      return { ok: false, reason: `numpy peer printed no JSON (${(err as Error).message})` };
    }
    const parsed = peerOutputSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, reason: `numpy peer output has an unexpected shape: ${parsed.error.message}` };
    return { ok: true, output: parsed.data };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A one-line summary of the peer's BLAS report (library, version, run-time kernel, threads, env state). */
export function describeBlas(output: PeerOutput): string {
  const blas = output.blas;
  const parts: string[] = [`numpy ${output.numpy} (Python ${output.python})`];
  const str = (v: unknown): string => (typeof v === "string" || typeof v === "number" ? String(v) : "?");
  const record = (v: unknown): Record<string, unknown> | null =>
    typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  parts.push(`BLAS report from ${str(blas["source"])}`);
  const pools = blas["pools"];
  if (Array.isArray(pools)) {
    for (const pool of pools) {
      const p = record(pool);
      if (p === null) continue;
      parts.push(`${str(p["internal_api"])} ${str(p["version"])}, kernel ${str(p["architecture"])}, ${str(p["num_threads"])} threads`);
    }
  }
  const build = record(blas["blas"]);
  if (build !== null) parts.push(`${str(build["name"])} ${str(build["version"])}`);
  const runtime = record(blas["runtime"]);
  if (runtime !== null) {
    parts.push(`run-time kernel ${str(runtime["corename"])}, ${str(runtime["threads"])} threads (${str(runtime["library"])})`);
  }
  const envState = UNSET_FOR_PEER.map((name) => `${name}=${blas[name] === null || blas[name] === undefined ? "unset" : str(blas[name])}`);
  parts.push(`child env: ${envState.join(", ")}`);
  return parts.join("; ");
}
