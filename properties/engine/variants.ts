/**
 * The standard variant lists (SPEC §2: the paper's exact scaling and initialisation are uncertain, so every
 * optimisation claim runs for scale ∈ {m, sqrt} × init ∈ {iid, coupled}).
 *
 * @module
 */
import { ACTIVATIONS, INITS, SCALES } from "../../src/network/types.js";
import type { Variant } from "./types.js";

/** scale × init for the softmax network: labels `scale=m,init=iid`, … */
export const SCALE_INIT_VARIANTS: readonly Variant[] = SCALES.flatMap((scale) =>
  INITS.map((init) => ({ label: `scale=${scale},init=${init}`, scale, init, activation: "softmax" as const })),
);

/** One variant per activation: labels `softmax`, `exp`, `relu`. */
export const ACTIVATION_VARIANTS: readonly Variant[] = ACTIVATIONS.map((activation) => ({ label: activation, activation }));

/** The single variant of claims that do not depend on a definition choice. */
export const SINGLE_VARIANT: readonly Variant[] = [{ label: "softmax", activation: "softmax" }];
