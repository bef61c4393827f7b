/**
 * `softmax-ntk mutants` end to end on two cheap mutants with the claims restricted (real child processes), its
 * usage errors, and the report files it writes (mutants.json, REPORT.md re-rendered with the section).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { MutationRun } from "../../src/mutation/selfTest.js";
import { parseMutationRun } from "../../src/mutation/runFile.js";
import { runWith } from "../cli/helpers.js";
import { FIXTURE } from "../report/fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "softmax-ntk-mutants-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("softmax-ntk mutants", () => {
  it("kills two cheap mutants with restricted claims, prints JSON, writes mutants.json and the report section", async () => {
    const files = { [join(dir, "report.json")]: JSON.stringify(FIXTURE) };
    const r = await runWith(["mutants", "--mutants", "gradient-no-centring,softmax-no-max-shift", "--claims", "I1,D3", "--json", "--out", dir, "--seed", "3"], files);
    expect(r.stderr).toContain("reference: running profile quick, seed 3, claims I1,D3");
    expect(r.code).toBe(0);
    const run = JSON.parse(r.stdout) as MutationRun;
    expect(run).toMatchObject({ kind: "mutants", profile: "quick", seed: 3, claims: ["I1", "D3"], score: { killed: 2, total: 2, declaredKillerHits: 2 } });
    const [centring, shift] = run.mutants;
    expect(centring).toMatchObject({ id: "gradient-no-centring", status: "killed", killers: ["I1"], declaredKillerHit: true });
    expect(centring.firstKill).toMatchObject({ claim: "I1", variant: "softmax", reference: "holds", mutant: "violated", crash: false });
    expect(shift).toMatchObject({ id: "softmax-no-max-shift", status: "killed", killers: ["D3"] });
    expect(r.stderr).toMatch(/gradient-no-centring +killed +killed by I1 \(I1 softmax: slack at counterexample = /);
    expect(r.stderr).toContain("mutation score: 2/2 killed");
    const stored = parseMutationRun(readFileSync(join(dir, "mutants.json"), "utf8"), "mutants.json");
    expect(stored.score).toEqual(run.score);
    const markdown = readFileSync(join(dir, "REPORT.md"), "utf8");
    expect(markdown.startsWith("# softmax-ntk verification report")).toBe(true);
    expect(markdown).toContain("## Mutation self-test");
    expect(markdown).toContain("**Mutation score: 2/2 killed**");
    expect(markdown).toMatch(/\| `gradient-no-centring` \| gradient \| .* \| killed \| \*\*I1\*\* \(I1 softmax: /);
  });

  it("verify ends REPORT.md with the section when DIR/mutants.json exists", async () => {
    const out = join(dir, "verify");
    const stored = readFileSync(join(dir, "mutants.json"), "utf8");
    const r = await runWith(["verify", "--profile", "quick", "--claims", "I1", "--out", out], { [join(out, "mutants.json")]: stored });
    expect(r.code).toBe(0);
    const markdown = readFileSync(join(out, "REPORT.md"), "utf8");
    expect(markdown).toContain("## I1");
    expect(markdown.slice(markdown.indexOf("## Mutation self-test"))).toContain("Mutants run: profile quick, seed 3, claims I1, D3");
  });

  it("refuses unknown mutant and claim ids and bad option values with exit 2 and one line", async () => {
    for (const argv of [["--mutants", "nope"], ["--mutants", ","], ["--claims", "Z9"], ["--jobs", "0"], ["--timeout", "-1"]]) {
      const r = await runWith(["mutants", ...argv, "--no-report"]);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), argv.join(" ")).toHaveLength(1);
    }
    const r = await runWith(["mutants", "--mutants", "nope"]);
    expect(r.stderr).toMatch(/--mutants: unknown mutant id "nope" \(known: softmax-no-max-shift, /);
  });

  it("verify refuses a corrupt DIR/mutants.json before running, naming the file", async () => {
    const path = join(dir, "corrupt", "mutants.json");
    const r = await runWith(["verify", "--profile", "quick", "--claims", "I1", "--out", join(dir, "corrupt")], { [path]: '{"tool": "softmax-ntk"}' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}: not a valid softmax-ntk mutants result`);
    expect(r.stdout).not.toContain("I1 ");
  });
});
