/**
 * Hostile input for `softmax-ntk ntk` (issue 6 item 4): hostile number literals at every number of a valid
 * input, wrong types at every field, unknown fields, ragged rows, inconsistent shapes, shapes beyond the limits
 * of `src/io/limits.ts` (refused before the work starts) and hostile option values. File-level hostility (empty,
 * BOM, garbage, deep nesting, directories, stdin) is in `files.test.ts`.
 */
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { MAX_ND, MAX_ND_M, MAX_WIDTH } from "../../../src/io/limits.js";
import { runWith } from "../helpers.js";
import { expectContract, hostileString, integerOk } from "./contract.js";
import { type JsonPath, fieldName, getAt, hostileLiteral, jsonType, pathsOf, ragged, setAt, smallMatrix, unknownField, withLiteralAt, wrongTypedValues } from "../hostileJson.js";

/** Runs `ntk` on the JSON text `text` with extra arguments. */
function ntk(text: string, args: readonly string[] = []) {
  return runWith(["ntk", "--input", "in.json", ...args], { "in.json": text });
}

const FIELDS = ["X", "Y", "W", "A", "activation", "scale", "sigma"];

/** A valid NTK input: X n×d (n, d ≤ 3), optionally Y, W and/or A (width ≤ 4), activation, scale and sigma. */
const validInput = fc
  .record({
    n: fc.integer({ min: 1, max: 3 }),
    d: fc.integer({ min: 1, max: 3 }),
    m: fc.integer({ min: 1, max: 4 }),
    withY: fc.boolean(),
    weights: fc.constantFrom("none", "W", "A", "both"),
    activation: fc.option(fc.constantFrom("softmax", "exp", "relu"), { nil: undefined }),
    scale: fc.option(fc.constantFrom("m", "sqrt"), { nil: undefined }),
    sigma: fc.option(fc.double({ min: 0.1, max: 2, noNaN: true }), { nil: undefined }),
  })
  .chain(({ n, d, m, withY, weights, activation, scale, sigma }) =>
    fc.record({
      X: smallMatrix(fc.constant(n), fc.constant(d)),
      Y: withY ? smallMatrix(fc.constant(n), fc.constant(d)) : fc.constant(undefined),
      W: weights === "W" || weights === "both" ? smallMatrix(fc.constant(d), fc.constant(m)) : fc.constant(undefined),
      A: weights === "A" || weights === "both" ? smallMatrix(fc.constant(d), fc.constant(m)) : fc.constant(undefined),
      activation: fc.constant(activation),
      scale: fc.constant(scale),
      sigma: fc.constant(sigma),
    }),
  )
  .map((r) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>);

/** The paths of `value` that hold numbers. */
const numberPaths = (value: unknown): JsonPath[] => pathsOf(value).filter((p) => typeof getAt(value, p) === "number");

/** Exit 0 output must be all finite: JSON writes NaN and ±∞ as null. */
function expectFiniteOutput(stdout: string): void {
  expect(stdout).not.toMatch(/null/);
  expect(() => JSON.parse(stdout) as unknown).not.toThrow();
}

describe("ntk: hostile numbers at every number of a valid input", () => {
  test.prop([validInput.chain((v) => fc.tuple(fc.constant(v), fc.constantFrom(...numberPaths(v)), hostileLiteral))], { numRuns: 250 })(
    "not JSON → names --input; ±∞ or a quoted number → names the exact field; an extreme finite number → finite output or a refusal naming its field",
    async ([value, path, literal]) => {
      const run = await ntk(withLiteralAt(value, path, literal.text), ["--width", "4"]);
      if (literal.kind === "syntax") expectContract(run, false, { names: ["--input"] });
      else if (literal.kind === "non-finite" || literal.kind === "string") expectContract(run, false, { names: [fieldName(path)] });
      else {
        // A finite extreme may overflow F, H, H*, the loss or the gradient: the refusal names the field edited.
        expectContract(run, undefined, { names: [String(path[0])] });
        if (run.code === 0) expectFiniteOutput(run.stdout);
      }
    },
  );

  it("regression: a non-finite result names the fields it comes from, not always W (Y, X or sigma were blamed on W)", async () => {
    const cases: [unknown, string[], string][] = [
      [{ X: [[1, 1]], Y: [[1e308, 1]] }, [], "X/W/A/Y: give a non-finite loss"],
      [{ X: [[800, 1]] }, [], "X/sigma: give a non-finite Hstar"],
      [{ X: [[1, 1]] }, ["--sigma", "1e300"], "X/sigma: give a non-finite Hstar"],
      [{ X: [[1e200, 1]], activation: "exp" }, [], "X/W/A: give a non-finite F"],
    ];
    for (const [input, args, message] of cases) {
      const run = await ntk(JSON.stringify(input), ["--width", "4", ...args]);
      expectContract(run, false);
      expect(run.stderr).toContain(`softmax-ntk: error: ${message}`);
    }
  });
});

describe("ntk: wrong types, unknown fields, ragged rows, shapes", () => {
  const full = { X: [[0.5, 0.1], [-0.2, 0.7]], Y: [[0.1, 0.2], [0, -0.3]], W: [[1, -1], [0.5, 0.2]], A: [[1, 1], [-1, 1]], activation: "exp", scale: "sqrt", sigma: 1.5 };

  it("a value of the wrong type at any path, exhaustively: exit 2 naming exactly that path", async () => {
    let runs = 0;
    for (const path of pathsOf(full)) {
      for (const w of wrongTypedValues(jsonType(getAt(full, path)))) {
        expectContract(await ntk(JSON.stringify(setAt(full, path, w))), false, { names: [fieldName(path)] });
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(pathsOf(full).length * 5);
  });

  test.prop([validInput, unknownField(FIELDS), fc.jsonValue({ maxDepth: 2 })], { numRuns: 60 })("an unknown top-level field: exit 2 naming it", async (value, key, extra) => {
    const text = JSON.stringify(value).replace(/^\{/, () => `{${JSON.stringify(key)}:${JSON.stringify(extra) ?? "null"},`);
    const run = await ntk(text);
    expectContract(run, false, { names: [`unknown field ${JSON.stringify(key)}`] });
  });

  test.prop(
    [fc.constantFrom("X", "Y", "W", "A"), smallMatrix(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain((rows) => ragged(rows))],
    { numRuns: 80 },
  )("a ragged matrix: exit 2 naming its first bad row", async (field, { matrix, firstBad }) => {
    const base: Record<string, unknown> = { X: [[0.1, 0.2]] };
    // The other matrices get shapes consistent with the ragged one's first row, so raggedness is the only fault.
    const d = field === "X" ? matrix[0].length : field === "Y" ? matrix[0].length : matrix.length;
    const n = field === "Y" ? matrix.length : 1;
    if (field !== "X") base.X = Array.from({ length: n }, () => new Array<number>(d).fill(0.1));
    base[field] = matrix;
    const run = await ntk(JSON.stringify(base), ["--width", "2"]);
    expectContract(run, false, { names: [`${field}[${firstBad}]`] });
  });

  test.prop(
    [
      fc.record({ n: fc.integer({ min: 1, max: 3 }), d: fc.integer({ min: 1, max: 3 }), m: fc.integer({ min: 1, max: 3 }) }),
      fc.constantFrom("Y", "W", "A"),
      fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
    ],
    { numRuns: 80 },
  )("a matrix inconsistent with X (or A with W): exit 2 naming it", async ({ n, d, m }, field, [rows, cols]) => {
    const [r, c] = field === "Y" ? [n, d] : [d, m];
    fc.pre(rows !== r || cols !== c);
    const fill = (a: number, b: number) => Array.from({ length: a }, () => new Array<number>(b).fill(0.25));
    const input: Record<string, unknown> = { X: fill(n, d), Y: fill(n, d), W: fill(d, m), A: fill(d, m) };
    input[field] = fill(rows, cols);
    // W's columns are free (they define m): W with d rows but other columns makes A the one that does not match.
    const blamed = field === "W" && rows === d ? "A" : field;
    expectContract(await ntk(JSON.stringify(input)), false, { names: [blamed] });
  });
});

describe("ntk: shapes beyond the limits are refused before the work starts", () => {
  test.prop([fc.integer({ min: 1, max: 64 }).chain((d) => fc.tuple(fc.constant(d), fc.integer({ min: Math.floor(MAX_ND / d) + 1, max: Math.floor((2 * MAX_ND) / d) + 1 })))], { numRuns: 8 })(
    "n·d > MAX_ND: exit 2 naming X and the limit",
    async ([d, n]) => {
      const run = await ntk(JSON.stringify({ X: Array.from({ length: n }, () => new Array<number>(d).fill(0.5)) }));
      expectContract(run, false, { names: ["X"] });
      expect(run.stderr).toContain(`exceeds the limit ${MAX_ND}`);
    },
  );

  // n·d·m > MAX_ND_M via --width: computing H would take (nd)²·m ≥ 10¹¹ multiply–adds (minutes); the 20 s
  // time-out of this test is the evidence that the refusal comes first.
  test.prop([fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 1000 })], { numRuns: 20 })(
    "n·d·m > MAX_ND_M or m > MAX_WIDTH via --width: exit 2 naming --width and a limit",
    async (n, d, extra) => {
      const m = Math.floor(MAX_ND_M / (n * d)) + extra;
      const run = await ntk(JSON.stringify({ X: Array.from({ length: n }, () => new Array<number>(d).fill(0.5)) }), ["--width", String(m)]);
      expectContract(run, false, { names: ["--width"] });
      expect(run.stderr).toMatch(new RegExp(`${MAX_ND_M}|${MAX_WIDTH}|${MAX_ND}`));
    },
    20_000,
  );

  it("a given W wider than MAX_WIDTH, or with n·d·m > MAX_ND_M: exit 2 naming W and the limit", { timeout: 20_000 }, async () => {
    const wide = await ntk(JSON.stringify({ X: [[0.5]], W: [new Array<number>(MAX_WIDTH + 1).fill(0.5)] }));
    expectContract(wide, false, { names: ["W"] });
    expect(wide.stderr).toContain(`width m = ${MAX_WIDTH + 1} exceeds the limit ${MAX_WIDTH}`);
    const n = MAX_ND;
    const m = MAX_ND_M / n + 1;
    const heavy = await ntk(JSON.stringify({ X: Array.from({ length: n }, () => [0.5]), A: [new Array<number>(m).fill(0.5)] }));
    expectContract(heavy, false, { names: ["A"] });
    expect(heavy.stderr).toContain(`exceeds the limit ${MAX_ND_M}`);
  });
});

describe("ntk: hostile option values", () => {
  /** One option: [argv words, valid?, name the error must carry]. */
  type Opt = [string[], boolean, string];
  const optionOf = (name: string, valid: fc.Arbitrary<string>, ok: (v: string) => boolean): fc.Arbitrary<Opt> =>
    fc.oneof(fc.constant<Opt>([[], true, name]), valid.map<Opt>((v) => [[name, v], true, name]), hostileString.map<Opt>((v) => [[`${name}=${v}`], ok(v), name]));
  const positive = (v: string): boolean => v.trim() !== "" && Number.isFinite(Number(v)) && Number(v) > 0;
  const seed = optionOf("--seed", fc.integer({ min: 0, max: 0xffffffff }).map(String), (v) => integerOk(v, 0xffffffff));
  const width = optionOf("--width", fc.integer({ min: 1, max: 32 }).map(String), (v) => integerOk(v, MAX_WIDTH, 1));
  const sigma = optionOf("--sigma", fc.double({ min: 0.01, max: 1, noNaN: true }).map(String), positive);
  const init = optionOf("--init", fc.constantFrom("iid", "coupled"), (v) => v === "iid" || v === "coupled");
  const activation = optionOf("--activation", fc.constantFrom("softmax", "exp", "relu"), (v) => ["softmax", "exp", "relu"].includes(v));
  const scale = optionOf("--scale", fc.constantFrom("m", "sqrt"), (v) => v === "m" || v === "sqrt");
  const unknown: fc.Arbitrary<Opt> = fc.oneof(
    fc.constant<Opt>([[], true, ""]),
    fc
      .stringMatching(/^[a-z][a-z-]{0,10}$/)
      .filter((s) => !["seed", "width", "sigma", "init", "activation", "scale", "input", "help"].some((k) => k.startsWith(s)))
      .map<Opt>((s) => [[`--${s}`], false, `--${s}`]),
    fc.constantFrom<Opt>([["-x"], false, "-x"], [["stray"], false, "argument"]),
  );

  test.prop([seed, width, sigma, init, activation, scale, unknown], { numRuns: 200 })(
    "exit 2 naming the option when one is bad; otherwise exit 0, or exit 2 for an odd coupled width or an overflowing σ",
    async (...opts) => {
      const argv = opts.flatMap((o) => o[0]);
      const bad = opts.filter((o) => !o[1]);
      const run = await ntk(JSON.stringify({ X: [[0.5, -0.3]] }), argv);
      if (bad.length > 0) return expectContract(run, false, { names: bad.map((o) => o[2]) });
      const value = (name: string): string | undefined => {
        const o = opts.find((p) => p[2] === name && p[0].length > 0);
        return o === undefined ? undefined : o[0].length === 2 ? o[0][1] : o[0][0].slice(name.length + 1);
      };
      const m = Number(value("--width") ?? 256);
      if (value("--init") === "coupled" && m % 2 === 1) return expectContract(run, false, { names: ["--width"] });
      // σ > 1 may overflow exp(σ²⟨x, x'⟩) in H* or the drawn W's pre-activations: then the refusal names σ.
      expectContract(run, Number(value("--sigma") ?? 1) > 1 ? undefined : true, { names: ["--sigma"] });
      if (run.code === 0) expectFiniteOutput(run.stdout);
    },
  );
});
