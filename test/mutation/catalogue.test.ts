/**
 * The catalogue is applicable to the current build: every mutant's `find` occurs exactly once in its compiled
 * module (a refactoring that moves one makes this test name it), and the patch really changes the code.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MUTANTS, mutantNamed } from "../../src/mutation/catalogue.js";
import { occurrences, patchSource } from "../../src/mutation/patch.js";
import { childPaths } from "../../src/mutation/runner.js";
import { CLAIMS } from "../../properties/index.js";

const dist = join(childPaths().root, "dist");

/** Claim ids SPEC §4 defines (registered now or planned: I2–I7 are being added by another change). */
const SPEC_IDS = new Set(["N1", "N2", "N3", "N4", "N5", "P1", "P2", "P3", "P4", "T1", "T2", "T3", "T4", "T5", "T6", "D1", "D2", "D3", "D4", "D5", "I1", "I2", "I3", "I4", "I5", "I6", "I7"]);

describe("mutant catalogue", () => {
  it("has at least 14 mutants with unique kebab-case ids", () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(14);
    const ids = MUTANTS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(mutantNamed(ids[0])).toBe(MUTANTS[0]);
    expect(mutantNamed("no-such-mutant")).toBeUndefined();
  });

  it.each(MUTANTS.map((m) => [m.id, m] as const))("%s: find occurs exactly once in its built module and the patch changes it", (_id, m) => {
    const source = readFileSync(join(dist, m.file), "utf8");
    expect(occurrences(source, m.find), `dist/${m.file}`).toBe(1);
    expect(m.replace).not.toBe(m.find);
    const patched = patchSource(source, m);
    expect(patched).not.toContain(m.find);
    expect(patched).toContain(m.replace);
  });

  it("declares killers that are SPEC claim ids, at least one of them registered now", () => {
    const registered = new Set(CLAIMS.map((c) => c.id));
    for (const m of MUTANTS) {
      expect(m.killers.length, m.id).toBeGreaterThan(0);
      for (const k of m.killers) expect(SPEC_IDS.has(k), `${m.id}: ${k}`).toBe(true);
      expect(m.killers.some((k) => registered.has(k)), m.id).toBe(true);
      expect(m.bug.length, m.id).toBeGreaterThan(20);
    }
  });
});

describe("patchSource", () => {
  const mutant = { id: "m", component: "forward", file: "f.js", find: "a - b", replace: "a + b", bug: "sign", killers: ["I1"] } as const;

  it("replaces the one occurrence and marks the module", () => {
    const out = patchSource("x = a - b;", mutant);
    expect(out.startsWith("x = a + b;")).toBe(true);
    expect(out).toContain('Symbol.for("softmax-ntk.mutant.applied")] = "m"');
  });

  it("refuses a missing or ambiguous find, naming the mutant and the file", () => {
    expect(() => patchSource("x = a * b;", mutant)).toThrow(/stale mutant "m".*occurs 0 times in dist\/f\.js/);
    expect(() => patchSource("a - b; a - b", mutant)).toThrow(/occurs 2 times/);
  });

  it("counts non-overlapping occurrences", () => {
    expect(occurrences("aaaa", "aa")).toBe(2);
    expect(occurrences("abc", "d")).toBe(0);
  });
});
