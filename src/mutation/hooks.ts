/**
 * The ESM loader hook of the mutation self-test (registered by `./register.ts` with `module.register`; runs on
 * Node's loader thread). It patches exactly one compiled module, the mutant's target, and passes every other
 * module through untouched. A target whose `find` text does not occur exactly once makes the import fail with a
 * {@link StaleMutantError} (the preload has already checked the file on disk; this is the second line of defence
 * should the file change in between): a stale mutant never runs the unmutated code.
 *
 * @module
 */
import type { Mutant } from "./catalogue.js";
import { patchSource } from "./patch.js";

/** What the preload passes to {@link initialize}: the mutant and the file URL of its target. */
export interface HookData {
  readonly mutant: Mutant;
  readonly url: string;
}

/** Result of a `load` step (the subset of Node's `LoadFnOutput` the hook reads and returns). */
interface LoadResult {
  readonly format?: string | null;
  readonly source?: string | ArrayBuffer | ArrayBufferView | null;
  readonly shortCircuit?: boolean;
}

let target: HookData | null = null;

/** Receives the mutant from `module.register(…, { data })`. */
export function initialize(data: HookData): void {
  target = data;
}

/** Node's `load` hook: the target module's source comes back patched, every other module unchanged. */
export async function load(url: string, context: unknown, nextLoad: (url: string, context: unknown) => Promise<LoadResult>): Promise<LoadResult> {
  const result = await nextLoad(url, context);
  if (target === null || url !== target.url) return result;
  const raw = result.source;
  const source = typeof raw === "string" ? raw : raw instanceof ArrayBuffer ? Buffer.from(raw).toString("utf8") : raw ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8") : "";
  return { ...result, source: patchSource(source, target.mutant) };
}
