import { beforeAll, describe, expect, it } from "vitest";
import type { Verdict } from "../../properties/engine/types.js";
import { DEFAULT_RTOL, isRegression, relativeChange } from "../../src/results/compare.js";
import { runWith } from "./helpers.js";

type Json = {
  claims: { id: string; results: { variant: string; verdict: Verdict; slack: number | null; keyNumber: { name: string; value: number | null } }[] }[];
} & Record<string, unknown>;

let base: string;

beforeAll(async () => {
  base = (await runWith(["verify", "--profile", "quick", "--claims", "N4,P1", "--json", "--no-report"])).stdout;
});

/** `base` with `edit` applied. */
function edited(edit: (j: Json) => void): string {
  const j = JSON.parse(base) as Json;
  edit(j);
  return JSON.stringify(j);
}

async function compare(oldText: string, newText: string, ...extra: string[]) {
  return runWith(["compare", "old.json", "new.json", ...extra], { "old.json": oldText, "new.json": newText });
}

describe("regression rule", () => {
  it("leaving holds or becoming violated is a regression; improvements are not", () => {
    expect(isRegression("holds", "violated")).toBe(true);
    expect(isRegression("holds", "inconclusive")).toBe(true);
    expect(isRegression("holds", "assumption-unmet")).toBe(true);
    expect(isRegression("inconclusive", "violated")).toBe(true);
    expect(isRegression("assumption-unmet", "violated")).toBe(true);
    expect(isRegression("violated", "holds")).toBe(false);
    expect(isRegression("inconclusive", "holds")).toBe(false);
    expect(isRegression("inconclusive", "assumption-unmet")).toBe(false);
    expect(isRegression("holds", "holds")).toBe(false);
  });

  it("relative change is |b − a| / max(|a|, |b|)", () => {
    expect(relativeChange(1, 1)).toBe(0);
    expect(relativeChange(0, 0)).toBe(0);
    expect(relativeChange(2, 1)).toBe(0.5);
    expect(relativeChange(null, 1)).toBeNull();
    expect(DEFAULT_RTOL).toBe(1e-9);
  });
});

describe("compare command", () => {
  it("identical results: no changes, exit 0", async () => {
    const run = await compare(base, base);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/compare: 0 regression\(s\), 0 verdict change\(s\), 0 number change\(s\) beyond 1e-9, 0 added, 0 removed/);
  });

  it("a verdict regression exits 1 and names the claim × variant", async () => {
    const worse = edited((j) => {
      j.claims[0].results[1].verdict = "violated";
    });
    const run = await compare(base, worse);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^N4 exp: verdict holds → violated {2}REGRESSION$/m);
    // The other direction is an improvement: reported, exit 0.
    const back = await compare(worse, base);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/^N4 exp: verdict violated → holds$/m);
  });

  it("number changes beyond the tolerance are listed but are no regression; --rtol widens the tolerance", async () => {
    const nudged = edited((j) => {
      const r = j.claims[0].results[0];
      r.slack = (r.slack as number) * (1 + 1e-6);
      r.keyNumber.value = r.slack;
    });
    const run = await compare(base, nudged);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^N4 softmax: key number worst slack .* → .* \(relative change 1\.000e-6\)$/m);
    expect(run.stdout).toMatch(/^N4 softmax: slack /m);
    const tiny = edited((j) => {
      const r = j.claims[0].results[0];
      r.slack = (r.slack as number) * (1 + 1e-12);
    });
    expect((await compare(base, tiny)).stdout).toContain("0 number change(s)");
    expect((await compare(base, nudged, "--rtol", "1e-3")).stdout).toContain("0 number change(s) beyond 0.001");
    const json = JSON.parse((await compare(base, nudged, "--json")).stdout) as { numberChanges: { claimId: string; quantity: string }[]; regressions: number };
    expect(json.numberChanges.map((c) => `${c.claimId} ${c.quantity}`)).toEqual(["N4 key number", "N4 slack"]);
    expect(json.regressions).toBe(0);
  });

  it("added claims and variants are listed; removed ones are regressions", async () => {
    const fewer = edited((j) => {
      j.claims = j.claims.filter((c) => c.id !== "P1");
      j.claims[0].results = j.claims[0].results.slice(0, 2);
    });
    const removed = await compare(base, fewer);
    expect(removed.code).toBe(1);
    expect(removed.stdout).toMatch(/^- claim P1 removed {2}REGRESSION$/m);
    expect(removed.stdout).toMatch(/^- N4 relu removed {2}REGRESSION$/m);
    expect(removed.stdout).toContain("2 regression(s)");
    const added = await compare(fewer, base);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^\+ claim P1 added$/m);
    expect(added.stdout).toMatch(/^\+ N4 relu added$/m);
  });

  it("notes a different seed or profile", async () => {
    const other = edited((j) => {
      j.seed = 5;
    });
    expect((await compare(base, other)).stdout).toContain("note: the seeds differ (0 vs 5)");
  });

  it("bad files exit 2 naming the file", async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ "old.json": base }, /new\.json: cannot read it: no such file/],
      [{ "old.json": base, "new.json": base.slice(0, 100) }, /new\.json: not valid JSON/],
      [{ "old.json": '{"tool": "other"}', "new.json": base }, /old\.json: not a softmax-ntk result/],
      [{ "old.json": base, "new.json": edited((j) => void (j.claims[0].results[0].verdict = "great" as Verdict)) }, /new\.json: not a valid softmax-ntk result: claims\[0\]\.results\[0\]\.verdict/],
    ];
    for (const [files, message] of cases) {
      const run = await runWith(["compare", "old.json", "new.json"], files);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    const rtol = await runWith(["compare", "old.json", "new.json", "--rtol", "-1"], { "old.json": base, "new.json": base });
    expect(rtol.code).toBe(2);
    expect(rtol.stderr).toContain("--rtol");
  });
});
