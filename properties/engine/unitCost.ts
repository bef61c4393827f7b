/**
 * Static cost estimates of claim × variant units, for scheduling a worker pool longest first (LPT). A cost
 * decides only the order in which units are handed to workers, never a result: every unit's result depends on
 * the run seed, the claim and the variant alone (`variantSeed` in `run.ts`).
 *
 * The table is measured, not guessed: seconds per variant of each claim in the committed `standard` baseline
 * (`reports/report.json` of 2026-12-05, run seed 0, 2 workers; a claim's `durationMs` ÷ its number of variants, to
 * 3 significant digits). It
 * keeps its meaning at other profiles because the profiles scale every claim's work by similar factors (in the
 * quick baseline D4 and N1 are still the two most expensive claims). Claims missing from the table (added later)
 * get {@link DEFAULT_UNIT_SECONDS}, the table's median, so they go to the middle of the queue.
 *
 * @module
 */

/** Seconds per variant at the `standard` profile (reports/report.json: claim durationMs ÷ variants). */
export const STANDARD_SECONDS_PER_VARIANT: Readonly<Record<string, number>> = {
  D4: 40.9,
  N3: 13.9,
  N1: 10.4,
  D5: 9.84,
  N5: 8.04,
  P4: 6.98,
  T3: 5.84,
  T4: 4.20,
  P3: 2.72,
  T1: 2.32,
  T2: 1.91,
  T5: 1.46,
  T6: 0.772,
  D1: 0.563,
  I5: 0.444,
  N2: 0.282,
  P1: 0.184,
  P2: 0.122,
  D3: 0.0533,
  I1: 0.0304,
  I2: 0.0292,
  D2: 0.0217,
  I6: 0.0201,
  N4: 0.0146,
  I7: 0.0120,
  I3: 0.00713,
  I4: 0.00477,
};

/** Estimate for a claim missing from the table: the table's median (D1), in seconds. */
export const DEFAULT_UNIT_SECONDS = 0.563;

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
