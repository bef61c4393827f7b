import { describe, expect, it } from "vitest";
import { runWith } from "./helpers.js";

describe("verify command", () => {
  it("--json prints the machine-readable result with every selected claim × variant", async () => {
    const run = await runWith(["verify", "--profile", "quick", "--claims", "N4", "--seed", "3", "--json"]);
    expect([0, 1, 3]).toContain(run.code);
    const result = JSON.parse(run.stdout) as {
      profile: string;
      seed: number;
      claims: { id: string; provenance: string; results: { variant: string; verdict: string; seed: number; measurements: object }[] }[];
      summary: Record<string, number>;
    };
    expect(result.profile).toBe("quick");
    expect(result.seed).toBe(3);
    expect(result.claims.map((c) => c.id)).toEqual(["N4"]);
    expect(result.claims[0].results.map((r) => r.variant)).toEqual(["softmax", "exp", "relu"]);
    for (const r of result.claims[0].results) expect(["holds", "violated", "inconclusive", "assumption-unmet"]).toContain(r.verdict);
    // Progress goes to stderr when stdout carries JSON.
    expect(run.stderr).toMatch(/N4 +softmax/);
  });

  it("the same seed gives the same result apart from timing", async () => {
    const strip = (s: string) => {
      const r = JSON.parse(s) as { timing: unknown; claims: { durationMs: number }[] };
      r.timing = null;
      for (const c of r.claims) c.durationMs = 0;
      return JSON.stringify(r);
    };
    const a = await runWith(["verify", "--profile", "quick", "--claims", "N4,N2", "--json"]);
    const b = await runWith(["verify", "--profile", "quick", "--claims", "N4,N2", "--json"]);
    expect(strip(a.stdout)).toBe(strip(b.stdout));
  });

  it("unknown claim ids and profiles are usage errors (exit 2) naming the option", async () => {
    const bad = await runWith(["verify", "--claims", "N4,X9"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--claims: unknown claim id "X9"/);
    const prof = await runWith(["verify", "--profile", "fast"]);
    expect(prof.code).toBe(2);
    expect(prof.stderr).toMatch(/--profile/);
  });
});
