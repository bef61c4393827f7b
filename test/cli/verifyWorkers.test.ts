/**
 * `verify --workers N`: a pooled run prints and writes what the serial run does (apart from timing and the order
 * of progress lines), alone and combined with `--shard`; a bad worker count is a usage error.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWith, withoutTiming } from "./helpers.js";

/** Claims with each and aggregate rules, tables, figures, and violated and inconclusive verdicts at quick. */
const RUN = ["verify", "--profile", "quick", "--claims", "N2,N5,P2,D1,I1", "--seed", "4", "--json"];

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "softmax-ntk-workers-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** REPORT.md without its two timing rows (start time and run time) and the per-claim run times. */
function untimedMarkdown(text: string): string {
  return text
    .split("\n")
    .filter((l) => !/^\| (started|run time) \|/.test(l))
    .map((l) => l.replace(/; [0-9.e+-]+ s\.$/, "; (time) s."))
    .join("\n");
}

describe("verify --workers", () => {
  it("--workers 2 gives the --workers 1 result (apart from timing) and the same report files", async () => {
    const serial = await runWith([...RUN, "--workers", "1", "--out", join(dir, "w1")]);
    const pooled = await runWith([...RUN, "--workers", "2", "--out", join(dir, "w2")]);
    expect(pooled.code, pooled.stderr).toBe(serial.code);
    expect(serial.code).toBe(1);
    expect(withoutTiming(pooled.stdout)).toBe(withoutTiming(serial.stdout));
    const files = readdirSync(join(dir, "w1", "figures"));
    expect(files.length).toBeGreaterThan(0);
    expect(readdirSync(join(dir, "w2", "figures"))).toEqual(files);
    for (const f of files) expect(readFileSync(join(dir, "w2", "figures", f), "utf8"), f).toBe(readFileSync(join(dir, "w1", "figures", f), "utf8"));
    const md = (d: string): string => untimedMarkdown(readFileSync(join(dir, d, "REPORT.md"), "utf8"));
    expect(md("w2")).toBe(md("w1"));
    expect(md("w1")).not.toContain("| run time |");
    const json = (d: string): string => withoutTiming(readFileSync(join(dir, d, "report.json"), "utf8"));
    expect(json("w2")).toBe(json("w1"));
    // Progress: every result line once, numbered 1…total in completion order.
    const lines = pooled.stderr.split("\n").filter((l) => /^\[\d+\/\d+\] /.test(l));
    expect(lines.map((l) => l.slice(0, l.indexOf("]") + 1))).toEqual(Array.from({ length: 11 }, (_, k) => `[${k + 1}/11]`));
    const units = (text: string): string[] => text.split("\n").filter((l) => /^\[\d+\/\d+\] /.test(l)).map((l) => l.replace(/^\[\d+\/\d+\] /, "")).sort();
    expect(units(pooled.stderr)).toEqual(units(serial.stderr));
  });

  it("--shard and --workers combine: the shard's units go through the pool", async () => {
    const shard = ["verify", "--profile", "quick", "--claims", "N4,P1,I1", "--shard", "2/3", "--json", "--no-report"];
    const serial = await runWith([...shard, "--workers", "1"]);
    const pooled = await runWith([...shard, "--workers", "2"]);
    expect(pooled.code, pooled.stderr).toBe(0);
    expect(withoutTiming(pooled.stdout)).toBe(withoutTiming(serial.stdout));
    expect((JSON.parse(pooled.stdout) as { shard: unknown }).shard).toEqual({ index: 2, count: 3 });
  });

  it("a worker count outside 1…64 or not an integer is a usage error naming --workers", async () => {
    for (const bad of ["0", "abc", "65", "1.5", ""]) {
      const run = await runWith(["verify", "--profile", "quick", "--claims", "N4", "--workers", bad, "--no-report"]);
      expect(run.code, bad).toBe(2);
      expect(run.stderr.trim().split("\n"), bad).toHaveLength(1);
      expect(run.stderr).toContain("--workers");
      expect(run.stderr).toContain(`"${bad}"`);
    }
  });
});
