/**
 * SPEC §4 "Perturbation" (P1–P4) at the quick profile: every claim runs through the engine, yields a verdict,
 * a key number, finite measurements and coverage counts; the derived claim P1 must hold, the paper claims
 * (P2–P4) print their findings instead of failing when the paper's statement is not borne out. A mutation
 * check shows that P1 catches a softmax with a wrong normaliser, and the derived rounding bounds used by the
 * verdicts of P2 and P3 are checked against the 64-digit BigNumber oracle.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Dense, frobenius, subtract } from "../../src/linalg/dense.js";
import { empiricalNtk } from "../../src/ntk/empirical.js";
import { limitKernel } from "../../src/ntk/limit.js";
import { gamma } from "../../src/numerics/tolerance.js";
import { oracleEmpiricalNtk, oracleLimitNtk } from "../../src/oracle/bigNumber.js";
import { smallProblem } from "../../properties/arbitraries/smallProblem.js";
import { PROFILES } from "../../properties/engine/profiles.js";
import { runRegistered } from "../../properties/engine/registry.js";
import type { ClaimResult, VariantResult } from "../../properties/engine/types.js";
import { P1, P2, P3, P4, PERTURBATION_CLAIMS, type P1Case, p1Case, p1Check, p1Claim, p1Examples, paperB, softmaxLimitKernelRoundingBound, softmaxNtkRoundingBound } from "../../properties/perturbation.js";

const SEED = 20240503;
const VERDICTS = ["holds", "violated", "inconclusive", "assumption-unmet"];

/** Every number in a measurement value (scalars and arrays; null entries are skipped). */
function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.filter((v): v is number => typeof v === "number");
  return [];
}

function expectWellFormed(result: ClaimResult): void {
  expect(result.results.length).toBeGreaterThan(0);
  for (const r of result.results) {
    expect(VERDICTS).toContain(r.verdict);
    expect(r.reason.length).toBeGreaterThan(0);
    expect(r.keyNumber.name.length).toBeGreaterThan(0);
    expect(r.cases).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(r.measurements)) {
      for (const x of numbersIn(value)) expect(Number.isFinite(x), `measurement ${name} = ${x}`).toBe(true);
    }
    const counts = Object.values(r.coverage);
    expect(counts.length).toBeGreaterThan(0);
    for (const c of counts) {
      expect(Number.isInteger(c)).toBe(true);
      expect(c).toBeGreaterThan(0);
    }
    for (const table of r.tables) {
      for (const row of table.rows) {
        expect(row.length).toBe(table.columns.length);
        for (const cell of row) if (typeof cell === "number") expect(Number.isFinite(cell)).toBe(true);
      }
    }
  }
}

function report(result: ClaimResult): void {
  for (const r of result.results) {
    console.log(`${result.id} [${r.variant}] ${r.verdict}: ${r.reason} — ${r.keyNumber.name} = ${r.keyNumber.value}`);
  }
}

/**
 * A "softmax" with a wrong normaliser: the numerators are max-shifted, e^{u_r − max}, but the normaliser is the
 * unshifted Σ_s e^{u_s}, so each row is off by the factor e^{−max}, which changes under perturbation.
 */
function wrongNormaliser(U: Dense): Dense {
  const { rows: n, cols: m } = U;
  const S = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let r = 0; r < m; r++) max = Math.max(max, U.data[i * m + r]);
    let sum = 0;
    for (let r = 0; r < m; r++) {
      S[i * m + r] = Math.exp(U.data[i * m + r] - max);
      sum += Math.exp(U.data[i * m + r]);
    }
    for (let r = 0; r < m; r++) S[i * m + r] /= sum;
  }
  return { rows: n, cols: m, data: S };
}

describe("perturbation claims (SPEC §4 P1–P4) at the quick profile", () => {
  it("registers P1–P4 in id order with provenance labels", () => {
    expect(PERTURBATION_CLAIMS.map((c) => c.id)).toEqual(["P1", "P2", "P3", "P4"]);
    expect(P1.provenance).toBe("derived");
    for (const c of [P2, P3, P4]) expect(c.provenance).toBe("paper (reconstructed)");
    expect(P2.variants(PROFILES.quick).map((v) => v.label)).toEqual(["init=iid", "init=coupled"]);
    expect(paperB(3, 2, 0.1)).toBe(1);
  });

  it("P1 (derived) holds, with ratio slack ≥ 1 up to rounding", () => {
    const result = runRegistered(P1, PROFILES.quick, SEED);
    expectWellFormed(result);
    report(result);
    const r: VariantResult = result.results[0];
    expect(r.verdict).toBe("holds");
    expect(r.keyNumber.value).not.toBeNull();
    expect(r.keyNumber.value as number).toBeGreaterThan(1 - 1e-9);
    expect(r.measurements.worstL1Slack as number).toBeGreaterThanOrEqual(1);
    expect(r.coverage["perturbation=alignedSorted"]).toBeGreaterThan(0);
  });

  it("P1 catches a softmax with a wrong normaliser (mutation check)", () => {
    // The seam directly: the adversarial example violates the ratio bound for the broken softmax only.
    const hard: P1Case = p1Examples()[0];
    expect(p1Check(hard).status).toBe("holds");
    const broken = p1Check(hard, wrongNormaliser);
    expect(broken.status).toBe("violated");
    // Generated cases (not only the hand-written example) catch it too.
    const generated = fc.sample(p1Case(PROFILES.quick), { seed: SEED, numRuns: 50 });
    expect(generated.filter((c) => p1Check(c).status === "violated")).toEqual([]);
    const caught = generated.filter((c) => p1Check(c, wrongNormaliser).status === "violated").length;
    expect(caught).toBeGreaterThan(0);
    console.log(`P1 mutation: the wrong normaliser is caught on ${caught} of ${generated.length} generated cases`);
    // And through the engine: fast-check stops at the first failure and records a replayable counterexample.
    const result = runRegistered(p1Claim(wrongNormaliser), PROFILES.quick, SEED);
    expect(result.results[0].verdict).toBe("violated");
    expect(result.results[0].replay).toBeDefined();
    console.log(`P1 with a wrong normaliser: ${result.results[0].reason}`);
  });

  it("P2 (paper) yields a verdict per init variant and a finite worst slack", () => {
    const result = runRegistered(P2, PROFILES.quick, SEED);
    expectWellFormed(result);
    report(result);
    for (const r of result.results) {
      expect(r.keyNumber.value === null || Number.isFinite(r.keyNumber.value)).toBe(true);
      if (r.verdict === "violated") console.log(`FINDING: P2 violated under ${r.variant}: ${r.reason}`);
      else expect(typeof r.measurements.worstSlackBhat).toBe("number");
    }
  });

  it("P3 (paper) yields a verdict, R_emp/R_crit and its table", () => {
    const result = runRegistered(P3, PROFILES.quick, SEED);
    expectWellFormed(result);
    report(result);
    for (const r of result.results) {
      if (r.verdict === "violated") console.log(`FINDING: P3 violated under ${r.variant}: ${r.reason}`);
      if (r.verdict === "holds") expect(Number.isFinite(r.keyNumber.value)).toBe(true);
      expect(r.tables.some((t) => t.title.startsWith("P3 critical radius"))).toBe(true);
      expect(typeof r.measurements.met).toBe("number");
    }
  });

  it("P4 (paper) compares softmax, exp and ReLU with a paired sign test", () => {
    const result = runRegistered(P4, PROFILES.quick, SEED);
    expectWellFormed(result);
    report(result);
    const r = result.results[0];
    if (r.verdict === "violated") console.log(`FINDING: P4 violated: ${r.reason}`);
    expect(r.tables[0].rows.map((row) => row[0])).toEqual(["softmax", "exp", "relu"]);
    expect(typeof r.measurements.signTestP === "number" || r.measurements.signTestP === null).toBe(true);
    for (const t of r.tables) console.log(`${t.title}\n  ${t.columns.join(" | ")}\n${t.rows.map((row) => `  ${row.join(" | ")}`).join("\n")}`);
  });

  it("the derived rounding bounds of H and K cover the error against the 64-digit oracle", () => {
    const problems = fc.sample(smallProblem({ maxN: 4, maxD: 3, maxM: 16, activations: ["softmax"] }), { seed: SEED, numRuns: 12 });
    for (const p of problems) {
      const H = empiricalNtk(p.X, p.weights, "softmax");
      const O = oracleEmpiricalNtk(p.X, p.weights, "softmax");
      // The oracle's result is itself rounded to double once per entry: allow γ_1·‖O‖_F for that.
      expect(frobenius(subtract(H, O))).toBeLessThanOrEqual(softmaxNtkRoundingBound(p.X, p.weights) + gamma(1) * frobenius(O));
      const K = limitKernel(p.X, "softmax", p.sigma);
      const KO = oracleLimitNtk(p.X, "softmax", p.sigma);
      const n = p.n;
      const block = { rows: n, cols: n, data: new Float64Array(n * n) };
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) block.data[i * n + j] = KO.data[i * KO.cols + j];
      expect(frobenius(subtract(K, block))).toBeLessThanOrEqual(softmaxLimitKernelRoundingBound(p.X, p.sigma, K) + gamma(1) * frobenius(block));
    }
  });

  it("is deterministic: the same seed gives the same result", () => {
    const variant = P2.variants(PROFILES.quick)[1];
    const a = P2.run(variant, PROFILES.quick, SEED);
    const b = P2.run(variant, PROFILES.quick, SEED);
    expect(b).toEqual(a);
  });
});
