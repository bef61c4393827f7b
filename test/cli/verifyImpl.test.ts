/**
 * `verify --impl MODULE`: the example implementation passes I1–I7 (exit 0); subtly wrong copies of it fail the
 * claims that should catch them (exit 1, named in the summary line); modules that throw, hang, return wrong
 * shapes or NaN get per-claim `violated` verdicts (exit 1, never 70 or a hang); a module that does not load or has
 * no default export is a usage error (exit 2). The result records the implementation and still validates.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyResultSchema } from "../../src/results/schema.js";
import { runWith } from "./helpers.js";

const EXAMPLE = fileURLToPath(new URL("../../examples/softmax-network.mjs", import.meta.url));
const EXAMPLE_SOURCE = readFileSync(EXAMPLE, "utf8");
const ALL_I = ["--claims", "I1,I2,I3,I4,I5,I6,I7"];
let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "softmax-ntk-impl-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the example with `from` replaced by `to` (the replacement must apply) and returns its path. */
function mutant(name: string, from: string, to: string): string {
  expect(EXAMPLE_SOURCE).toContain(from);
  const path = join(dir, name);
  writeFileSync(path, EXAMPLE_SOURCE.replace(from, to));
  return path;
}

function moduleFile(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

function summaryOf(stdout: string): string {
  return stdout.split("\n").find((l) => l.startsWith("summary:")) ?? "";
}

describe("verify --impl", () => {
  it("the example implementation passes I1–I7 (exit 0), the result records it and validates", async () => {
    const out = join(dir, "report");
    const run = await runWith(["verify", "--impl", EXAMPLE, "--profile", "quick", ...ALL_I, "--json", "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    const result = verifyResultSchema.parse(JSON.parse(run.stdout));
    expect(result.implementation).toEqual({ name: "example softmax network", module: EXAMPLE, methods: ["forward", "gradient", "ntk"] });
    expect(result.claims.map((c) => c.id)).toEqual(["I1", "I2", "I3", "I4", "I5", "I6", "I7"]);
    expect(result.summary.violated).toBe(0);
    const md = readFileSync(join(out, "REPORT.md"), "utf8");
    expect(md).toContain("| implementation | example softmax network");
    expect(md).toContain(`--impl ${EXAMPLE}`);
  });

  it("lists the claims it skips and why", async () => {
    const forwardOnly = moduleFile("forward-only.mjs", EXAMPLE_SOURCE.replace("export default { name: \"example softmax network\", forward, gradient, ntk };", "export default { name: \"forward only\", forward };"));
    const run = await runWith(["verify", "--impl", forwardOnly, "--profile", "quick", "--claims", "N4,N1,I1,I2,I3,I6", "--no-report"]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("skipped N4: checks only the suite's own code");
    expect(run.stdout).toContain('skipped N1: needs ntk, which "forward only" does not provide');
    expect(run.stdout).toContain('skipped I1: needs gradient, which "forward only" does not provide');
    expect(run.stdout).toContain('skipped I2: needs gradient and ntk, which "forward only" does not provide');
    expect(run.stdout).toContain('skipped I6: needs ntk, which "forward only" does not provide');
    expect(run.stdout).toMatch(/^\[\d\/\d\] I3 /m);
  });

  it.each([
    ["the centring dropped in the gradient", "for (let l = 0; l < d; l++) q += (F[i][l] - Y[i][l]) * D[l][r];", "for (let l = 0; l < d; l++) q += (F[i][l] - Y[i][l]) * A[l][r] * (opts.activation === \"softmax\" ? features(preactivations(x, W), \"softmax\")[r] : D[l][r] / A[l][r]);", ["I1", "I2", "I5", "I7"]],
    ["H in (i, ℓ) order", "G[l * n + i] = D[l].map", "G[i * d + l] = D[l].map", ["I2"]],
    ["F off by a relative 1e-6", "return A.map((a) => c * dot(a, phi));", "return A.map((a) => c * dot(a, phi) * (1 + 1e-6));", ["I5", "I7"]],
  ])("a copy with %s exits 1 naming the failing claims", async (_what, from, to, failing) => {
    const path = mutant(`mutant-${failing.join("")}.mjs`, from, to);
    const run = await runWith(["verify", "--impl", path, "--profile", "quick", ...ALL_I, "--no-report"]);
    expect(run.code, run.stdout).toBe(1);
    const summary = summaryOf(run.stdout);
    for (const id of failing) expect(summary).toContain(id);
    expect(summary).toMatch(/\[violated: [I0-9, ]+\]/);
  });

  it("a violation under --impl replays against the same module (the report prints replay … --impl MODULE)", async () => {
    const path = mutant("mutant-replay.mjs", "G[l * n + i] = D[l].map", "G[i * d + l] = D[l].map");
    const out = join(dir, "replay-report");
    const run = await runWith(["verify", "--impl", path, "--profile", "quick", "--claims", "I2", "--json", "--out", out]);
    expect(run.code).toBe(1);
    const result = verifyResultSchema.parse(JSON.parse(run.stdout));
    const r = result.claims[0].results.find((x) => x.verdict === "violated");
    if (r?.replay === undefined) throw new Error("no replay recorded");
    const args = ["--seed", String(r.replay.seed), "--path", r.replay.path, "--variant", r.variant, "--profile", "quick"];
    expect(readFileSync(join(out, "REPORT.md"), "utf8")).toContain(`npx softmax-ntk replay I2 --impl ${path} ${args.join(" ")}`);
    const again = await runWith(["replay", "I2", "--impl", path, ...args]);
    expect(again.code, again.stdout).toBe(1);
    expect(again.stdout).toContain("outcome: violated");
    // Against the suite's own code the same case holds.
    expect((await runWith(["replay", "I2", ...args])).code).toBe(0);
  });

  it("shards of an --impl run merge with the implementation recorded; shards of different implementations do not", async () => {
    const out = join(dir, "shards");
    const args = ["verify", "--profile", "quick", "--claims", "I3,I7", "--shard"];
    expect((await runWith([...args, "1/2", "--impl", EXAMPLE, "--out", out])).code).toBe(0);
    expect((await runWith([...args, "2/2", "--impl", EXAMPLE, "--out", out])).code).toBe(0);
    const shards = [join(out, "shard-1-of-2.json"), join(out, "shard-2-of-2.json")];
    const files = () => Object.fromEntries(shards.map((s) => [s, readFileSync(s, "utf8")]));
    const merged = await runWith(["merge", ...shards, "--json", "--no-report"], files());
    expect(merged.code, merged.stderr).toBe(0);
    expect(verifyResultSchema.parse(JSON.parse(merged.stdout)).implementation?.name).toBe("example softmax network");
    expect((await runWith([...args, "2/2", "--out", out])).code).toBe(0);
    const mixed = await runWith(["merge", ...shards, "--json", "--no-report"], files());
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("implementation");
  });

  it.each([
    ["throws", "forward() { throw new TypeError('not implemented'); }", 'forward threw TypeError: not implemented'],
    ["wrong shape", "forward(X) { return X.map(() => [0, 0, 0, 0, 0]); }", "forward returned F[0] with 5 entries, expected d = "],
    ["NaN", "forward(X, W) { return X.map((x) => W.map(() => NaN)); }", "forward returned NaN at F[0][0]"],
    ["hang", "forward() { for (;;) {} }", "forward timed out"],
  ])("a module that %s gets per-claim violated verdicts naming the implementation (exit 1)", async (name, method, message) => {
    const path = moduleFile(`${name.replace(/ /g, "-")}.mjs`, `export default { name: "${name}", ${method} };`);
    const run = await runWith(["verify", "--impl", path, "--impl-timeout", "200", "--profile", "quick", "--claims", "I3,I7", "--json", "--no-report"]);
    expect(run.code, run.stderr).toBe(1);
    const result = verifyResultSchema.parse(JSON.parse(run.stdout));
    for (const c of result.claims)
      for (const r of c.results) {
        expect(r.verdict).toBe("violated");
        expect(r.reason).toContain(`failure of the implementation under test, not of the suite: implementation "${name}": ${message}`);
      }
    expect(run.stderr).toContain("[violated: I3, I7]");
  });

  it.each([
    ["no default export", "export const forward = () => [];", /--impl: ".*no-default\.mjs": has no default export/],
    ["a load error", "import './does-not-exist.mjs';", /--impl: ".*load-error\.mjs": does not load: Error: Cannot find module/],
  ])("a module with %s is a usage error (exit 2, one line)", async (_what, source, message) => {
    const path = moduleFile(_what === "no default export" ? "no-default.mjs" : "load-error.mjs", source);
    const run = await runWith(["verify", "--impl", path, "--profile", "quick", "--claims", "I3", "--no-report"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stdout).toBe("");
  });

  it("refuses a TypeScript module and a selection without runnable claims (exit 2)", async () => {
    const ts = await runWith(["verify", "--impl", moduleFile("impl.ts", "export default {}"), "--profile", "quick", "--no-report"]);
    expect(ts.code).toBe(2);
    expect(ts.stderr).toContain("Node 20 cannot import TypeScript");
    const none = await runWith(["verify", "--impl", EXAMPLE, "--profile", "quick", "--claims", "N4", "--no-report"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("none of the selected claims can run against");
  });
});
