/**
 * Hostile input for `softmax-ntk score` (issue 6 item 4): hostile number literals at every number of a valid
 * input of each kind, wrong types at every field, unknown fields at both levels, ragged matrices and dimensions
 * beyond the limit of `src/io/limits.ts`. File-level hostility (empty, BOM, garbage, deep nesting, directories,
 * stdin) is in `files.test.ts`; the fixed table of bad inputs and the near-miss property in `../scoreCommand.test.ts`.
 */
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { MAX_SCORE_DIMENSION } from "../../../src/io/limits.js";
import { runWith } from "../helpers.js";
import { expectContract } from "./contract.js";
import { type JsonPath, fieldName, getAt, hostileLiteral, jsonType, pathsOf, ragged, setAt, smallMatrix, unknownField, withLiteralAt, wrongTypedValues } from "../hostileJson.js";

/** Runs `score` on the JSON text `text`. */
function score(text: string) {
  return runWith(["score", "--input", "in.json"], { "in.json": text });
}

const dim = fc.integer({ min: 1, max: 3 });
const positive = fc.double({ min: 0.1, max: 2, noNaN: true });

/** A valid p₀ of dimension d: a Gaussian with diagonal covariance, an equal-weight mixture, or a point set. */
const distribution = (d: number): fc.Arbitrary<Record<string, unknown>> =>
  fc.oneof(
    fc.record({ kind: fc.constant("gaussian"), mean: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: d, maxLength: d }), variances: fc.array(positive, { minLength: d, maxLength: d }) }).map(({ kind, mean, variances }) => ({
      kind,
      mean,
      cov: variances.map((v, i) => variances.map((_, j) => (i === j ? v : 0))),
    })),
    // Weights 1/K sum to 1 within rounding, far inside the derived tolerance of scoreInput.ts.
    dim.chain((K) => fc.record({ kind: fc.constant("mixture"), weights: fc.constant(new Array<number>(K).fill(1 / K)), means: smallMatrix(fc.constant(K), fc.constant(d)), stds: fc.array(positive, { minLength: K, maxLength: K }) })),
    fc.record({ kind: fc.constant("points"), points: smallMatrix(dim, fc.constant(d)) }),
  );

/** A valid score input: p₀, t ∈ [0.01, 5] and 1–3 query points. */
const validInput = dim
  .chain((d) => fc.record({ distribution: distribution(d), t: fc.double({ min: 0.01, max: 5, noNaN: true }), x: smallMatrix(dim, fc.constant(d)) }))
  .map((r) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>);

/** The fields a refusal about `path` may name: the path and its prefixes, down to `distribution.<field>` or the top-level field. */
function namesFor(path: JsonPath): string[] {
  const shortest = path[0] === "distribution" ? Math.min(2, path.length) : 1;
  const names: string[] = [];
  for (let k = path.length; k >= shortest; k--) names.push(fieldName(path.slice(0, k)));
  return names;
}

describe("score: hostile numbers at every number of a valid input", () => {
  test.prop([validInput.chain((v) => fc.tuple(fc.constant(v), fc.constantFrom(...pathsOf(v).filter((p) => typeof getAt(v, p) === "number")), hostileLiteral))], { numRuns: 250 })(
    "not JSON → names --input; ±∞ or a quoted number → names the exact field; an extreme finite number → finite output or a refusal naming the field",
    async ([value, path, literal]) => {
      const run = await score(withLiteralAt(value, path, literal.text));
      if (literal.kind === "syntax") expectContract(run, false, { names: ["--input"] });
      else if (literal.kind === "non-finite" || literal.kind === "string") expectContract(run, false, { names: [fieldName(path)] });
      else {
        expectContract(run, undefined, { names: namesFor(path) });
        if (run.code === 0) expect(run.stdout).not.toMatch(/null/);
      }
    },
  );
});

describe("score: wrong types, unknown fields, ragged matrices, limits", () => {
  const bases = [
    { distribution: { kind: "gaussian", mean: [0.2, -0.1], cov: [[0.5, 0.1], [0.1, 0.3]] }, t: 0.5, x: [[0.1, 0.2]] },
    { distribution: { kind: "mixture", weights: [0.25, 0.75], means: [[0, 1], [1, 0]], stds: [0.1, 0.4] }, t: 0.5, x: [[0.1, 0.2]] },
    { distribution: { kind: "points", points: [[0, 1], [1, 0]] }, t: 0.5, x: [[0.1, 0.2], [3, -2]] },
  ];

  it("a value of the wrong type at any path of each kind, exhaustively: exit 2 naming exactly that path", async () => {
    for (const base of bases) {
      expectContract(await score(JSON.stringify(base)), true);
      for (const path of pathsOf(base)) {
        for (const w of wrongTypedValues(jsonType(getAt(base, path)))) expectContract(await score(JSON.stringify(setAt(base, path, w))), false, { names: [fieldName(path)] });
      }
    }
  });

  const unknownAt = fc
    .tuple(fc.constantFrom(...bases), fc.boolean())
    .chain(([base, inDistribution]) => fc.tuple(fc.constant(base), fc.constant(inDistribution), unknownField(Object.keys(inDistribution ? base.distribution : base)), fc.jsonValue({ maxDepth: 2 })));
  test.prop([unknownAt], { numRuns: 60 })("an unknown field at the top level or in the distribution: exit 2 naming it", async ([base, inDistribution, key, extra]) => {
    const edited = inDistribution ? { ...base, distribution: { ...base.distribution, [key]: extra } } : { ...base, [key]: extra };
    expectContract(await score(JSON.stringify(edited)), false, { names: [`unknown field ${JSON.stringify(key)}`] });
  });

  test.prop([fc.constantFrom("x", "points", "means", "cov"), smallMatrix(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain((rows) => ragged(rows))], { numRuns: 80 })(
    "a ragged matrix: exit 2 naming its first bad row",
    async (field, { matrix, firstBad }) => {
      const d = matrix[0].length;
      const row = new Array<number>(d).fill(0.5);
      const K = matrix.length;
      const input =
        field === "x"
          ? { distribution: { kind: "points", points: [row] }, t: 1, x: matrix }
          : field === "points"
            ? { distribution: { kind: "points", points: matrix }, t: 1, x: [row] }
            : field === "means"
              ? { distribution: { kind: "mixture", weights: new Array<number>(K).fill(1 / K), means: matrix, stds: new Array<number>(K).fill(1) }, t: 1, x: [row] }
              : { distribution: { kind: "gaussian", mean: row, cov: matrix }, t: 1, x: [row] };
      const name = field === "x" ? `x[${firstBad}]` : `distribution.${field}[${firstBad}]`;
      expectContract(await score(JSON.stringify(input)), false, { names: [name] });
    },
  );

  test.prop([fc.constantFrom("points", "gaussian", "mixture"), fc.integer({ min: MAX_SCORE_DIMENSION + 1, max: MAX_SCORE_DIMENSION + 200 })], { numRuns: 6 })(
    "a dimension beyond MAX_SCORE_DIMENSION: exit 2 naming the field that sets d and the limit",
    async (kind, d) => {
      const row = new Array<number>(d).fill(0.5);
      const distribution =
        kind === "points" ? { kind, points: [row] } : kind === "gaussian" ? { kind, mean: row, cov: [[1]] } : { kind, weights: [1], means: [row], stds: [1] };
      const run = await score(JSON.stringify({ distribution, t: 1, x: [row] }));
      expectContract(run, false, { names: [kind === "points" ? "distribution.points" : kind === "gaussian" ? "distribution.mean" : "distribution.means"] });
      expect(run.stderr).toContain(`exceeds the limit ${MAX_SCORE_DIMENSION}`);
    },
  );
});
