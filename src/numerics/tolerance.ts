/**
 * Floating-point error constants in units of machine epsilon (Higham, "Accuracy and Stability of Numerical
 * Algorithms", 2nd ed., §3.1): every tolerance of the suite is built from these, with its derivation
 * written beside it.
 *
 * @module
 */

/** Machine epsilon of float64, 2⁻⁵² (spacing of doubles at 1). */
export const EPSILON = Number.EPSILON;

/** Unit roundoff u = 2⁻⁵³: |fl(a ∘ b) − a ∘ b| ≤ u·|a ∘ b| for one basic operation. */
export const UNIT_ROUNDOFF = 2 ** -53;

/**
 * η = 2⁻¹⁰⁷⁴, the smallest positive subnormal double: the absolute error unit of underflow (a result in
 * the subnormal range is rounded to a multiple of η, so |fl(a ∘ b) − a ∘ b| ≤ u·|a ∘ b| + η/2 in general).
 */
export const SMALLEST_SUBNORMAL = 2 ** -1074;

/**
 * γ_k = k·u / (1 − k·u): a chain of k roundings has relative error at most γ_k (Higham, Lemma 3.1); e.g. a
 * dot product of length k satisfies |fl(xᵀy) − xᵀy| ≤ γ_k·|x|ᵀ|y|. Throws when k·u ≥ 1 (no bound).
 */
export function gamma(k: number): number {
  const ku = k * UNIT_ROUNDOFF;
  if (!(ku < 1)) throw new RangeError(`gamma: k·u = ${ku} ≥ 1 has no error bound`);
  return ku / (1 - ku);
}
