/**
 * Which implementation a run tests, as plain data: what a pool worker receives (functions do not cross a
 * thread boundary, a description does) and turns back into a {@link NetworkImplementation} with
 * {@link implementationFor}.
 *
 * @module
 */
import { loadExternalImplementation } from "./external.js";
import { REFERENCE_IMPLEMENTATION } from "./reference.js";
import type { NetworkImplementation } from "./types.js";

/**
 * The implementation under test: the suite's reference, or a user module (`verify --impl MODULE`) loaded from
 * `path` whose calls are cut off after `timeoutMs` milliseconds. JSON- and structured-clone-safe.
 */
export type ImplementationSpec = { readonly kind: "reference" } | { readonly kind: "module"; readonly path: string; readonly timeoutMs: number };

/** The reference implementation's spec. */
export const REFERENCE_SPEC: ImplementationSpec = { kind: "reference" };

/**
 * The implementation a spec describes.
 *
 * @throws `ImplementationLoadError` when a `module` spec's module cannot be loaded or is not an implementation.
 */
export function implementationFor(spec: ImplementationSpec): NetworkImplementation {
  if (spec.kind === "reference") return REFERENCE_IMPLEMENTATION;
  return loadExternalImplementation(spec.path, spec.timeoutMs);
}
