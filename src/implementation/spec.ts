/**
 * Which implementation a run tests, as plain data: what a pool worker receives (functions do not cross a
 * thread boundary, a description does) and turns back into a {@link NetworkImplementation} with
 * {@link implementationFor}.
 *
 * @module
 */
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
 * @throws Error for a `module` spec until the external loader (`./external.ts`) is wired in.
 */
export function implementationFor(spec: ImplementationSpec): NetworkImplementation {
  if (spec.kind === "reference") return REFERENCE_IMPLEMENTATION;
  throw new Error(`external implementation modules (${spec.path}) are wired by the lead at merge`);
}
