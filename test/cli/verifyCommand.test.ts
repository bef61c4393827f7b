import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runWith } from "./helpers.js";

describe("verify command", () => {
  it("--json prints the machine-readable result with every selected claim × variant", async () => {
    const run = await runWith(["verify", "--profile", "quick", "--claims", "N4", "--seed", "3", "--json", "--no-report"]);
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
    const a = await runWith(["verify", "--profile", "quick", "--claims", "N4,N2", "--json", "--no-report"]);
    const b = await runWith(["verify", "--profile", "quick", "--claims", "N4,N2", "--json", "--no-report"]);
    expect(strip(a.stdout)).toBe(strip(b.stdout));
  });

  it("unknown claim ids and profiles are usage errors (exit 2) naming the option", async () => {
    const bad = await runWith(["verify", "--claims", "N4,X9", "--no-report"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--claims: unknown claim id "X9"/);
    const prof = await runWith(["verify", "--profile", "fast", "--no-report"]);
    expect(prof.code).toBe(2);
    expect(prof.stderr).toMatch(/--profile/);
  });

  it("--out DIR writes REPORT.md, report.json and the figures; progress lines carry their position (serial: in run order)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "softmax-ntk-verify-"));
    try {
      const out = join(dir, "report");
      const run = await runWith(["verify", "--profile", "quick", "--claims", "N4,P1", "--workers", "1", "--out", out, "--json"]);
      expect([0, 1, 3]).toContain(run.code);
      const json = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { claims: { id: string }[] };
      expect(json).toEqual(JSON.parse(run.stdout));
      expect(json.claims.map((c) => c.id)).toEqual(["N4", "P1"]);
      const md = readFileSync(join(out, "REPORT.md"), "utf8");
      expect(md).toContain("## N4 — ");
      expect(md).toContain("## P1 — ");
      expect(readdirSync(join(out, "figures"))).toEqual(["P1-log-ratio.svg"]);
      expect(readFileSync(join(out, "figures", "P1-log-ratio.svg"), "utf8").startsWith("<svg")).toBe(true);
      expect(run.stderr).toMatch(/^\[1\/4\] N4 +softmax/m);
      expect(run.stderr).toMatch(/^\[4\/4\] P1 +softmax/m);
      expect(run.stderr).toContain(`report: ${join(out, "REPORT.md")}`);
      expect(run.stderr).not.toContain("\r");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--no-report writes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "softmax-ntk-verify-"));
    try {
      const out = join(dir, "report");
      const run = await runWith(["verify", "--profile", "quick", "--claims", "N4", "--out", out, "--no-report"]);
      expect([0, 1, 3]).toContain(run.code);
      expect(existsSync(out)).toBe(false);
      expect(run.stdout).not.toContain("report:");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an --out that cannot be written is a usage error naming the option", async () => {
    const dir = mkdtempSync(join(tmpdir(), "softmax-ntk-verify-"));
    try {
      const file = join(dir, "file");
      await runWith(["verify", "--profile", "quick", "--claims", "N4", "--out", file]);
      const run = await runWith(["verify", "--profile", "quick", "--claims", "N4", "--out", join(file, "REPORT.md", "x")]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--out: cannot write the report to/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
