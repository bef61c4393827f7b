/**
 * Generators of hostile JSON for the CLI fuzz tests (issue 6 item 4), shared by every command that reads a
 * JSON file: number literals JSON.parse refuses or turns into ±Infinity, deep nesting, binary garbage, a
 * byte-order mark, malformed and truncated text, values of the wrong type, and the path helpers that plant
 * them inside a valid document. Each generator states how a correct reader must treat what it yields, so a
 * property can predict the exit status and the field the error line must name.
 */
import { fc } from "@fast-check/vitest";

/** A key of a JSON path: an object key or an array index. */
export type JsonKey = string | number;
/** A path into a JSON value (`[]` is the value itself). */
export type JsonPath = JsonKey[];

/** Every path into `value` (pre-order; `[]` first). */
export function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [prefix];
  if (Array.isArray(value)) value.forEach((x, i) => out.push(...pathsOf(x, [...prefix, i])));
  else if (typeof value === "object" && value !== null) for (const [k, x] of Object.entries(value)) out.push(...pathsOf(x, [...prefix, k]));
  return out;
}

/** The value at `path` in `value`. */
export function getAt(value: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<JsonKey, unknown>)[k], value);
}

/** A copy of `value` with `replacement` at `path` (`[]` replaces the whole value). */
export function setAt(value: unknown, path: JsonPath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<JsonKey, unknown>;
  const parent = getAt(copy, path.slice(0, -1)) as Record<JsonKey, unknown>;
  parent[path[path.length - 1]] = replacement;
  return copy;
}

/** The JSON text of `value` with the raw text `literal` (not necessarily valid JSON) spliced in at `path`. */
export function withLiteralAt(value: unknown, path: JsonPath, literal: string): string {
  const marker = "__HOSTILE_JSON_MARKER__";
  return JSON.stringify(setAt(value, path, marker)).replace(`"${marker}"`, () => literal);
}

/** The path as the CLI names it: `X[0][1]`, `distribution.cov[1][0]`, `input` for the whole value. */
export function fieldName(path: JsonPath, root = "input"): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? key : `.${key}`;
  return out === "" ? root : out;
}

/** The JSON type of a value as a word (`null`, `array`, `object`, `number`, `string`, `boolean`). */
export function jsonType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

/**
 * How a correct reader treats a literal: `syntax` — JSON.parse refuses it (the file is not JSON); `non-finite`
 * — JSON.parse turns it into ±Infinity (a finite-number field must refuse it); `string` — a quoted spelling
 * (a number field must refuse it); `finite` — a valid but extreme number (the command may accept it, or refuse
 * it naming the field when a result would overflow).
 */
export type LiteralKind = "syntax" | "non-finite" | "string" | "finite";

/** A number-ish literal written into a JSON document, with how it must be treated. */
export interface HostileLiteral {
  readonly text: string;
  readonly kind: LiteralKind;
}

/** Classifies a literal by what JSON.parse makes of it (an independent oracle for {@link LiteralKind}). */
export function literalKind(text: string): LiteralKind {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return "syntax";
  }
  if (typeof v === "string") return "string";
  return typeof v === "number" && Number.isFinite(v) ? "finite" : "non-finite";
}

/**
 * Huge, tiny and signed-zero numbers, and NaN / Infinity spelled every way people write them: bare (not JSON),
 * quoted, lower-case, and as overflowing literals JSON.parse turns into ±Infinity.
 */
export const hostileLiteral: fc.Arbitrary<HostileLiteral> = fc
  .oneof(
    fc.constantFrom(
      "1e308", "-1e308", "1.7976931348623157e308", "1e309", "-1e999", "1e999", "5e-324", "-5e-324", "1e-400", "-0", "-0.0",
      "NaN", "-NaN", "Infinity", "-Infinity", "+1", '"NaN"', '"Infinity"', '"-Infinity"', '"1e999"', '"1"', "nan", "inf", "-inf",
      "0x10", "1_000", ".5", "5.", "01", "1e", "--1", "Inf", "infinity", "undefined", "None",
    ),
    fc.double().map(String),
    fc.tuple(fc.constantFrom("", "-"), fc.integer({ min: 309, max: 100_000 })).map(([sign, e]) => `${sign}1e${e}`),
  )
  .map((text) => ({ text, kind: literalKind(text) }));

/** One value of every JSON type, several per type; the strings include NaN and Infinity spellings. */
export const SAMPLE_VALUES: readonly unknown[] = [null, true, false, 0, 1.5, -1, "x", "", "NaN", "Infinity", "1", [], [1], [[1]], {}, { a: 1 }];

/** The {@link SAMPLE_VALUES} of a type other than `type` (see {@link jsonType}). */
export function wrongTypedValues(type: string): unknown[] {
  return SAMPLE_VALUES.filter((w) => jsonType(w) !== type);
}

/** Nesting depth of a hostile deep document: 10⁴–10⁵ levels, far beyond the call stack of a recursive walker. */
export const deepDepth: fc.Arbitrary<number> = fc.integer({ min: 10_000, max: 100_000 });

/** `depth` nested arrays or objects (`[[[…]]]` or `{"a":{"a":…}}`) around `inner`. */
export function nested(depth: number, kind: "array" | "object", inner = "0"): string {
  return kind === "array" ? "[".repeat(depth) + inner + "]".repeat(depth) : '{"a":'.repeat(depth) + inner + "}".repeat(depth);
}

/** A whole document nested 10⁴–10⁵ levels deep (arrays or objects). */
export const deepDocument: fc.Arbitrary<string> = fc.tuple(deepDepth, fc.constantFrom<"array" | "object">("array", "object")).map(([n, k]) => nested(n, k));

/**
 * Random bytes decoded as UTF-8 the way the CLI reads files (invalid sequences become U+FFFD): control
 * characters, NULs, escape sequences and stray quotes or brackets. Rarely JSON (e.g. the byte `1`), never a
 * JSON object of the right shape.
 */
export const binaryGarbage: fc.Arbitrary<string> = fc
  .uint8Array({ minLength: 1, maxLength: 200 })
  .map((bytes) => Buffer.from(bytes).toString("utf8"));

/** Whether `text` is JSON that `JSON.parse` accepts. */
export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Text that JSON.parse refuses: empty or blank, a lone BOM, words, JavaScript-only syntax (comments, single
 * quotes, trailing commas, bare keys), two documents, binary garbage.
 */
export const notJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("", " ", "\n\t \r\n", "\uFEFF", "undefined", "NaN", "{", "}", "[", "{'X': 1}", '{"X": [[1, 2]],}', '{"X": [[1, 2]]}{}', "// comment\n{}", "{X: 1}", "\u0000"),
  binaryGarbage.filter((t) => !isJson(t)),
  fc.string({ maxLength: 30 }).filter((t) => !isJson(t)),
);

/**
 * Malformed versions of a valid document's text: a proper prefix (truncation), a character deleted, a stray
 * character inserted, or a byte-order mark prepended. Yields the text only; whether a corruption happens to be
 * valid JSON is for the property to decide (e.g. deleting a digit keeps the syntax).
 */
export function malformed(text: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: 0, max: text.length - 1 }).map((k) => text.slice(0, k)),
    fc.integer({ min: 0, max: text.length - 1 }).map((k) => text.slice(0, k) + text.slice(k + 1)),
    fc.tuple(fc.integer({ min: 0, max: text.length }), fc.constantFrom(",", "]", "[", "{", "}", '"', ":", "\u0000", "\u001b", "\u2028", "x")).map(([k, c]) => text.slice(0, k) + c + text.slice(k)),
    fc.constant(`\uFEFF${text}`),
  );
}

/** A field name that is not among `known`: random identifiers, look-alikes of the known ones, odd characters. */
export function unknownField(known: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 10 }),
      fc.constantFrom(...known).map((k) => `${k}_`),
      fc.constantFrom(...known).map((k) => (k.toLowerCase() === k ? k.toUpperCase() : k.toLowerCase())),
      fc.constantFrom("__proto__", "constructor", "toString", "", " X", "X ", "x\ny", "\u001b[31m"),
    )
    .filter((k) => !known.includes(k));
}

/** A rectangular matrix of small finite numbers, `rows` × `cols` (both drawn when not given). */
export function smallMatrix(rows: fc.Arbitrary<number>, cols: fc.Arbitrary<number>): fc.Arbitrary<number[][]> {
  return fc.tuple(rows, cols).chain(([r, c]) => fc.array(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));
}

/**
 * Makes a rectangular matrix ragged: row `i` (≥ 1) gets a different length (at least 1 entry, so that the only
 * problem is the raggedness). Returns the matrix and the index of the first row whose length differs from row 0.
 */
export function ragged(rows: number[][]): fc.Arbitrary<{ matrix: number[][]; firstBad: number }> {
  const cols = rows[0].length;
  return fc
    .tuple(fc.integer({ min: 1, max: Math.max(1, rows.length - 1) }), fc.integer({ min: 1, max: cols + 3 }).filter((c) => c !== cols))
    .map(([i, c]) => {
      const matrix = rows.map((r) => [...r]);
      if (rows.length === 1) matrix.push([]);
      const row = Math.min(i, matrix.length - 1);
      matrix[row] = Array.from({ length: c }, (_, j) => j / 7);
      return { matrix, firstBad: row };
    });
}
