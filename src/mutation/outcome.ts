/**
 * Judging a mutant: its verification result compared with the reference run's, unit by unit (claim × variant).
 *
 * A mutant is **killed by claim X** when some variant of X is `violated` under the mutant but not under the
 * reference. A violation whose reason starts with `exception during measurement` or `exception:` is a crash,
 * not a measurement: it is recorded as a crash-kill and does not count as a kill. Status:
 * - `killed`: at least one claim killed it with a measured violation;
 * - `crash-only`: only crash-kills (or the child died without a result);
 * - `timed-out`: the child ran out of time; `stale`: the patch target was missing (the child refused to run);
 * - `survived`: no claim's verdict turned into a violation.
 *
 * @module
 */
import type { VariantResult, Verdict } from "../../properties/engine/types.js";
import type { VerifyResult } from "../../properties/engine/verifyRun.js";
import type { Mutant, MutantComponent } from "./catalogue.js";

/** The status of a mutant after its run. */
export type MutantStatus = "killed" | "crash-only" | "timed-out" | "stale" | "survived";

/** All statuses, in report order. */
export const MUTANT_STATUSES: readonly MutantStatus[] = ["killed", "crash-only", "timed-out", "stale", "survived"];

/** One claim × variant whose verdict differs between the reference and the mutant. */
export interface VerdictChange {
  readonly claim: string;
  readonly variant: string;
  /** Verdict under the reference (null: the unit did not run there). */
  readonly reference: Verdict | null;
  readonly mutant: Verdict;
  /** True for a violation that is an exception, not a measurement. */
  readonly crash: boolean;
  /** The mutant result's key number. */
  readonly keyNumber: { readonly name: string; readonly value: number | null };
  /** The mutant result's reason (one line). */
  readonly reason: string;
}

/** How a mutant fared. */
export interface MutantOutcome {
  readonly id: string;
  readonly component: MutantComponent;
  /** The patched module, relative to `dist/`. */
  readonly file: string;
  readonly bug: string;
  readonly status: MutantStatus;
  /** Claims that killed it with a measured violation, in run order. */
  readonly killers: readonly string[];
  /** Claims whose only new violations were exceptions. */
  readonly crashKillers: readonly string[];
  /** The catalogue's expected killers. */
  readonly declaredKillers: readonly string[];
  /** Whether some claim in {@link killers} is a declared killer. */
  readonly declaredKillerHit: boolean;
  /** The first measured kill (claim, variant, key number), when killed. */
  readonly firstKill: VerdictChange | null;
  /** Every claim × variant whose verdict changed. */
  readonly changes: readonly VerdictChange[];
  /** Wall time of the child (ms). */
  readonly durationMs: number;
  /** The child's exit status (null when it was killed by a signal, e.g. on time-out). */
  readonly exitCode: number | null;
  /** Why the status is not `killed`/`survived` on the evidence of verdicts (stale message, crash, time-out). */
  readonly detail?: string;
}

/** Reason prefixes of violations that are exceptions rather than measurements. */
const CRASH_PREFIXES = ["exception during measurement", "exception:"] as const;

/** Whether a violated result is a crash (an exception) rather than a measured violation. */
export function isCrash(r: Pick<VariantResult, "reason">): boolean {
  return CRASH_PREFIXES.some((p) => r.reason.startsWith(p));
}

/** What happened to a mutant's child process. */
export type ChildOutcome =
  | { readonly kind: "result"; readonly result: VerifyResult; readonly durationMs: number; readonly exitCode: number | null }
  | { readonly kind: "timed-out" | "stale" | "crashed"; readonly detail: string; readonly durationMs: number; readonly exitCode: number | null };

/** The verdict changes of `mutant` against `reference`, in the mutant result's order. */
export function verdictChanges(reference: VerifyResult, mutant: VerifyResult): VerdictChange[] {
  const before = new Map<string, Verdict>();
  for (const c of reference.claims) for (const r of c.results) before.set(`${c.id}\u0000${r.variant}`, r.verdict);
  const out: VerdictChange[] = [];
  for (const c of mutant.claims) {
    for (const r of c.results) {
      const ref = before.get(`${c.id}\u0000${r.variant}`) ?? null;
      if (ref === r.verdict) continue;
      out.push({ claim: c.id, variant: r.variant, reference: ref, mutant: r.verdict, crash: r.verdict === "violated" && isCrash(r), keyNumber: r.keyNumber, reason: r.reason });
    }
  }
  return out;
}

/** Judges one mutant from its child's outcome and the reference result. */
export function judgeMutant(mutant: Mutant, reference: VerifyResult, child: ChildOutcome): MutantOutcome {
  const base = {
    id: mutant.id,
    component: mutant.component,
    file: mutant.file,
    bug: mutant.bug,
    declaredKillers: mutant.killers,
    durationMs: child.durationMs,
    exitCode: child.exitCode,
  };
  if (child.kind !== "result") {
    const status: MutantStatus = child.kind === "crashed" ? "crash-only" : child.kind;
    return { ...base, status, killers: [], crashKillers: [], declaredKillerHit: false, firstKill: null, changes: [], detail: child.detail };
  }
  const changes = verdictChanges(reference, child.result);
  const newViolations = changes.filter((c) => c.mutant === "violated" && c.reference !== "violated");
  const measured = newViolations.filter((c) => !c.crash);
  const killers = [...new Set(measured.map((c) => c.claim))];
  const crashKillers = [...new Set(newViolations.filter((c) => c.crash).map((c) => c.claim))].filter((id) => !killers.includes(id));
  const status: MutantStatus = killers.length > 0 ? "killed" : crashKillers.length > 0 ? "crash-only" : "survived";
  return {
    ...base,
    status,
    killers,
    crashKillers,
    declaredKillerHit: killers.some((k) => mutant.killers.includes(k)),
    firstKill: measured[0] ?? null,
    changes,
  };
}
