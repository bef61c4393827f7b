/**
 * Judging a mutant against the reference: kills are new measured violations, exceptions are crash-kills only,
 * a unit already violated under the reference kills nothing, and processes without a result keep their reason.
 */
import { describe, expect, it } from "vitest";
import type { ClaimResult, VariantResult, Verdict } from "../../properties/engine/types.js";
import { type VerifyResult, summarizeVerdicts } from "../../properties/engine/verifyRun.js";
import type { Mutant } from "../../src/mutation/catalogue.js";
import { isCrash, judgeMutant, verdictChanges } from "../../src/mutation/outcome.js";
import { FIXTURE } from "../report/fixtures.js";

const mutant: Mutant = { id: "m", component: "gradient", file: "src/x.js", find: "a", replace: "b", bug: "a bug in the mathematics", killers: ["B1"] };

function unit(variant: string, verdict: Verdict, reason = "measured", value: number | null = 0.5): VariantResult {
  return { variant, verdict, reason, keyNumber: { name: "slack", value }, slack: null, measurements: {}, tables: [], coverage: {}, cases: 1, seed: 1 };
}

function result(claims: Record<string, VariantResult[]>): VerifyResult {
  const list: ClaimResult[] = Object.entries(claims).map(([id, results]) => ({ ...FIXTURE.claims[0], id, results, durationMs: 1 }));
  return { ...FIXTURE, claims: list, summary: summarizeVerdicts(list) };
}

const reference = result({ A1: [unit("x", "holds"), unit("y", "violated")], B1: [unit("x", "holds")], C1: [unit("x", "inconclusive")] });
const child = (r: VerifyResult) => ({ kind: "result" as const, result: r, durationMs: 10, exitCode: 1 });

describe("judgeMutant", () => {
  it("a new measured violation kills; the first kill and the declared-killer hit are recorded", () => {
    const m = judgeMutant(mutant, reference, child(result({ A1: [unit("x", "violated", "bound fails", 0.25), unit("y", "violated")], B1: [unit("x", "violated")], C1: [unit("x", "holds")] })));
    expect(m.status).toBe("killed");
    expect(m.killers).toEqual(["A1", "B1"]);
    expect(m.declaredKillerHit).toBe(true);
    expect(m.firstKill).toMatchObject({ claim: "A1", variant: "x", reference: "holds", keyNumber: { value: 0.25 } });
    expect(m.changes.map((c) => `${c.claim}/${c.variant}:${c.reference}->${c.mutant}`)).toEqual(["A1/x:holds->violated", "B1/x:holds->violated", "C1/x:inconclusive->holds"]);
  });

  it("a violation that the reference already has kills nothing", () => {
    const m = judgeMutant(mutant, reference, child(result({ A1: [unit("x", "holds"), unit("y", "violated", "other numbers")], B1: [unit("x", "holds")] })));
    expect(m.status).toBe("survived");
    expect(m.killers).toEqual([]);
  });

  it("exceptions are crash-kills, not kills", () => {
    const r = result({ A1: [unit("x", "violated", "exception during measurement: boom", null), unit("y", "violated")], B1: [unit("x", "violated", "exception: NaN entry (shrunk 0 times)", null)] });
    const m = judgeMutant(mutant, reference, child(r));
    expect(m.status).toBe("crash-only");
    expect(m.crashKillers).toEqual(["A1", "B1"]);
    expect(m.killers).toEqual([]);
    expect(m.declaredKillerHit).toBe(false);
    expect(isCrash({ reason: "exception: x" })).toBe(true);
    expect(isCrash({ reason: "an exception was expected" })).toBe(false);
  });

  it("a kill only by undeclared claims is marked as such", () => {
    const m = judgeMutant(mutant, reference, child(result({ A1: [unit("x", "violated"), unit("y", "violated")], B1: [unit("x", "holds")] })));
    expect(m.status).toBe("killed");
    expect(m.declaredKillerHit).toBe(false);
  });

  it("children without a result keep their status and reason", () => {
    for (const kind of ["timed-out", "stale"] as const) {
      const m = judgeMutant(mutant, reference, { kind, detail: "why", durationMs: 5, exitCode: null });
      expect(m.status).toBe(kind);
      expect(m.detail).toBe("why");
    }
    expect(judgeMutant(mutant, reference, { kind: "crashed", detail: "exit 70", durationMs: 5, exitCode: 70 }).status).toBe("crash-only");
  });

  it("a unit the reference did not run counts as new", () => {
    const changes = verdictChanges(reference, result({ D1: [unit("x", "violated")] }));
    expect(changes).toEqual([expect.objectContaining({ claim: "D1", reference: null, mutant: "violated", crash: false })]);
  });
});
