/**
 * The committed baseline (reports/report.json) must come from the current code's claim set: the same claim
 * ids, in order, with the same variant labels at the profile it was run with. Regenerate it with
 * `npx softmax-ntk verify` (standard profile) whenever claims or their variants change.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CLAIMS } from "../../properties/index.js";
import { PROFILES, type ProfileName } from "../../properties/engine/profiles.js";
import { RESULT_FORMAT_VERSION } from "../../properties/engine/verifyRun.js";

const path = fileURLToPath(new URL("../../reports/report.json", import.meta.url));

describe("committed baseline report", () => {
  const baseline = JSON.parse(readFileSync(path, "utf8")) as {
    formatVersion: number;
    profile: ProfileName;
    claims: { id: string; provenance: string; results: { variant: string; verdict: string }[] }[];
  };

  it("is a standard-profile result in the current format", () => {
    expect(baseline.profile).toBe("standard");
    expect(baseline.formatVersion).toBe(RESULT_FORMAT_VERSION);
  });

  it("lists exactly the registered claims with their current variants and provenance", () => {
    const profile = PROFILES[baseline.profile];
    expect(baseline.claims.map((c) => c.id)).toEqual(CLAIMS.map((c) => c.id));
    for (const claim of CLAIMS) {
      const stored = baseline.claims.find((c) => c.id === claim.id);
      expect(stored?.provenance).toBe(claim.provenance);
      expect(stored?.results.map((r) => r.variant)).toEqual(claim.variants(profile).map((v) => v.label));
    }
  });

  it("has a verdict for every claim × variant and the report files beside it", () => {
    for (const c of baseline.claims) for (const r of c.results) expect(["holds", "violated", "inconclusive", "assumption-unmet"]).toContain(r.verdict);
    const md = readFileSync(fileURLToPath(new URL("../../reports/REPORT.md", import.meta.url)), "utf8");
    for (const c of baseline.claims) expect(md).toContain(c.id);
  });
});
