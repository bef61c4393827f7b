import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROFILES } from "../../properties/engine/profiles.js";
import { parseShardSpec, runPlan, shardOfUnit, unitsOf, unitsOfShard } from "../../properties/engine/shard.js";
import { selectClaims } from "../../src/cli/verifyCommand.js";
import { runWith, withoutTiming } from "./helpers.js";

const CLAIMS = ["--profile", "quick", "--claims", "N4,P1,I1"];

type Json = Record<string, unknown> & {
  claims: { id: string; results: { variant: string; verdict: string }[] }[];
  shard?: { index: number; count: number };
};

let dir: string;
/** `verify --json` of the whole run, and of shards 1…3 (stdout text). */
let whole: string;
const shards: Record<string, string> = {};
const SHARD_FILES = ["s1.json", "s2.json", "s3.json"];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "softmax-ntk-shard-"));
  whole = (await runWith(["verify", ...CLAIMS, "--json", "--out", join(dir, "whole")])).stdout;
  for (let k = 1; k <= 3; k++) {
    const run = await runWith(["verify", ...CLAIMS, "--shard", `${k}/3`, "--json", "--out", join(dir, "shards")]);
    expect(run.code).toBe(0);
    shards[`s${k}.json`] = run.stdout;
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The shard files with one of them replaced by `edit` applied to its parsed JSON. */
function edited(file: string, edit: (j: Json) => void): Record<string, string> {
  const j = JSON.parse(shards[file]) as Json;
  edit(j);
  return { ...shards, [file]: JSON.stringify(j) };
}

/** `merge` over `files` (in this order) with `contents`; expects exit 2 and returns stderr. */
async function refused(files: readonly string[], contents: Record<string, string>): Promise<string> {
  const run = await runWith(["merge", ...files, "--no-report"], contents);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr.trim().split("\n")).toHaveLength(1);
  return run.stderr;
}

describe("shard assignment", () => {
  it("deals the units of the run out round-robin: unit j goes to shard (j mod N) + 1", () => {
    const plan = runPlan(selectClaims("N4,P1,I1"), PROFILES.quick);
    expect(plan).toEqual([
      { id: "N4", variants: ["softmax", "exp", "relu"] },
      { id: "P1", variants: ["softmax"] },
      { id: "I1", variants: ["softmax", "exp", "relu"] },
    ]);
    expect(unitsOfShard(plan, { index: 1, count: 3 }).map((u) => `${u.claimId} ${u.variant}`)).toEqual(["N4 softmax", "P1 softmax", "I1 relu"]);
    const all = unitsOf(plan);
    for (const count of [1, 2, 3, 7, 10]) {
      const union = Array.from({ length: count }, (_, k) => unitsOfShard(plan, { index: k + 1, count })).flat();
      expect(union.map((u) => u.position).sort((a, b) => a - b)).toEqual(all.map((u) => u.position));
    }
    expect(shardOfUnit(4, 3)).toBe(2);
  });

  it("parses K/N and refuses anything else", () => {
    expect(parseShardSpec("2/3")).toEqual({ index: 2, count: 3 });
    for (const bad of ["0/3", "4/3", "x", "1/0", "", "1/3/3", "-1/3", "1.5/3"]) expect(() => parseShardSpec(bad), bad).toThrow(RangeError);
  });

  it("a bad --shard is a usage error naming --shard", async () => {
    for (const bad of ["0/3", "4/3", "x"]) {
      const run = await runWith(["verify", "--profile", "quick", "--claims", "N4", "--shard", bad, "--no-report"]);
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toContain("--shard");
      expect(run.stderr).toContain(`'${bad}'`);
    }
  });
});

describe("verify --shard", () => {
  it("records the shard, the whole run's plan, the tool version, format, profile and seed", () => {
    const s = JSON.parse(shards["s2.json"]) as Json;
    expect(s.shard).toEqual({ index: 2, count: 3 });
    expect(s.plan).toEqual(runPlan(selectClaims("N4,P1,I1"), PROFILES.quick));
    expect(s.toolVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(s.formatVersion).toBe(1);
    expect(s.profile).toBe("quick");
    expect(s.seed).toBe(0);
    expect(s.claims.map((c) => `${c.id}:${c.results.map((r) => r.variant).join("|")}`)).toEqual(["N4:exp", "I1:softmax"]);
  });

  it("writes DIR/shard-K-of-N.json instead of a partial report", () => {
    expect(readdirSync(join(dir, "shards")).sort()).toEqual(["shard-1-of-3.json", "shard-2-of-3.json", "shard-3-of-3.json"]);
    expect(JSON.parse(readFileSync(join(dir, "shards", "shard-1-of-3.json"), "utf8"))).toEqual(JSON.parse(shards["s1.json"]));
  });
});

describe("merge", () => {
  it("shards 1…3 of 3 merge into the unsharded result and the same report", async () => {
    const out = join(dir, "merged");
    const run = await runWith(["merge", "s3.json", "s1.json", "s2.json", "--json", "--out", out], shards);
    expect(run.code).toBe(0);
    expect(withoutTiming(run.stdout)).toBe(withoutTiming(whole));
    expect(withoutTiming(readFileSync(join(out, "report.json"), "utf8"))).toBe(withoutTiming(readFileSync(join(dir, "whole", "report.json"), "utf8")));
    const timeless = (md: string): string =>
      md
        .split("\n")
        .filter((l) => !/^\| (started|run time) \|/.test(l) && !l.startsWith("**Settings.**"))
        .join("\n");
    expect(timeless(readFileSync(join(out, "REPORT.md"), "utf8"))).toBe(timeless(readFileSync(join(dir, "whole", "REPORT.md"), "utf8")));
    expect(readdirSync(join(out, "figures"))).toEqual(readdirSync(join(dir, "whole", "figures")));
    expect(run.stderr).toMatch(/^N4 +softmax +holds/m);
    expect(run.stderr).toContain(`report: ${join(out, "REPORT.md")}`);
  });

  it("the merged run time is the shards' total", async () => {
    const run = await runWith(["merge", ...SHARD_FILES, "--json", "--no-report"], shards);
    const total = SHARD_FILES.reduce((a, f) => a + (JSON.parse(shards[f]) as { timing: { totalMs: number } }).timing.totalMs, 0);
    expect((JSON.parse(run.stdout) as { timing: { totalMs: number } }).timing.totalMs).toBeCloseTo(total, 9);
  });

  it("accepts series points whose coordinates were NaN or ±∞ in the run (written as null by JSON)", async () => {
    const withNull = edited("s1.json", (j) => {
      const p1 = j.claims.find((c) => c.id === "P1") as unknown as { results: { series: { points: { y: number | null }[] }[] }[] };
      p1.results[0].series[0].points[0].y = null;
    });
    const run = await runWith(["merge", ...SHARD_FILES, "--no-report"], withNull);
    expect(run.code, run.stderr).toBe(0);
  });

  it("refuses unreadable, truncated and corrupt files, naming the file", async () => {
    expect(await refused(["s1.json", "gone.json", "s3.json"], shards)).toMatch(/^softmax-ntk: error: gone\.json: cannot read it: no such file/);
    const truncated = { ...shards, "s2.json": shards["s2.json"].slice(0, 500) };
    expect(await refused(SHARD_FILES, truncated)).toMatch(/^softmax-ntk: error: s2\.json: not valid JSON \(.*\); is it truncated or corrupt\?/);
    expect(await refused(SHARD_FILES, { ...shards, "s2.json": "" })).toMatch(/s2\.json: is empty/);
    expect(await refused(SHARD_FILES, { ...shards, "s2.json": "[1, 2]" })).toMatch(/s2\.json: not a softmax-ntk result/);
    expect(await refused(SHARD_FILES, { ...shards, "s2.json": '{"hello": "world"}' })).toMatch(/s2\.json: not a softmax-ntk result/);
  });

  it("refuses files that are not shard results (zod schema), naming the file and the field", async () => {
    expect(await refused(["whole.json"], { "whole.json": whole })).toMatch(/whole\.json: is a whole verify result, not a shard/);
    const badVerdict = edited("s2.json", (j) => {
      j.claims[0].results[0].verdict = "maybe";
    });
    expect(await refused(SHARD_FILES, badVerdict)).toMatch(/s2\.json: not a valid softmax-ntk result: claims\[0\]\.results\[0\]\.verdict: /);
    const badShard = edited("s2.json", (j) => {
      j.shard = { index: "2", count: 3 } as unknown as Json["shard"];
    });
    expect(await refused(SHARD_FILES, badShard)).toMatch(/s2\.json: not a valid shard result: shard\.index: /);
    const noPlan = edited("s2.json", (j) => {
      delete j.plan;
    });
    expect(await refused(SHARD_FILES, noPlan)).toMatch(/s2\.json: not a valid shard result: plan: is required/);
    const newFormat = edited("s2.json", (j) => {
      j.formatVersion = 2;
    });
    expect(await refused(SHARD_FILES, newFormat)).toMatch(/s2\.json: result format 2 is not supported \(this softmax-ntk reads format 1\)/);
  });

  it("refuses shards of different runs: tool version, profile, seed, claim set, shard count", async () => {
    const cases: [keyof Json, unknown, RegExp][] = [
      ["toolVersion", "9.9.9", /s3\.json: tool version "9\.9\.9" differs from "[^"]+" in s1\.json/],
      ["profile", "standard", /s3\.json: profile "standard" differs from "quick" in s1\.json/],
      ["seed", 7, /s3\.json: seed 7 differs from 0 in s1\.json/],
      ["plan", [{ id: "N4", variants: ["softmax", "exp", "relu"] }], /s3\.json: claim set differs from s1\.json's: N4\(softmax\|exp\|relu\) vs N4/],
    ];
    for (const [field, value, message] of cases) {
      const files = edited("s3.json", (j) => {
        (j as Record<string, unknown>)[field] = value;
      });
      expect(await refused(SHARD_FILES, files), String(field)).toMatch(message);
    }
    const count = edited("s3.json", (j) => {
      j.shard = { index: 3, count: 4 };
    });
    expect(await refused(SHARD_FILES, count)).toMatch(/s3\.json: shard count 4 differs from 3 in s1\.json/);
  });

  it("refuses duplicate and missing shards", async () => {
    const copy = { ...shards, "copy.json": shards["s2.json"] };
    expect(await refused(["s1.json", "s2.json", "copy.json", "s3.json"], copy)).toMatch(/^softmax-ntk: error: copy\.json: duplicate shard 2\/3 \(also in s2\.json\)/);
    expect(await refused(["s1.json", "s3.json"], shards)).toMatch(/^softmax-ntk: error: merge: missing shard 2\/3 \(given: s1\.json = 1\/3, s3\.json = 3\/3\)/);
  });

  it("refuses overlapping, misplaced and lacking units", async () => {
    const exp = (JSON.parse(shards["s2.json"]) as Json).claims[0];
    const overlap = edited("s1.json", (j) => {
      j.claims.push(exp);
    });
    expect(await refused(["s2.json", "s1.json", "s3.json"], overlap)).toMatch(/s1\.json: overlapping units: N4 exp is also in s2\.json/);
    expect(await refused(["s1.json", "s2.json", "s3.json"], overlap)).toMatch(/s1\.json: unit N4 exp belongs to shard 2\/3, not 1\/3/);
    const lacking = edited("s1.json", (j) => {
      j.claims = j.claims.filter((c) => c.id !== "P1");
    });
    expect(await refused(SHARD_FILES, lacking)).toMatch(/s1\.json: shard 1\/3 lacks unit P1 softmax/);
    const stranger = edited("s1.json", (j) => {
      j.claims[0] = { ...j.claims[0], id: "X9" };
    });
    expect(await refused(SHARD_FILES, stranger)).toMatch(/s1\.json: unit X9 softmax is not in the run's plan/);
  });
});
