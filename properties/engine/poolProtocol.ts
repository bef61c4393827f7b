/**
 * The messages between the pool (`./pool.ts`, main thread) and its workers (`./poolWorker.ts`).
 *
 * @module
 */
import type { ImplementationSpec } from "../../src/implementation/spec.js";
import type { ProfileName } from "./profiles.js";
import type { VariantResult } from "./types.js";

/** What every worker of a run is started with (`workerData`). */
export interface WorkerSetup {
  readonly profile: ProfileName;
  readonly runSeed: number;
  readonly impl: ImplementationSpec;
  /** URL of the module the claims are looked up in (it exports `CLAIMS`, like `properties/index.ts`). */
  readonly claimsModule: string;
}

/** Main → worker: run unit `index` of the pool's unit list. */
export interface ToWorker {
  readonly index: number;
  readonly claimId: string;
  readonly variant: string;
}

/** Worker → main. */
export type FromWorker =
  /** Registry and implementation loaded; ready for units. */
  | { readonly kind: "ready" }
  /** Unit `index` ran: its result and the milliseconds it took in the worker. */
  | { readonly kind: "result"; readonly index: number; readonly result: VariantResult; readonly ms: number }
  /** Unit `index` names a claim or variant the worker's registry does not have (a bug, not a verdict). */
  | { readonly kind: "unknown"; readonly index: number; readonly message: string };
