/**
 * The input JSON of the `score` command (SPEC §5), validated field by field:
 *
 *     {"distribution": D, "t": number, "x": number[k][d]}
 *     D = {"kind": "gaussian", "mean": number[d], "cov": number[d][d]}
 *       | {"kind": "mixture", "weights": number[K], "means": number[K][d], "stds": number[K]}
 *       | {"kind": "points", "points": number[K][d]}
 *
 * Three passes, each failure an {@link InputError} naming the field:
 * 1. types (zod, a discriminated union on `kind`): finite numbers of magnitude ≤ {@link MAX_SCORE_ABS_ENTRY},
 *    non-empty arrays, t > 0, weights ≥ 0, stds > 0, no unknown fields or kinds;
 * 2. shapes and size limits (rectangular matrices, one d throughout, K consistent; limits.ts);
 * 3. meaning: weights sum to 1 ({@link weightsProblem}), the covariance is symmetric positive definite
 *    ({@link factorCovariance}).
 *
 * @module
 */
import { z } from "zod";
import { type Dense, fromRows } from "../linalg/dense.js";
import { type GaussianDistribution, factorCovariance, gaussian } from "../diffusion/distributions/gaussian.js";
import { type GaussianMixture, gaussianMixture, weightsProblem } from "../diffusion/distributions/mixture.js";
import { type PointSet, pointSet } from "../diffusion/distributions/points.js";
import { InputError, inputErrorFromZod, quoted } from "./inputError.js";
import { describe, finiteNumber, rectangular } from "./jsonFields.js";
import { MAX_COMPONENT_ENTRIES, MAX_SCORE_ABS_ENTRY, MAX_SCORE_DIMENSION, MAX_SCORE_ENTRIES, MAX_SCORE_WORK } from "./limits.js";

const KIND_LIST = `"gaussian", "mixture" or "points"`;

/** A finite number with |v| ≤ {@link MAX_SCORE_ABS_ENTRY}. */
const entry = finiteNumber
  .min(-MAX_SCORE_ABS_ENTRY, `must be ≥ −${MAX_SCORE_ABS_ENTRY} (entries are limited to magnitude ${MAX_SCORE_ABS_ENTRY})`)
  .max(MAX_SCORE_ABS_ENTRY, `must be ≤ ${MAX_SCORE_ABS_ENTRY} (entries are limited to magnitude ${MAX_SCORE_ABS_ENTRY})`);
const vector = z.array(entry).min(1, "must have at least one entry");
const matrix = z.array(z.array(entry).min(1, "a row must have at least one entry")).min(1, "must have at least one row");

const gaussianSchema = z.object({ kind: z.literal("gaussian"), mean: vector, cov: matrix }).strict();
const mixtureSchema = z
  .object({
    kind: z.literal("mixture"),
    weights: z.array(entry.nonnegative("must be ≥ 0 (a probability)")).min(1, "must have at least one weight"),
    means: matrix,
    stds: z.array(entry.positive("must be > 0 (a standard deviation)")).min(1, "must have at least one entry"),
  })
  .strict();
const pointsSchema = z.object({ kind: z.literal("points"), points: matrix }).strict();

/** The zod schema of SPEC §5's score input. */
export const scoreInputSchema = z
  .object({
    distribution: z.discriminatedUnion("kind", [gaussianSchema, mixtureSchema, pointsSchema], {
      error: (iss) => {
        if (iss.code !== "invalid_union") return undefined;
        const input: unknown = iss.input;
        const kind = typeof input === "object" && input !== null && "kind" in input ? (input as { kind: unknown }).kind : undefined;
        if (kind === undefined) return `is required (expected ${KIND_LIST})`;
        return `unknown kind ${typeof kind === "string" ? quoted(kind) : describe(kind)} (expected ${KIND_LIST})`;
      },
    }),
    t: finiteNumber.positive("must be > 0 (the forward process has no noise at t = 0; scores need t > 0)"),
    x: matrix,
  })
  .strict();

/** The raw (type-checked) score input. */
export type ScoreInputJson = z.infer<typeof scoreInputSchema>;

/** The validated score input. */
export interface ScoreInput {
  /** p_0, built and checked. */
  readonly distribution: GaussianDistribution | GaussianMixture | PointSet;
  /** The time t > 0. */
  readonly t: number;
  /** k×d query points (rows). */
  readonly x: Dense;
}

/** Checks rows × cols of a rectangular matrix against an expected shape (either may be free). */
function expectShape(rows: readonly (readonly number[])[], field: string, expRows: number | undefined, expCols: number | undefined, why: string): number {
  const cols = rectangular(rows, field);
  if (expRows !== undefined && rows.length !== expRows) throw new InputError(field, `has ${rows.length} rows, expected ${expRows} (${why})`);
  if (expCols !== undefined && cols !== expCols) throw new InputError(field, `has ${cols} columns, expected ${expCols} (${why})`);
  return cols;
}

/** Refuses a dimension above {@link MAX_SCORE_DIMENSION}. */
function checkDimension(d: number, field: string): void {
  if (d > MAX_SCORE_DIMENSION) throw new InputError(field, `dimension d = ${d} exceeds the limit ${MAX_SCORE_DIMENSION}`);
}

/** Refuses K·d above {@link MAX_COMPONENT_ENTRIES}. */
function checkComponents(K: number, d: number, field: string): void {
  if (K * d > MAX_COMPONENT_ENTRIES) throw new InputError(field, `K·d = ${K}·${d} = ${K * d} exceeds the limit ${MAX_COMPONENT_ENTRIES}`);
}

/** Builds the distribution of a type-checked input, checking shapes, limits and meaning; returns it and d's source. */
function buildDistribution(json: ScoreInputJson["distribution"]): { distribution: ScoreInput["distribution"]; dimensionFrom: string; work: number } {
  switch (json.kind) {
    case "gaussian": {
      const d = json.mean.length;
      checkDimension(d, "distribution.mean");
      expectShape(json.cov, "distribution.cov", d, d, `Σ is d×d with d = ${d} from distribution.mean`);
      const cov = fromRows(json.cov);
      const check = factorCovariance(cov);
      if (!check.ok) throw new InputError("distribution.cov", check.problem);
      return { distribution: gaussian(json.mean, cov), dimensionFrom: "distribution.mean", work: d * d };
    }
    case "mixture": {
      const K = json.weights.length;
      const d = expectShape(json.means, "distribution.means", K, undefined, `one mean per weight, K = ${K} from distribution.weights`);
      checkDimension(d, "distribution.means");
      checkComponents(K, d, "distribution.means");
      if (json.stds.length !== K) throw new InputError("distribution.stds", `has ${json.stds.length} entries, expected ${K} (one standard deviation per weight)`);
      const bad = weightsProblem(json.weights);
      if (bad) throw new InputError(bad.index === undefined ? "distribution.weights" : `distribution.weights[${bad.index}]`, bad.problem);
      return {
        distribution: gaussianMixture({ weights: json.weights, means: fromRows(json.means), stds: json.stds }),
        dimensionFrom: "distribution.means",
        work: K * d,
      };
    }
    case "points": {
      const K = json.points.length;
      const d = rectangular(json.points, "distribution.points");
      checkDimension(d, "distribution.points");
      checkComponents(K, d, "distribution.points");
      return { distribution: pointSet(fromRows(json.points)), dimensionFrom: "distribution.points", work: K * d };
    }
  }
}

/** Checks shapes, limits and meaning of a type-checked input and builds the distribution and query matrix. */
export function checkScoreInput(json: ScoreInputJson): ScoreInput {
  const { distribution, dimensionFrom, work } = buildDistribution(json.distribution);
  const d = distribution.dimension;
  const k = json.x.length;
  expectShape(json.x, "x", undefined, d, `the dimension of the distribution, d = ${d} from ${dimensionFrom}`);
  if (k * d > MAX_SCORE_ENTRIES) throw new InputError("x", `k·d = ${k}·${d} = ${k * d} exceeds the limit ${MAX_SCORE_ENTRIES}`);
  if (k * work > MAX_SCORE_WORK) throw new InputError("x", `${k} points need ${k * work} multiply–adds, above the limit ${MAX_SCORE_WORK} (split the query)`);
  return { distribution, t: json.t, x: fromRows(json.x) };
}

/** Validates a parsed JSON value as score input (types, then shapes and limits, then meaning). */
export function parseScoreInput(value: unknown): ScoreInput {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InputError("input", `expected a JSON object with the fields "distribution", "t" and "x", got ${describe(value)}`);
  }
  const parsed = scoreInputSchema.safeParse(value);
  if (!parsed.success) throw inputErrorFromZod(parsed.error);
  return checkScoreInput(parsed.data);
}
