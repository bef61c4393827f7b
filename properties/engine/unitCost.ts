/**
 * Static cost estimates of claim × variant units, for scheduling a worker pool longest first (LPT). A cost
 * decides only the order in which units are handed to workers, never a result: every unit's result depends on
 * the run seed, the claim and the variant alone (`variantSeed` in `run.ts`).
 *
 * The table is measured, not guessed: seconds per variant of each claim in the committed `standard` baseline
 * (`reports/report.json` of 2026-12-04, run seed 0, serial; a claim's `durationMs` ÷ its number of variants, to 3
 * significant digits). It
 * keeps its meaning at other profiles because the profiles scale every claim's work by similar factors (in the
 * quick baseline D4 and N1 are still the two most expensive claims). Claims missing from the table (added later)
 * get {@link DEFAULT_UNIT_SECONDS}, the table's median, so they go to the middle of the queue.
 *
 * @module
 */

/** Seconds per variant at the `standard` profile (reports/report.json: claim durationMs ÷ variants). */
export const STANDARD_SECONDS_PER_VARIANT: Readonly<Record<string, number>> = {
  D4: 85.5,
  D5: 14.8,
  T3: 10.5,
  N3: 10.2,
  N1: 9.28,
  T4: 6.81,
  N5: 6.48,
  P4: 6.07,
  T1: 3.78,
  T2: 3.77,
  T5: 2.58,
  P3: 1.58,
  T6: 1.31,
  D1: 0.447,
  N2: 0.215,
  P2: 0.0915,
  P1: 0.0903,
  D3: 0.0287,
  I1: 0.0229,
  D2: 0.0166,
  N4: 0.00922,
};

/** Estimate for a claim missing from the table: the table's median (T5), in seconds. */
export const DEFAULT_UNIT_SECONDS = 2.58;

/** Estimated cost (seconds at the standard profile) of one variant of claim `claimId`. */
export function unitCost(claimId: string): number {
  return STANDARD_SECONDS_PER_VARIANT[claimId] ?? DEFAULT_UNIT_SECONDS;
}

/**
 * The order in which to hand out `units`: most expensive first, ties in run order (a stable sort), so the
 * dispatch order is a function of the unit list alone.
 *
 * @returns indices into `units`.
 */
export function longestFirst(units: readonly { readonly claimId: string }[]): number[] {
  return units.map((_, i) => i).sort((a, b) => unitCost(units[b].claimId) - unitCost(units[a].claimId) || a - b);
}
