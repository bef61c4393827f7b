/**
 * `softmax-ntk ntk`: output shapes and values against the library, and every kind of bad input of issue 2
 * item 9 (exit 2, one line naming the field, nothing on stdout).
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test, fc } from "@fast-check/vitest";
import { runWith } from "./helpers.js";

const X = [
  [0.5, 0.1],
  [-0.2, 0.7],
  [0.3, -0.6],
];
const Y = [
  [0.1, 0.2],
  [0.0, -0.3],
  [0.4, 0.1],
];

async function ntk(input: unknown, args: string[] = []) {
  return runWith(["ntk", "--input", "in.json", ...args], { "in.json": typeof input === "string" ? input : JSON.stringify(input) });
}

describe("ntk command: good input", () => {
  it("prints F, H, λ_min(H), H*, λ, loss and grad with SPEC §5 shapes", async () => {
    const run = await ntk({ X, Y, activation: "softmax", scale: "sqrt", sigma: 0.7 }, ["--width", "32", "--seed", "5"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(["F", "H", "Hstar", "grad", "lambdaMinH", "lambdaStar", "loss"]);
    expect((out.F as number[][]).length).toBe(3);
    expect((out.H as number[][]).length).toBe(6);
    expect((out.H as number[][])[0].length).toBe(6);
    expect((out.grad as number[][]).length).toBe(2);
    expect((out.grad as number[][])[0].length).toBe(32);
    expect(typeof out.lambdaMinH).toBe("number");
  });

  it("is reproducible: the same seed gives byte-identical output, another seed differs", async () => {
    const a = await ntk({ X }, ["--seed", "9", "--width", "16"]);
    const b = await ntk({ X }, ["--seed", "9", "--width", "16"]);
    const c = await ntk({ X }, ["--seed", "10", "--width", "16"]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
  });

  it("coupled initialisation gives F = 0 exactly and omits loss/grad without Y", async () => {
    const run = await ntk({ X }, ["--init", "coupled", "--width", "64"]);
    const out = JSON.parse(run.stdout) as { F: number[][]; loss?: number };
    for (const row of out.F) for (const v of row) expect(Math.abs(v)).toBe(0);
    expect(out.loss).toBeUndefined();
  });

  it("uses given W and A (width from W), and H* depends only on X and σ", async () => {
    const W = [
      [0.1, -0.2, 0.3, 0.05],
      [0.4, 0.0, -0.1, 0.2],
    ];
    const A = [
      [1, -1, 1, 1],
      [-1, -1, 1, -1],
    ];
    const run = await ntk({ X, W, A, activation: "relu", sigma: 2 });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { Hstar: number[][]; F: number[][] };
    // ReLU H*: diagonal entries p·(π − 0)/(2π) = ‖x_i‖²/2.
    expect(out.Hstar[0][0]).toBeCloseTo((0.25 + 0.01) / 2, 15);
    expect(out.Hstar[0][3]).toBe(0);
    // F = (1/√m) Σ_r a_{ℓ,r} ReLU(⟨w_r, x_1⟩): ⟨w_r,x_1⟩ = 0.09, −0.1, 0.14, 0.045.
    expect(out.F[0][0]).toBeCloseTo((0.09 + 0.14 + 0.045) / 2, 15);
  });
});

/** Each bad input: [description, input JSON text or value, extra args, field the message must name]. */
const badInputs: [string, unknown, string[], RegExp][] = [
  ["NaN literal", '{"X": [[NaN, 1]]}', [], /--input: not valid JSON/],
  ["Infinity literal", '{"X": [[Infinity, 1]]}', [], /--input: not valid JSON/],
  ["overflowing number", '{"X": [[1e999, 1]]}', [], /X\[0\]\[0\]: expected a finite number/],
  ["ragged X", { X: [[1, 2], [3]] }, [], /X\[1\]: has 1 entries but X\[0\] has 2/],
  ["Y with wrong rows", { X, Y: [[1, 2]] }, [], /^softmax-ntk: error: Y: has 1 rows, expected 3/],
  ["Y with wrong columns", { X, Y: [[1], [2], [3]] }, [], /Y: has 1 columns, expected 2/],
  ["W with wrong rows", { X, W: [[1, 2]] }, [], /W: has 1 rows, expected 2/],
  ["A not matching W", { X, W: [[1, 2], [3, 4]], A: [[1, 1, 1], [1, 1, 1]] }, [], /A: has 3 columns, expected 2/],
  ["string entry", { X: [[1, "2"]] }, [], /X\[0\]\[1\]: expected a finite number, got the string "2"/],
  ["X not an array", { X: "abc" }, [], /X: .*array/],
  ["null entry", { X: [[1, null]] }, [], /X\[0\]\[1\]: expected a finite number, got null/],
  ["empty X", { X: [] }, [], /X: must have at least one row/],
  ["empty row", { X: [[]] }, [], /X\[0\]: a row must have at least one entry/],
  ["missing X", { Y }, [], /X: is required \(expected array\)/],
  ["unknown activation", { X, activation: "tanh" }, [], /activation: .*softmax.*exp.*relu/],
  ["unknown scale", { X, scale: "n" }, [], /scale: /],
  ["negative sigma", { X, sigma: -1 }, [], /sigma: must be > 0/],
  ["unknown field", { X, activaton: "exp" }, [], /input: unknown field "activaton"/],
  ["top-level array", [1, 2], [], /input: expected a JSON object/],
  ["empty file", "", [], /--input: is empty/],
  ["truncated JSON", '{"X": [[1, 2]', [], /--input: not valid JSON/],
  ["odd coupled width", { X }, ["--init", "coupled", "--width", "7"], /--width: coupled initialisation needs an even width/],
  ["bad seed", { X }, ["--seed", "-3"], /--seed/],
  ["bad width", { X }, ["--width", "abc"], /--width/],
  ["bad init", { X }, ["--init", "gaussian"], /--init/],
  ["unknown option", { X }, ["--frobnicate"], /unknown option/],
  ["unknown output field", { X }, ["--fields", "F,lambdaMin"], /--fields.*unknown field "lambdaMin"; valid fields: F, H, lambdaMinH, Hstar, lambdaStar, loss, grad/],
  ["empty output field", { X }, ["--fields", "F,,H"], /--fields.*empty field name/],
  ["loss requested without Y", { X }, ["--fields", "F,loss"], /Y: is required for the fields loss and grad/],
  ["shape above the limit", { X: Array.from({ length: 2049 }, () => [0.1, 0.2]) }, [], /X: n·d = .* exceeds the limit 4096/],
];

describe("ntk command: --fields", () => {
  it("prints exactly the named fields, in SPEC order, with the values of the full output", async () => {
    const args = ["--width", "16", "--seed", "3"];
    const full = JSON.parse((await ntk({ X, Y }, args)).stdout) as Record<string, unknown>;
    for (const list of ["lambdaStar", "grad,F", "lambdaMinH, Hstar ,lambdaMinH", "loss,lambdaStar,H"]) {
      const run = await ntk({ X, Y }, [...args, "--fields", list]);
      expect(run.code).toBe(0);
      const out = JSON.parse(run.stdout) as Record<string, unknown>;
      const wanted = new Set(list.split(",").map((s) => s.trim()));
      const specOrder = Object.keys(full).filter((k) => wanted.has(k));
      expect(Object.keys(out)).toEqual(specOrder);
      for (const k of specOrder) expect(out[k]).toEqual(full[k]);
    }
  });

  it("naming every field reproduces the default output byte for byte", async () => {
    const all = await ntk({ X, Y }, ["--fields", "F,H,lambdaMinH,Hstar,lambdaStar,loss,grad"]);
    expect(all.stdout).toBe((await ntk({ X, Y })).stdout);
  });

  it("skips the network's work when only limit quantities are asked for", async () => {
    // exp with huge first-layer weights overflows H (the full output refuses the input, naming W),
    // while λ = λ_min(K) and H* depend on X and σ only.
    const W = [
      [800, 800],
      [800, 800],
    ];
    const A = [
      [1, -1],
      [1, 1],
    ];
    const input = { X, W, A, activation: "exp" };
    const full = await ntk(input);
    expect(full.code).toBe(2);
    expect(full.stderr).toMatch(/X\/W\/A: give a non-finite H/);
    const limit = await ntk(input, ["--fields", "lambdaStar,Hstar"]);
    expect(limit.code).toBe(0);
    const out = JSON.parse(limit.stdout) as { lambdaStar: number; Hstar: number[][] };
    expect(Object.keys(out)).toEqual(["Hstar", "lambdaStar"]);
    expect(Number.isFinite(out.lambdaStar)).toBe(true);
  });
});

describe("ntk command: bad input gives exit 2 and one line naming the field", () => {
  for (const [what, input, args, pattern] of badInputs) {
    it(what, async () => {
      const run = await ntk(input, args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(pattern);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("a missing input file names --input", async () => {
    const run = await runWith(["ntk", "--input", "nope.json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--input: cannot read "nope.json": no such file/);
  });

  it("a missing --input option is a usage error", async () => {
    const run = await runWith(["ntk"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--input/);
  });

  test.prop([fc.jsonValue()], { numRuns: 100 })("arbitrary JSON never crashes: exit 0 with output or exit 2 with one line", async (value) => {
    const run = await ntk(JSON.stringify(value));
    expect([0, 2]).toContain(run.code);
    if (run.code === 2) expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("the installed bin", () => {
  it("exits 2 with a one-line message and no stack trace on bad input (real process)", () => {
    const bin = fileURLToPath(new URL("../../bin/softmax-ntk.js", import.meta.url));
    const res = spawnSync(process.execPath, [bin, "ntk", "--input", "-"], { input: '{"X": [[1, 2], [3]]}', encoding: "utf8" });
    expect(res.status).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr.trim()).toBe("softmax-ntk: error: X[1]: has 1 entries but X[0] has 2 (rows must all have the same length)");
  });

  it("prints the output JSON on stdout with exit 0 (real process)", () => {
    const bin = fileURLToPath(new URL("../../bin/softmax-ntk.js", import.meta.url));
    const res = spawnSync(process.execPath, [bin, "ntk", "--input", "-", "--width", "8"], { input: JSON.stringify({ X }), encoding: "utf8" });
    expect(res.status).toBe(0);
    expect(Object.keys(JSON.parse(res.stdout) as object)).toContain("lambdaStar");
  });
});
