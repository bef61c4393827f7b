/**
 * The Gram matrix's lower triangle on two threads: the main thread computes rows 0…s−1, one helper
 * `worker_threads` thread (`./gramWorker.ts`, started on first use, kept and unref'd) rows s…P−1, with
 * s = P/√2 rounded to a multiple of 4 so that both halves of the triangle hold the same number of entries.
 * A is copied into a SharedArrayBuffer the helper reads, and the helper writes its rows into a shared output;
 * the main thread blocks on `Atomics.wait` until the helper is done. Each entry is computed by one thread as the
 * same left-to-right sum (`gramRowsInto` in ../dense.ts), so the result is bit for bit the one-thread result.
 *
 * When threads are used: on the main thread only (the `verify` worker pool already keeps both cores busy with
 * one unit per thread), when {@link kernelThreads} is 2, and when the product has at least
 * {@link PARALLEL_MIN_WORK} multiply-adds (below that the message and wake-up latency, ≈ 0.1 ms, is not worth it).
 * The default is 2 threads on a machine with at least 2 cores, 1 when the environment variable
 * `SOFTMAX_NTK_KERNEL_THREADS=1` is set (the mutation runner sets it for its parallel child processes).
 *
 * Failure is never silent and never wrong: if the helper reports an error, dies or does not finish within the
 * time-out, its rows are computed on the main thread, the helper is terminated and threads stay off for the
 * rest of the process.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { isMainThread, Worker } from "node:worker_threads";
import { gramRowsInto } from "../dense.js";

/** Multiply-adds P²q/2 below which the Gram stays on one thread (≈ 6.7·10⁷, about 20 ms on one core). */
export const PARALLEL_MIN_WORK = 2 ** 26;

/** How long the main thread waits for the helper beyond its own share: the first call includes the helper's start-up. */
const HELPER_TIMEOUT_MS = 60_000;

let threads = process.env.SOFTMAX_NTK_KERNEL_THREADS === "1" || availableParallelism() < 2 ? 1 : 2;
let minWork = PARALLEL_MIN_WORK;
let helper: Worker | null = null;
let broken = false;

/** Threads the Gram kernel may use (1 or 2). */
export function kernelThreads(): number {
  return broken ? 1 : threads;
}

/**
 * Sets the Gram kernel's threads (1 or 2) and, for tests, the work threshold; returns the previous settings.
 */
export function setKernelThreads(settings: { readonly threads: 1 | 2; readonly minWork?: number }): { threads: 1 | 2; minWork: number } {
  const previous = { threads: threads as 1 | 2, minWork };
  threads = settings.threads;
  minWork = settings.minWork ?? PARALLEL_MIN_WORK;
  return previous;
}

/** True when this module runs from the compiled build (`.js`) rather than the TypeScript sources (tests). */
const COMPILED = import.meta.url.endsWith(".js");

/** The compiled helper module. */
const HELPER_MODULE = COMPILED ? new URL("./gramWorker.js", import.meta.url) : new URL("../../../dist/src/linalg/threads/gramWorker.js", import.meta.url);

function startHelper(): Worker {
  if (helper !== null) return helper;
  const w = new Worker(HELPER_MODULE);
  w.unref();
  w.on("error", () => {
    broken = true;
  });
  helper = w;
  return w;
}

function giveUp(): void {
  broken = true;
  if (helper !== null) void helper.terminate();
  helper = null;
}

/** Shared buffers up to this size are kept for the next call; larger ones are left to the garbage collector. */
const KEEP_SHARED_BYTES = 32 * 2 ** 20;

/** Reused shared buffers (grown on demand, kept only while small). */
let sharedA: SharedArrayBuffer | null = null;
let sharedOut: SharedArrayBuffer | null = null;

function shared(current: SharedArrayBuffer | null, bytes: number): SharedArrayBuffer {
  return current !== null && current.byteLength >= bytes ? current : new SharedArrayBuffer(bytes);
}

function keep(buffer: SharedArrayBuffer | null): SharedArrayBuffer | null {
  return buffer !== null && buffer.byteLength <= KEEP_SHARED_BYTES ? buffer : null;
}

/**
 * The lower triangle of A Aᵀ (A P×q row-major in `ad`) into `out` (P×P) on two threads (module doc).
 * Returns false, having done nothing, when threads are not to be used; the caller then runs one thread.
 */
export function gramLowerInParallel(ad: Float64Array, P: number, q: number, out: Float64Array): boolean {
  if (!isMainThread || kernelThreads() < 2 || (P * P * q) / 2 < minWork || P < 8) return false;
  if (helper === null && !existsSync(fileURLToPath(HELPER_MODULE))) {
    // No compiled helper (sources run without a build): one thread.
    broken = true;
    return false;
  }
  const split = Math.max(4, Math.min(P - 4, 4 * Math.round(P / Math.SQRT2 / 4)));
  // A already in shared memory (see `sharedZeros`) is read in place; otherwise it is copied.
  let aBuffer: SharedArrayBuffer;
  let aOffset = 0;
  if (ad.buffer instanceof SharedArrayBuffer) {
    aBuffer = ad.buffer;
    aOffset = ad.byteOffset;
  } else {
    sharedA = shared(sharedA, P * q * 8);
    new Float64Array(sharedA, 0, P * q).set(ad.subarray(0, P * q));
    aBuffer = sharedA;
  }
  sharedOut = shared(sharedOut, P * P * 8);
  const control = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker;
  try {
    worker = startHelper();
    worker.postMessage({ a: aBuffer, aOffset, out: sharedOut, control: control.buffer, P, q, from: split, to: P });
  } catch {
    giveUp();
    return false;
  }
  const started = performance.now();
  gramRowsInto(ad, P, q, out, 0, split);
  const own = performance.now() - started;
  const deadline = performance.now() + HELPER_TIMEOUT_MS + 20 * own;
  while (Atomics.load(control, 0) === 0) {
    const left = deadline - performance.now();
    if (left <= 0) break;
    Atomics.wait(control, 0, 0, left);
  }
  if (Atomics.load(control, 0) !== 1) {
    giveUp();
    gramRowsInto(ad, P, q, out, split, P);
    return true;
  }
  const o = new Float64Array(sharedOut, 0, P * P);
  out.set(o.subarray(split * P, P * P), split * P);
  sharedA = keep(sharedA);
  sharedOut = keep(sharedOut);
  return true;
}
