/**
 * The loader hook in a real child process: a catalogue mutant is applied to exactly its module (and the child
 * says so); a stale mutant (find text missing, unknown id, target never loaded) makes the child exit non-zero
 * with a message naming the mutant and the file, and never runs the unmutated code to a result.
 */
import { describe, expect, it } from "vitest";
import { STALE_EXIT } from "../../src/mutation/patch.js";
import type { Mutant } from "../../src/mutation/catalogue.js";
import { runMutantChild } from "./helpers.js";

const stale: Mutant = {
  id: "stale-example",
  component: "forward",
  file: "src/network/forward.js",
  find: "this text is not in the module",
  replace: "0",
  bug: "a mutant whose target code has moved",
  killers: ["I1"],
};

describe("mutation loader hook", () => {
  it("applies a catalogue mutant to its module and the run sees the bug (I1 violated)", () => {
    const r = runMutantChild("gradient-no-centring", ["I1"]);
    expect(r.stderr).toContain('softmax-ntk mutant: "gradient-no-centring" applied to dist/src/network/wasm/softmaxRowSweep.js');
    const result = JSON.parse(r.stdout) as { claims: { id: string; results: { variant: string; verdict: string }[] }[] };
    const softmax = result.claims[0].results.find((x) => x.variant === "softmax");
    expect(softmax?.verdict).toBe("violated");
    expect(r.status).toBe(1);
  });

  it("refuses a stale mutant whose find text is missing: exit non-zero, message names mutant and file, no result", () => {
    const r = runMutantChild(stale, ["I1"]);
    expect(r.status).toBe(STALE_EXIT);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/stale mutant "stale-example".*occurs 0 times in dist\/src\/network\/forward\.js/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("refuses an unknown mutant id", () => {
    const r = runMutantChild("no-such-mutant", ["I1"]);
    expect(r.status).toBe(STALE_EXIT);
    expect(r.stderr).toContain('unknown mutant "no-such-mutant"');
  });

  it("refuses a run that never loaded the mutant's module (the mutant was not exercised)", () => {
    // report/figures.js is loaded only when figures are drawn, which verify --no-report never does.
    const r = runMutantChild({ ...stale, id: "never-loaded", file: "src/report/figures.js", find: "export async function renderSeriesSvg" }, ["I1"]);
    expect(r.status).toBe(STALE_EXIT);
    expect(r.stderr).toMatch(/stale mutant "never-loaded": dist\/src\/report\/figures\.js was never loaded/);
  });
});
