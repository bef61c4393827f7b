/**
 * Building blocks shared by the input validators of every command: a zod schema for finite JSON numbers
 * with a message naming what was found instead, a short description of a wrongly typed value, and the
 * rectangularity check of a `number[][]`.
 *
 * @module
 */
import { z } from "zod";
import { InputError, quoted } from "./inputError.js";

/** Short description of a wrongly typed JSON value for error messages (e.g. `the string "2"`, `null`). */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${quoted(v, 20)}`;
  if (typeof v === "number") return String(v);
  return typeof v === "object" ? "an object" : typeof v;
}

/**
 * A finite JSON number. `JSON.parse` turns overflowing literals such as `1e999` into ±Infinity; they are
 * refused here with "expected a finite number, got Infinity".
 */
export const finiteNumber = z.number({
  error: (iss) => (iss.input === undefined ? "is required" : `expected a finite number, got ${describe(iss.input)}`),
});

/**
 * Checks that `rows` (at least one row) is rectangular; returns its column count.
 *
 * @param rows - a non-empty `number[][]`.
 * @param field - JSON path of `rows`, used in the message (`field[i]` names the first bad row).
 * @throws InputError naming the first row whose length differs from row 0.
 */
export function rectangular(rows: readonly (readonly number[])[], field: string): number {
  const cols = rows[0].length;
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].length !== cols) throw new InputError(`${field}[${i}]`, `has ${rows[i].length} entries but ${field}[0] has ${cols} (rows must all have the same length)`);
  }
  return cols;
}
