import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runWith } from "./helpers.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "softmax-ntk-summary-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const VERIFY = ["verify", "--profile", "quick", "--claims", "N4", "--no-report"];

describe("GITHUB_STEP_SUMMARY", () => {
  it("verify appends the summary table to the file the variable names", async () => {
    const file = join(dir, "summary.md");
    writeFileSync(file, "earlier step\n");
    const run = await runWith(VERIFY, {}, { env: { GITHUB_STEP_SUMMARY: file } });
    expect(run.code).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("earlier step\n## softmax-ntk verify: profile quick, seed 0\n")).toBe(true);
    expect(text).toContain("### Summary");
    expect(text).toContain("| claim | title | provenance | variant | verdict | key number | slack |");
    expect(text).toMatch(/^\| N4 \| .* \| softmax \| holds \|/m);
    expect(text).toContain("#### Where the claims fail");
    // No links to report sections that do not exist on the summary page.
    expect(text).not.toContain("](#");
    // A second run appends, it does not overwrite.
    await runWith(VERIFY, {}, { env: { GITHUB_STEP_SUMMARY: file } });
    expect(readFileSync(file, "utf8").split("## softmax-ntk verify:")).toHaveLength(3);
  });

  it("a shard and merge append theirs, titled accordingly", async () => {
    const file = join(dir, "summary.md");
    const env = { GITHUB_STEP_SUMMARY: file };
    const files: Record<string, string> = {};
    for (const k of [1, 2]) {
      files[`s${k}.json`] = (await runWith(["verify", "--profile", "quick", "--claims", "N4", "--shard", `${k}/2`, "--json", "--no-report"], {}, { env })).stdout;
    }
    const merged = await runWith(["merge", "s1.json", "s2.json", "--no-report"], files, { env });
    expect(merged.code).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text).toContain("## softmax-ntk verify (shard 1/2): profile quick, seed 0");
    expect(text).toContain("## softmax-ntk verify (shard 2/2): profile quick, seed 0");
    expect(text).toContain("## softmax-ntk merge: profile quick, seed 0");
    expect(text.split("## softmax-ntk merge")[1]).toContain("1 claims, 3 claim × variant results");
  });

  it("nothing is written when the variable is unset or empty", async () => {
    const file = join(dir, "summary.md");
    await runWith(VERIFY, {}, { env: {} });
    await runWith(VERIFY, {}, { env: { GITHUB_STEP_SUMMARY: "" } });
    expect(existsSync(file)).toBe(false);
  });

  it("a summary file that cannot be written is a warning, not a failure", async () => {
    const run = await runWith(VERIFY, {}, { env: { GITHUB_STEP_SUMMARY: join(dir, "missing", "summary.md") } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/warning: cannot append the summary to GITHUB_STEP_SUMMARY=/);
  });
});
