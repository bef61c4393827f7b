/**
 * The suite's own network code as a {@link NetworkImplementation}: what every claim runs against unless
 * `verify --impl` names another implementation.
 *
 * @module
 */
import { forward } from "../network/forward.js";
import { lossAndGradient } from "../network/lossGradient.js";
import { empiricalNtk } from "../ntk/empirical.js";
import type { NetworkImplementation } from "./types.js";

/** The reference implementation (SPEC §2–3). */
export const REFERENCE_IMPLEMENTATION: NetworkImplementation = {
  name: "reference",
  reference: true,
  forward: (X, weights, opts) => forward(X, weights, opts).F,
  // The gradient the training loops step with (one sweep; bit for bit `gradient` of ../network/gradient.ts, tested),
  // so the claims that check ∇L (I1, I2, I4, I5, I7) check the code the training claims run.
  gradient: (X, Y, weights, opts) => lossAndGradient(X, Y, weights, opts).gradient,
  ntk: (X, weights, opts) => empiricalNtk(X, weights, opts.activation),
};
