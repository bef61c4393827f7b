/**
 * The worker pool (properties/engine/pool.ts): the same results as the serial run, in run order; a worker that
 * dies gives its unit a violated verdict saying why; a worker that cannot start, or a unit its registry does not
 * know, rejects the run. The workers run the compiled build (`npm test` builds first).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PoolUnit, runInPool } from "../../properties/engine/pool.js";
import { PROFILES } from "../../properties/engine/profiles.js";
import { variantSeed } from "../../properties/engine/run.js";
import { STANDARD_SECONDS_PER_VARIANT, longestFirst } from "../../properties/engine/unitCost.js";
import { type VerifyResult, runVerify, runVerifyInPool } from "../../properties/engine/verifyRun.js";
import { REFERENCE_SPEC } from "../../src/implementation/spec.js";
import { selectClaims } from "../../src/cli/verifyCommand.js";

/** A fixture registry (plain JS: the workers load it without a TypeScript loader). */
const FIXTURE_CLAIMS = `
const holds = (label) => ({ variant: label, verdict: "holds", reason: "fixture", keyNumber: { name: "k", value: -0 }, slack: NaN, measurements: { x: [1, null] }, tables: [], coverage: {}, cases: 1, seed: 0 });
export const CLAIMS = [
  { id: "OK", variants: () => [{ label: "a" }, { label: "b" }], run: (v) => holds(v.label) },
  { id: "THROW", variants: () => [{ label: "a" }], run: () => { throw new TypeError("fixture bug outside the engine"); } },
  { id: "EXIT", variants: () => [{ label: "a" }], run: () => process.exit(7) },
  { id: "OOM", variants: () => [{ label: "a" }], run: () => { const keep = []; for (;;) keep.push(new Array(1e6).fill(Math.random())); } },
];
`;

let dir: string;
let fixture: URL;
let broken: URL;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "softmax-ntk-pool-"));
  writeFileSync(join(dir, "claims.mjs"), FIXTURE_CLAIMS);
  writeFileSync(join(dir, "broken.mjs"), `throw new Error("registry failed to load");\n`);
  fixture = pathToFileURL(join(dir, "claims.mjs"));
  broken = pathToFileURL(join(dir, "broken.mjs"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const settings = { profile: "quick" as const, runSeed: 5, impl: REFERENCE_SPEC };

describe("worker pool", () => {
  it("a worker that dies (uncaught error, process.exit, out of memory) gives its unit a violated verdict; the other units still run", async () => {
    const units: PoolUnit[] = [
      { claimId: "OK", variant: "a" },
      { claimId: "THROW", variant: "a" },
      { claimId: "EXIT", variant: "a" },
      { claimId: "OOM", variant: "a" },
      { claimId: "OK", variant: "b" },
    ];
    // 16 MB of old generation: the OOM fixture reaches it after a few 8 MB arrays.
    const results = await runInPool(units, { ...settings, workers: 2, claimsModule: fixture, resourceLimits: { maxOldGenerationSizeMb: 16 } });
    expect(results.map((r) => r.result.variant)).toEqual(["a", "a", "a", "a", "b"]);
    expect(results.map((r) => r.result.verdict)).toEqual(["holds", "violated", "violated", "violated", "holds"]);
    expect(results[1].result.reason).toBe("the worker running this variant died: uncaught TypeError: fixture bug outside the engine");
    expect(results[2].result.reason).toBe("the worker running this variant died: exited with code 7");
    expect(results[3].result.reason).toMatch(/^the worker running this variant died: uncaught Error: .*memory/);
    for (const [i, u] of units.entries()) if (results[i].result.verdict === "violated") expect(results[i].result.seed).toBe(variantSeed(5, u.claimId, { label: u.variant }));
    // Structured clone keeps −0, NaN and null as they are (JSON would turn NaN into null).
    expect(Object.is(results[0].result.keyNumber.value, -0)).toBe(true);
    expect(results[0].result.slack).toBeNaN();
    expect(results[0].result.measurements).toEqual({ x: [1, null] });
  });

  it("a worker that cannot load its registry, or a unit the registry does not know, rejects the run", async () => {
    await expect(runInPool([{ claimId: "OK", variant: "a" }], { ...settings, workers: 1, claimsModule: broken })).rejects.toThrow(/^a pool worker could not start: uncaught Error: registry failed to load$/);
    await expect(runInPool([{ claimId: "OK", variant: "z" }], { ...settings, workers: 1, claimsModule: fixture })).rejects.toThrow(/no claim OK with variant z/);
    await expect(runInPool([], { ...settings, workers: 0, claimsModule: fixture })).rejects.toThrow(RangeError);
  });

  it("hands units out longest first (ties in run order) and returns them in run order", async () => {
    const units = ["N4", "D4", "T3", "Z9", "D4", "N1"].map((claimId, k) => ({ claimId, variant: String(k) }));
    // Z9 is not in the table: it gets the median cost (D1's 0.563 s), between T3 (5.84 s) and N4 (0.0146 s).
    expect(longestFirst(units)).toEqual([1, 4, 5, 2, 3, 0]);
    // No stale rows: every measured cost belongs to a registered claim.
    const ids = new Set(selectClaims(undefined).map((c) => c.id));
    for (const id of Object.keys(STANDARD_SECONDS_PER_VARIANT)) expect(ids.has(id), id).toBe(true);
    const started: number[] = [];
    const fixtureUnits = [{ claimId: "OK", variant: "a" }, { claimId: "OK", variant: "b" }];
    const results = await runInPool(fixtureUnits, { ...settings, workers: 1, claimsModule: fixture }, { onStart: (i) => started.push(i) });
    expect(started).toEqual([0, 1]);
    expect(results.map((r) => r.result.variant)).toEqual(["a", "b"]);
  });

  it("gives the serial run's result exactly (apart from timing) on real claims: each and aggregate rules, tables, series, a replay", async () => {
    const claims = selectClaims("N2,N5,P2,T1,D1,I1");
    const profile = PROFILES.quick;
    const untimed = (r: VerifyResult): unknown => ({ ...r, timing: null, claims: r.claims.map((c) => ({ ...c, durationMs: 0 })) });
    const serial = runVerify(claims, profile, 9);
    const pooled = await runVerifyInPool(claims, profile, 9, { workers: 2, impl: REFERENCE_SPEC });
    // toStrictEqual: the same values (Object.is for numbers), the same undefined fields and plain prototypes.
    expect(untimed(pooled)).toStrictEqual(untimed(serial));
    expect(serial.claims.flatMap((c) => c.results).some((r) => r.replay !== undefined)).toBe(true);
    await expect(runVerifyInPool(claims, { ...profile }, 9, { workers: 2, impl: REFERENCE_SPEC })).rejects.toThrow(/not the built-in one/);
  });
});
