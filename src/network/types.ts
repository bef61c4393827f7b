/**
 * Shared types of the networks of SPEC §2.
 *
 * Shapes (SPEC §1): X is n×d (row i is x_i), Y is n×d, W is d×m (column r is w_r), A is d×m (row ℓ is a_ℓ).
 *
 * @module
 */
import type { Dense } from "../linalg/dense.js";

/** Hidden activation: the paper's softmax network, or the exp / ReLU comparison networks. */
export type Activation = "softmax" | "exp" | "relu";
/** Output scaling of the softmax network: c_m = m (`m`, the paper's form (?)) or √m (`sqrt`). */
export type Scale = "m" | "sqrt";
/** Initialisation variant: i.i.d. draws, or `coupled` (second half copies w and negates a, so F(0) = 0). */
export type Init = "iid" | "coupled";

/** All activations, in report order. */
export const ACTIVATIONS: readonly Activation[] = ["softmax", "exp", "relu"];
/** All scalings. */
export const SCALES: readonly Scale[] = ["m", "sqrt"];
/** All initialisation variants. */
export const INITS: readonly Init[] = ["iid", "coupled"];

/** Which network: activation and (softmax only) output scaling. */
export interface NetworkOptions {
  readonly activation: Activation;
  readonly scale: Scale;
}

/** Network weights: W (d×m, trained) and A (d×m, fixed output signs). */
export interface Weights {
  readonly W: Dense;
  readonly A: Dense;
}
