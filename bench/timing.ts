/**
 * Wall-clock timing for the benchmark: warm-up runs, then the median of k timed runs.
 *
 * The median (not the mean) is reported because single runs on a shared two-core machine pick up garbage
 * collection pauses and scheduler noise; the minimum and every sample are kept so a reader can judge the
 * spread. Slow cases may run fewer repetitions (never fewer than {@link MIN_REPS}); the result says how many.
 *
 * @module
 */
import { performance } from "node:perf_hooks";

/** The fewest timed repetitions any case may use. */
export const MIN_REPS = 3;

/** How to time one case. */
export interface TimingOptions {
  /** Timed repetitions wanted (≥ {@link MIN_REPS}). */
  readonly reps: number;
  /** Untimed warm-up runs before the timed ones (≥ 1: the first also measures how slow the case is). */
  readonly warmup: number;
  /**
   * When the slowest warm-up run takes longer than this many milliseconds, only {@link MIN_REPS} timed runs
   * are made (the result records it). `Infinity` disables the reduction.
   */
  readonly slowMs: number;
}

/** The outcome of timing one case. */
export interface Timing {
  /** Median of the timed runs, in milliseconds. */
  readonly medianMs: number;
  /** Fastest timed run, in milliseconds. */
  readonly minMs: number;
  /** Every timed run, in milliseconds, in run order. */
  readonly samplesMs: readonly number[];
  /** Number of timed runs actually made. */
  readonly reps: number;
  /** True when the repetitions were reduced because the case is slow (see {@link TimingOptions.slowMs}). */
  readonly reduced: boolean;
  /**
   * Median CPU time of this process per timed run (user + system, `process.cpuUsage`), in milliseconds. On a
   * busy shared machine wall time includes waiting for a core; for single-threaded work CPU time does not,
   * so it is the steadier measure of the work itself.
   */
  readonly cpuMedianMs: number;
}

/** The median of a non-empty list (mean of the two middle values for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times `fn`: `warmup` untimed runs, then `reps` timed runs (or {@link MIN_REPS} for a slow case).
 * The value each run returns is passed to `sink` so the work cannot be optimised away.
 */
export function timeMedian<T>(fn: () => T, options: TimingOptions, sink: (value: T) => void = () => undefined): Timing {
  if (!Number.isInteger(options.reps) || options.reps < MIN_REPS) {
    throw new RangeError(`reps must be an integer ≥ ${MIN_REPS}, got ${options.reps}`);
  }
  const warmup = Math.max(1, Math.floor(options.warmup));
  let slowest = 0;
  for (let k = 0; k < warmup; k++) {
    const t0 = performance.now();
    sink(fn());
    slowest = Math.max(slowest, performance.now() - t0);
  }
  const reduced = slowest > options.slowMs && options.reps > MIN_REPS;
  const reps = reduced ? MIN_REPS : options.reps;
  const samplesMs: number[] = [];
  const cpuMs: number[] = [];
  for (let k = 0; k < reps; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const value = fn();
    samplesMs.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
    sink(value);
  }
  return { medianMs: median(samplesMs), minMs: Math.min(...samplesMs), samplesMs, reps, reduced, cpuMedianMs: median(cpuMs) };
}
