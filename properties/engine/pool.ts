/**
 * Runs claim × variant units on a pool of `worker_threads` (one unit per worker at a time), so a run uses every
 * core. Results are identical to a serial run's: a worker calls the same `claim.run(variant, profile, runSeed,
 * impl)` as `runRegistered`, a unit's result depends only on the run seed, the claim and the variant (never on
 * which worker or in which order), and the results come back in the order of the unit list whatever order they
 * finished in. Units are handed out longest first by a static cost estimate (`./unitCost.ts`), which keeps the
 * workers evenly loaded and changes only the order.
 *
 * A worker that dies (uncaught error, out of memory, `process.exit`) while running a unit gives that unit a
 * `violated` result whose reason says so ({@link failedVariant}); a fresh worker takes over the remaining units.
 * A worker that cannot even start (its registry or implementation fails to load), or a unit the workers'
 * registry does not know, rejects the whole run with an Error: that is a bug or a broken build, not a verdict.
 *
 * The workers run the compiled build: from `dist/` this module starts its sibling `poolWorker.js`; run from the
 * TypeScript sources (vitest) it starts `dist/properties/engine/poolWorker.js`, so build first (`npm test` does).
 *
 * @module
 */
import { type ResourceLimits, Worker } from "node:worker_threads";
import type { ImplementationSpec } from "../../src/implementation/spec.js";
import type { FromWorker, ToWorker, WorkerSetup } from "./poolProtocol.js";
import type { ProfileName } from "./profiles.js";
import { failedVariant, variantSeed } from "./run.js";
import type { VariantResult } from "./types.js";
import { longestFirst } from "./unitCost.js";

/** True when this module runs from the compiled build (`.js`) rather than the TypeScript sources. */
const COMPILED = import.meta.url.endsWith(".js");

/** The compiled module `name` of `properties/` (`engine/poolWorker.js`, `index.js`) as a file URL. */
function compiled(name: string): URL {
  return COMPILED ? new URL(`../${name}`, import.meta.url) : new URL(`../../dist/properties/${name}`, import.meta.url);
}

/** The worker entry module. */
export const WORKER_MODULE: URL = compiled("engine/poolWorker.js");

/** The claim registry the workers load by default (`properties/index.ts`, compiled). */
export const REGISTRY_MODULE: URL = compiled("index.js");

/** Most workers a pool may have (`verify --workers` accepts 1 … this). */
export const MAX_WORKERS = 64;

/** One claim × variant unit. */
export interface PoolUnit {
  readonly claimId: string;
  readonly variant: string;
}

/** A unit's result and the milliseconds it took (in its worker; for a unit whose worker died, since dispatch). */
export interface TimedResult {
  readonly result: VariantResult;
  readonly ms: number;
}

/** What the pool runs and with how many workers. */
export interface PoolSettings {
  /** Number of worker threads (1 … {@link MAX_WORKERS}); never more than there are units. */
  readonly workers: number;
  readonly profile: ProfileName;
  readonly runSeed: number;
  readonly impl: ImplementationSpec;
  /** Module the workers take `CLAIMS` from (default {@link REGISTRY_MODULE}; tests pass fixtures). */
  readonly claimsModule?: URL;
  /** Per-worker memory limits (`worker_threads` resource limits); default Node's. */
  readonly resourceLimits?: ResourceLimits;
}

/** Progress callbacks: unit `index` was handed to a worker / its result arrived. */
export interface PoolEvents {
  readonly onStart?: (index: number) => void;
  readonly onResult?: (index: number, timed: TimedResult) => void;
}

/**
 * Runs `units` on a pool of workers.
 *
 * @returns the units' results in the order of `units`.
 * @throws (rejects) when a worker cannot start or a unit names an unknown claim or variant.
 */
export function runInPool(units: readonly PoolUnit[], settings: PoolSettings, events: PoolEvents = {}): Promise<TimedResult[]> {
  if (!Number.isInteger(settings.workers) || settings.workers < 1 || settings.workers > MAX_WORKERS) {
    return Promise.reject(new RangeError(`workers must be an integer in [1, ${MAX_WORKERS}], got ${settings.workers}`));
  }
  const setup: WorkerSetup = { profile: settings.profile, runSeed: settings.runSeed, impl: settings.impl, claimsModule: (settings.claimsModule ?? REGISTRY_MODULE).href };
  const queue = longestFirst(units);
  const results: (TimedResult | undefined)[] = new Array(units.length);
  let settled = 0;
  let stopped = false;
  const live = new Set<Worker>();

  return new Promise((resolve, reject) => {
    const stop = (error?: Error): void => {
      if (stopped) return;
      stopped = true;
      for (const w of live) void w.terminate();
      if (error === undefined) resolve(results as TimedResult[]);
      else reject(error);
    };
    const settle = (index: number, timed: TimedResult): void => {
      results[index] = timed;
      settled++;
      events.onResult?.(index, timed);
      if (settled === units.length) stop();
    };

    const spawn = (): void => {
      const worker = new Worker(WORKER_MODULE, { workerData: setup, ...(settings.resourceLimits ? { resourceLimits: settings.resourceLimits } : {}) });
      live.add(worker);
      let ready = false;
      let current: { index: number; since: number } | null = null;
      let death: string | undefined;
      const feed = (): void => {
        const index = queue.shift();
        if (index === undefined) {
          current = null;
          live.delete(worker);
          void worker.terminate();
          return;
        }
        current = { index, since: performance.now() };
        events.onStart?.(index);
        const message: ToWorker = { index, ...units[index] };
        worker.postMessage(message);
      };
      worker.on("message", (message: FromWorker) => {
        if (stopped) return;
        if (message.kind === "ready") {
          ready = true;
          feed();
        } else if (message.kind === "unknown") {
          stop(new Error(message.message));
        } else {
          current = null;
          settle(message.index, { result: message.result, ms: message.ms });
          if (!stopped) feed();
        }
      });
      worker.on("error", (e) => {
        death ??= `uncaught ${e.name}: ${e.message}`;
      });
      worker.on("exit", (code) => {
        live.delete(worker);
        if (stopped) return;
        const why = death ?? `exited with code ${code}`;
        if (!ready) {
          stop(new Error(`a pool worker could not start: ${why}`));
          return;
        }
        if (current === null) return;
        const { index, since } = current;
        const unit = units[index];
        const seed = variantSeed(settings.runSeed, unit.claimId, { label: unit.variant });
        settle(index, { result: failedVariant(unit.variant, seed, `the worker running this variant died: ${why}`), ms: performance.now() - since });
        if (!stopped && queue.length > 0) spawn();
      });
    };

    if (units.length === 0) {
      stop();
      return;
    }
    for (let k = 0; k < Math.min(settings.workers, units.length); k++) spawn();
  });
}
