/**
 * The suite's own network code as a {@link NetworkImplementation}: what every claim runs against unless
 * `verify --impl` names another implementation.
 *
 * @module
 */
import { forward } from "../network/forward.js";
import { gradient } from "../network/gradient.js";
import { empiricalNtk } from "../ntk/empirical.js";
import type { NetworkImplementation } from "./types.js";

/** The reference implementation (SPEC §2–3). */
export const REFERENCE_IMPLEMENTATION: NetworkImplementation = {
  name: "reference",
  reference: true,
  forward: (X, weights, opts) => forward(X, weights, opts).F,
  gradient: (X, Y, weights, opts) => gradient(X, Y, weights, opts),
  ntk: (X, weights, opts) => empiricalNtk(X, weights, opts.activation),
};
