/**
 * `each` claims with a per-run log. An `each` rule records one slack per case and no tables or figures; a claim
 * whose checks also produce data for a summary (measurements, tables, figure series over the run's cases)
 * registers through {@link defineLoggedEachClaim}: its checks return a log entry next to the outcome, the log
 * is fresh for every run (so results stay a function of the seed), only the generated cases are logged
 * (logging stops at the first violation, before fast-check shrinks), and the summary drawn from the log is
 * appended to the plain `each` result. Verdict, replay and the other measurements are those of the plain
 * `each` claim with the same check.
 *
 * @module
 */
import type { NetworkImplementation } from "../../src/implementation/types.js";
import { REFERENCE_IMPLEMENTATION } from "../../src/implementation/reference.js";
import type { Profile } from "./profiles.js";
import { type RegisteredClaim, defineClaim } from "./registry.js";
import type { CaseOutcome, Claim, MeasurementValue, RunContext, Series, Table, Variant, VariantResult } from "./types.js";

/** A case outcome plus an optional log entry for the run's summary (absent, e.g., when the case was unmet). */
export interface LoggedOutcome<L> {
  readonly outcome: CaseOutcome;
  readonly log?: L;
}

/** What a logged `each` claim appends to its result: measurements (merged), tables and series (appended). */
export interface RunSummary {
  readonly measurements?: Readonly<Record<string, MeasurementValue>>;
  readonly tables?: readonly Table[];
  readonly series?: readonly Series[];
}

/** An `each` claim whose checks also log data for a summary. */
export interface LoggedEachClaim<C, L> extends Omit<Claim<C, never>, "rule"> {
  /** The `each` check, with the case's log entry. */
  readonly check: (c: C, variant: Variant, ctx: RunContext) => LoggedOutcome<L>;
  /** As the `each` rule's `maxUnmetFraction`. */
  readonly maxUnmetFraction?: number;
  /** The summary of one run's log (entries in generation order, pinned examples first). */
  readonly summarise: (logs: readonly L[], variant: Variant, ctx: RunContext) => RunSummary;
}

/**
 * Registers an `each` claim whose checks log data (see the module comment). A run that ended in an exception
 * during measurement is returned as it is, without a summary.
 */
export function defineLoggedEachClaim<C, L>(spec: LoggedEachClaim<C, L>): RegisteredClaim {
  const { check, maxUnmetFraction, summarise, ...rest } = spec;
  const base = defineClaim<C, never>({ ...rest, rule: { kind: "each", check: (c, v, ctx) => check(c, v, ctx).outcome } });
  return {
    ...base,
    run(variant: Variant, profile: Profile, runSeed: number, impl?: NetworkImplementation): VariantResult {
      const logs: L[] = [];
      let stopped = false;
      const claim = defineClaim<C, never>({
        ...rest,
        rule: {
          kind: "each",
          ...(maxUnmetFraction === undefined ? {} : { maxUnmetFraction }),
          check: (c, v, ctx) => {
            const { outcome, log } = check(c, v, ctx);
            if (!stopped) {
              if (log !== undefined) logs.push(log);
              if (outcome.status === "violated") stopped = true;
            }
            return outcome;
          },
        },
      });
      const result = claim.run(variant, profile, runSeed, impl);
      if (result.reason.startsWith("exception during measurement")) return result;
      const summary = summarise(logs, variant, { profile, seed: result.seed, impl: impl ?? REFERENCE_IMPLEMENTATION });
      const series = [...(result.series ?? []), ...(summary.series ?? [])];
      return {
        ...result,
        measurements: { ...result.measurements, ...summary.measurements },
        tables: [...result.tables, ...(summary.tables ?? [])],
        ...(series.length > 0 ? { series } : {}),
      };
    },
  };
}
