import { describe, expect, it } from "vitest";
import { CLAIMS } from "../../properties/index.js";
import { PROFILES } from "../../properties/engine/profiles.js";

/** The claim ids of SPEC §4 that issue 3 requires (N, P, T families). */
const REQUIRED = ["N1", "N2", "N3", "N4", "N5", "P1", "P2", "P3", "P4", "T1", "T2", "T3", "T4", "T5", "T6"];

describe("claim registry", () => {
  it("registers every required claim exactly once, in id order", () => {
    const ids = CLAIMS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of REQUIRED) expect(ids).toContain(id);
  });

  it("every claim has a statement, a provenance label, a paper location and at least one variant", () => {
    for (const c of CLAIMS) {
      expect(c.statement.length).toBeGreaterThan(10);
      expect(["derived", "paper (reconstructed)"]).toContain(c.provenance);
      expect(c.paperLocation.length).toBeGreaterThan(0);
      expect(c.variants(PROFILES.quick).length).toBeGreaterThan(0);
    }
  });

  it("optimisation claims run for scale ∈ {m, sqrt} × init ∈ {iid, coupled}", () => {
    for (const c of CLAIMS.filter((c) => c.id.startsWith("T"))) {
      expect(c.variants(PROFILES.quick).map((v) => v.label).sort()).toEqual(["scale=m,init=coupled", "scale=m,init=iid", "scale=sqrt,init=coupled", "scale=sqrt,init=iid"]);
    }
  });

  it("profiles grow: widths reach 2^12 in standard and 2^14 in thorough", () => {
    expect(Math.max(...PROFILES.standard.widths)).toBeGreaterThanOrEqual(2 ** 12);
    expect(Math.max(...PROFILES.thorough.widths)).toBeGreaterThanOrEqual(2 ** 14);
    expect(PROFILES.quick.cases).toBeLessThan(PROFILES.standard.cases);
    expect(PROFILES.standard.cases).toBeLessThan(PROFILES.thorough.cases);
  });
});
