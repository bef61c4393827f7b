/**
 * Random initialisation of SPEC §1: w_r(0) ~ N(0, σ² I_d), a_{ℓ,r} ~ Unif{−1, +1}.
 *
 * Draw order: neuron-major (r outer, coordinate inner), W from the stream `fork("W")`, A from `fork("A")`.
 * So the first m' neurons of a width-m draw equal a width-m' draw with the same seed (nested widths), and
 * W does not depend on A. Variant `coupled` (m even): neurons r and r + m/2 share w and have opposite a,
 * which makes F(W(0), x) = 0 exactly for every network of SPEC §2.
 *
 * @module
 */
import { zeros } from "../linalg/dense.js";
import { Rng } from "../random/rng.js";
import type { Init, Weights } from "./types.js";

/** Parameters of an initial draw. */
export interface InitOptions {
  /** Input/output dimension d (≥ 1). */
  readonly d: number;
  /** Width m (≥ 1; even for `coupled`). */
  readonly m: number;
  /** Standard deviation σ > 0 of the entries of w_r(0). */
  readonly sigma: number;
  /** `iid` or `coupled`. */
  readonly init: Init;
}

/** Draws (W(0), A) from the given stream (which is not advanced: sub-streams are forked from it). */
export function initialWeights(opts: InitOptions, rng: Rng): Weights {
  const { d, m, sigma, init } = opts;
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`d must be a positive integer, got ${d}`);
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`m must be a positive integer, got ${m}`);
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`sigma must be a positive finite number, got ${sigma}`);
  if (init === "coupled" && m % 2 !== 0) throw new RangeError(`coupled initialisation needs an even width m, got ${m}`);
  const W = zeros(d, m);
  const A = zeros(d, m);
  const wRng = rng.fork("W");
  const aRng = rng.fork("A");
  const drawn = init === "coupled" ? m / 2 : m;
  for (let r = 0; r < drawn; r++) {
    for (let k = 0; k < d; k++) W.data[k * m + r] = sigma * wRng.gaussian();
    for (let l = 0; l < d; l++) A.data[l * m + r] = aRng.rademacher();
  }
  if (init === "coupled") {
    for (let r = drawn; r < m; r++) {
      for (let k = 0; k < d; k++) W.data[k * m + r] = W.data[k * m + r - drawn];
      for (let l = 0; l < d; l++) A.data[l * m + r] = -A.data[l * m + r - drawn];
    }
  }
  return { W, A };
}
