/**
 * The input JSON of the `ntk` command (SPEC §5), validated field by field:
 *
 *     {"X": number[n][d], "Y"?: number[n][d], "W"?: number[d][m], "A"?: number[d][m],
 *      "activation"?: "softmax"|"exp"|"relu", "scale"?: "m"|"sqrt", "sigma"?: number}
 *
 * Types and finiteness are checked by a zod schema; shapes (rectangular, consistent n, d, m) and size
 * limits by {@link checkNtkShapes}. Every failure is an {@link InputError} naming the field.
 *
 * @module
 */
import { z } from "zod";
import { type Dense, fromRows } from "../linalg/dense.js";
import type { Activation, Scale } from "../network/types.js";
import { InputError, inputErrorFromZod } from "./inputError.js";
import { describe, finiteNumber, rectangular } from "./jsonFields.js";
import { MAX_ND, MAX_ND_M, MAX_WIDTH } from "./limits.js";

const matrix = z.array(z.array(finiteNumber).min(1, "a row must have at least one entry")).min(1, "must have at least one row");

/** The zod schema of SPEC §5's NTK input. */
export const ntkInputSchema = z
  .object({
    X: matrix,
    Y: matrix.optional(),
    W: matrix.optional(),
    A: matrix.optional(),
    activation: z.enum(["softmax", "exp", "relu"]).optional(),
    scale: z.enum(["m", "sqrt"]).optional(),
    sigma: finiteNumber.positive("must be > 0").optional(),
  })
  .strict();

/** The raw (type-checked) NTK input. */
export type NtkInputJson = z.infer<typeof ntkInputSchema>;

/** The validated NTK input, as dense matrices with consistent shapes. */
export interface NtkInput {
  readonly X: Dense;
  readonly Y?: Dense;
  readonly W?: Dense;
  readonly A?: Dense;
  readonly activation?: Activation;
  readonly scale?: Scale;
  readonly sigma?: number;
}

/** Checks one matrix's shape against the expected rows × cols (either may be free). */
function expectShape(rows: readonly (readonly number[])[], field: string, expRows: number, expCols: number | undefined, why: string): number {
  const cols = rectangular(rows, field);
  if (rows.length !== expRows) throw new InputError(field, `has ${rows.length} rows, expected ${expRows} (${why})`);
  if (expCols !== undefined && cols !== expCols) throw new InputError(field, `has ${cols} columns, expected ${expCols} (${why})`);
  return cols;
}

/** Checks shapes and limits of a type-checked input and converts it to dense matrices. */
export function checkNtkShapes(json: NtkInputJson): NtkInput {
  const n = json.X.length;
  const d = rectangular(json.X, "X");
  if (n * d > MAX_ND) throw new InputError("X", `n·d = ${n}·${d} = ${n * d} exceeds the limit ${MAX_ND} (the NTK is (nd)×(nd))`);
  if (json.Y) expectShape(json.Y, "Y", n, d, `Y must be n×d like X, n=${n}, d=${d}`);
  let m: number | undefined;
  if (json.W) m = expectShape(json.W, "W", d, undefined, `W is d×m with d=${d} from X`);
  if (json.A) m = expectShape(json.A, "A", d, m, m === undefined ? `A is d×m with d=${d} from X` : `A must have W's shape ${d}×${m}`);
  if (m !== undefined) checkWidth(m, n, d, json.W ? "W" : "A");
  return {
    X: fromRows(json.X),
    ...(json.Y ? { Y: fromRows(json.Y) } : {}),
    ...(json.W ? { W: fromRows(json.W) } : {}),
    ...(json.A ? { A: fromRows(json.A) } : {}),
    ...(json.activation ? { activation: json.activation } : {}),
    ...(json.scale ? { scale: json.scale } : {}),
    ...(json.sigma !== undefined ? { sigma: json.sigma } : {}),
  };
}

/** Checks a width against {@link MAX_WIDTH} and {@link MAX_ND_M}; `field` names where it came from. */
export function checkWidth(m: number, n: number, d: number, field: string): void {
  if (m > MAX_WIDTH) throw new InputError(field, `width m = ${m} exceeds the limit ${MAX_WIDTH}`);
  if (n * d * m > MAX_ND_M) throw new InputError(field, `n·d·m = ${n * d * m} exceeds the limit ${MAX_ND_M} (memory of the NTK features)`);
}

/** Validates a parsed JSON value as NTK input (types, then shapes). */
export function parseNtkInput(value: unknown): NtkInput {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InputError("input", `expected a JSON object with at least the field "X", got ${describe(value)}`);
  }
  const parsed = ntkInputSchema.safeParse(value);
  if (!parsed.success) throw inputErrorFromZod(parsed.error);
  return checkNtkShapes(parsed.data);
}
