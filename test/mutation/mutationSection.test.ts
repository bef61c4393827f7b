/**
 * The report's "Mutation self-test" section: settings and score, one escaped table row per mutant with its status
 * and killers (declared ones in bold, undeclared-only kills and crash-kills called out), and its place at the end
 * of REPORT.md when a run is given (absent otherwise).
 */
import { describe, expect, it } from "vitest";
import type { MutantOutcome } from "../../src/mutation/outcome.js";
import { parseMutationRun } from "../../src/mutation/runFile.js";
import type { MutationRun } from "../../src/mutation/selfTest.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderMutationSection } from "../../src/report/mutationSection.js";
import { FIXTURE, cellsOf } from "../report/fixtures.js";

const kill = { claim: "N1", variant: "exp", reference: "holds" as const, mutant: "violated" as const, crash: false, keyNumber: { name: "rate", value: 0.95 }, reason: "r" };
const base: Omit<MutantOutcome, "id" | "status" | "killers" | "crashKillers" | "declaredKillerHit" | "firstKill"> = {
  component: "limit-kernel",
  file: "src/ntk/limit.js",
  bug: "K = p | without its exp factor",
  declaredKillers: ["N1"],
  changes: [],
  durationMs: 1000,
  exitCode: 1,
};

const RUN: MutationRun = {
  tool: "softmax-ntk",
  kind: "mutants",
  formatVersion: 1,
  toolVersion: "9.9.9",
  profile: "quick",
  seed: 7,
  claims: null,
  startedAt: "2026-01-02T03:04:05.000Z",
  timeout: { ms: 300_000, rule: "6 × reference wall time (40.0 s) + 60 s" },
  reference: { durationMs: 40_000, summary: { holds: 1, violated: 0, inconclusive: 0, "assumption-unmet": 0 } },
  mutants: [
    { ...base, id: "a", status: "killed", killers: ["N1", "T2"], crashKillers: [], declaredKillerHit: true, firstKill: kill },
    { ...base, id: "b", status: "killed", killers: ["T2"], crashKillers: ["P3"], declaredKillerHit: false, firstKill: { ...kill, claim: "T2" } },
    { ...base, id: "c", status: "stale", killers: [], crashKillers: [], declaredKillerHit: false, firstKill: null, detail: "find text occurs 0 times" },
  ],
  score: { killed: 2, total: 3, declaredKillerHits: 1 },
  timing: { totalMs: 100_000 },
};

describe("Mutation self-test section", () => {
  const md = renderMutationSection(RUN);

  it("states profile, seed, version, date and the score", () => {
    expect(md.startsWith("## Mutation self-test")).toBe(true);
    expect(md).toContain("Mutants run: profile quick, seed 7, all claims, softmax-ntk 9.9.9, started 2026-01-02T03:04:05.000Z");
    expect(md).toContain("**Mutation score: 2/3 killed** by a measured violation; 1 of the 2 kills include a declared killer.");
  });

  it("has one escaped row per mutant with status and killers", () => {
    const rows = md.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows).toHaveLength(3);
    const [a, b, c] = rows.map((row) => cellsOf(row).map((cell) => cell.trim()));
    expect(a).toEqual(["`a`", "limit-kernel", "K = p \\| without its exp factor", "killed", "**N1**, T2 (N1 exp: rate = 0.95)"]);
    expect(b[4]).toBe("T2 (T2 exp: rate = 0.95) — no declared killer (N1) crash: P3");
    expect(c[3]).toBe("**stale**");
    expect(c[4]).toBe("find text occurs 0 times");
  });

  it("ends REPORT.md when a run is given, and is absent otherwise", () => {
    const withRun = renderMarkdown(FIXTURE, { toolVersion: "1", mutants: RUN });
    expect(withRun.trimEnd().endsWith(md.split("\n").at(-1) ?? "")).toBe(true);
    expect(withRun).toContain("\n## Mutation self-test\n");
    expect(renderMarkdown(FIXTURE, { toolVersion: "1" })).not.toContain("Mutation self-test");
  });

  it("round-trips through mutants.json and refuses a file that is not a mutants result", () => {
    expect(parseMutationRun(JSON.stringify(RUN), "m.json")).toEqual(RUN);
    expect(() => parseMutationRun("{}", "m.json")).toThrow(/^m\.json: not a valid softmax-ntk mutants result/);
    expect(() => parseMutationRun("", "m.json")).toThrow(/^m\.json: is empty/);
  });
});
