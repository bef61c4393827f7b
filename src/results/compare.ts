/**
 * Compares two verification results claim × variant: verdict changes, changes of the key number and the slack
 * beyond a relative tolerance, and claims or variants added or removed. A *regression* is a result that got
 * worse — a verdict that leaves `holds` (for violated, inconclusive or assumption-unmet), any verdict that
 * becomes `violated`, or a claim or variant that disappeared — and makes `compare` exit 1; number changes
 * alone are reported, not judged.
 *
 * @module
 */
import type { Verdict } from "../../properties/engine/types.js";
import type { VerifyResult } from "../../properties/engine/verifyRun.js";

/**
 * Default relative tolerance of number changes. Two runs with the same profile and seed recompute the same
 * numbers deterministically, so on one machine and Node.js they agree bit for bit; across Node.js versions or
 * platforms `Math.exp`, `Math.log` etc. may differ in the last bit (they are not required to be correctly
 * rounded), and the eigenvalue and fitting steps amplify that by their condition numbers to perhaps 1e-12
 * relative. 1e-9 leaves a wide margin over that noise while catching any change of the computation itself.
 * Comparing runs with different seeds or profiles needs a much larger `--rtol`.
 */
export const DEFAULT_RTOL = 1e-9;

/** A claim × variant whose verdict changed. */
export interface VerdictChange {
  readonly claimId: string;
  readonly variant: string;
  readonly from: Verdict;
  readonly to: Verdict;
  /** Whether the result got worse ({@link isRegression}). */
  readonly regression: boolean;
}

/** A number of a claim × variant that changed beyond the tolerance. */
export interface NumberChange {
  readonly claimId: string;
  readonly variant: string;
  /** `key number` (named by `name`) or `slack`. */
  readonly quantity: "key number" | "slack";
  /** The key number's name (the new one), or `slack`. */
  readonly name: string;
  readonly from: number | null;
  readonly to: number | null;
  /** |to − from| / max(|from|, |to|); null when one side is null (not a finite number). */
  readonly relativeChange: number | null;
}

/** A claim × variant present on one side only. */
export interface UnitRef {
  readonly claimId: string;
  readonly variant: string;
}

/** The outcome of {@link compareResults}. */
export interface Comparison {
  readonly rtol: number;
  readonly old: { readonly profile: string; readonly seed: number };
  readonly new: { readonly profile: string; readonly seed: number };
  /** Why number changes may be expected (different profile or seed). */
  readonly notes: readonly string[];
  readonly verdictChanges: readonly VerdictChange[];
  readonly numberChanges: readonly NumberChange[];
  readonly addedClaims: readonly string[];
  readonly removedClaims: readonly string[];
  /** Variants added to claims present in both results. */
  readonly addedVariants: readonly UnitRef[];
  /** Variants removed from claims present in both results. */
  readonly removedVariants: readonly UnitRef[];
  /** Number of regressions: verdict regressions plus removed claims and removed variants. */
  readonly regressions: number;
}

/** Whether a verdict change is a regression: it leaves `holds`, or it becomes `violated`. */
export function isRegression(from: Verdict, to: Verdict): boolean {
  if (from === to) return false;
  return from === "holds" || to === "violated";
}

/** |b − a| / max(|a|, |b|) (0 when both are 0); null when either is null. */
export function relativeChange(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  if (a === b) return 0;
  return Math.abs(b - a) / Math.max(Math.abs(a), Math.abs(b));
}

/** Whether two recorded numbers differ beyond `rtol` (null, a number that was not finite, equals only null). */
function differs(a: number | null, b: number | null, rtol: number): boolean {
  if (a === null || b === null) return a !== b;
  const rel = relativeChange(a, b) as number;
  return rel > rtol;
}

/**
 * Compares `older` with `newer`.
 *
 * @param older - the baseline result.
 * @param newer - the result to judge against it.
 * @param rtol - relative tolerance of number changes (default {@link DEFAULT_RTOL}).
 */
export function compareResults(older: VerifyResult, newer: VerifyResult, rtol: number = DEFAULT_RTOL): Comparison {
  const notes: string[] = [];
  if (older.profile !== newer.profile) notes.push(`the profiles differ (${older.profile} vs ${newer.profile}): numbers are expected to change`);
  if (older.seed !== newer.seed) notes.push(`the seeds differ (${older.seed} vs ${newer.seed}): numbers are expected to change`);
  const verdictChanges: VerdictChange[] = [];
  const numberChanges: NumberChange[] = [];
  const addedVariants: UnitRef[] = [];
  const removedVariants: UnitRef[] = [];
  const newClaims = new Map(newer.claims.map((c) => [c.id, c]));
  const oldIds = new Set(older.claims.map((c) => c.id));
  const removedClaims = older.claims.filter((c) => !newClaims.has(c.id)).map((c) => c.id);
  const addedClaims = newer.claims.filter((c) => !oldIds.has(c.id)).map((c) => c.id);
  for (const oldClaim of older.claims) {
    const newClaim = newClaims.get(oldClaim.id);
    if (newClaim === undefined) continue;
    const newResults = new Map(newClaim.results.map((r) => [r.variant, r]));
    const oldLabels = new Set(oldClaim.results.map((r) => r.variant));
    for (const a of oldClaim.results) {
      const b = newResults.get(a.variant);
      const unit = { claimId: oldClaim.id, variant: a.variant };
      if (b === undefined) {
        removedVariants.push(unit);
        continue;
      }
      if (a.verdict !== b.verdict) verdictChanges.push({ ...unit, from: a.verdict, to: b.verdict, regression: isRegression(a.verdict, b.verdict) });
      if (differs(a.keyNumber.value, b.keyNumber.value, rtol) || a.keyNumber.name !== b.keyNumber.name) {
        const name = a.keyNumber.name === b.keyNumber.name ? b.keyNumber.name : `${a.keyNumber.name} → ${b.keyNumber.name}`;
        numberChanges.push({ ...unit, quantity: "key number", name, from: a.keyNumber.value, to: b.keyNumber.value, relativeChange: relativeChange(a.keyNumber.value, b.keyNumber.value) });
      }
      if (differs(a.slack, b.slack, rtol)) numberChanges.push({ ...unit, quantity: "slack", name: "slack", from: a.slack, to: b.slack, relativeChange: relativeChange(a.slack, b.slack) });
    }
    for (const b of newClaim.results) if (!oldLabels.has(b.variant)) addedVariants.push({ claimId: oldClaim.id, variant: b.variant });
  }
  const regressions = verdictChanges.filter((c) => c.regression).length + removedClaims.length + removedVariants.length;
  return {
    rtol,
    old: { profile: older.profile, seed: older.seed },
    new: { profile: newer.profile, seed: newer.seed },
    notes,
    verdictChanges,
    numberChanges,
    addedClaims,
    removedClaims,
    addedVariants,
    removedVariants,
    regressions,
  };
}
