/**
 * The one error type for bad user input: it names the offending field and the problem, and the CLI turns
 * it into a single line on stderr and exit status 2 (never a stack trace).
 *
 * @module
 */
import type { z } from "zod";
import { tooDeepPath } from "./jsonDepth.js";
import { MAX_JSON_DEPTH } from "./limits.js";

/** Bad input: `field` is a JSON path such as `X[2][0]` or a CLI option such as `--width`. */
export class InputError extends Error {
  /** The offending field (JSON path or option name). */
  readonly field: string;
  /** What is wrong with it. */
  readonly problem: string;

  /** An error for `field` with the given problem text. */
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = "InputError";
    this.field = field;
    this.problem = problem;
  }
}

/** Formats a JSON path (`["X", 0, 1]` ↦ `X[0][1]`), relative to a root name used for the empty path. */
export function formatPath(path: readonly PropertyKey[], root = "input"): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? root : out;
}

/** A user-supplied text as a JSON string for a message, cut to `max` characters (a hostile key may be megabytes long). */
export function quoted(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** Turns the first issue of a failed zod parse into an {@link InputError} (mentioning how many more exist). */
export function inputErrorFromZod(error: z.ZodError, root = "input"): InputError {
  const issues = error.issues;
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  if (first.code === "unrecognized_keys") {
    const keys = first.keys.map((k) => quoted(k)).join(", ");
    return new InputError(formatPath(first.path, root), `unknown field${first.keys.length > 1 ? "s" : ""} ${keys}${more}`);
  }
  const message = first.message.replace(/^Invalid input: /, "").replace(/^expected (\w+), received undefined$/, "is required (expected $1)");
  return new InputError(formatPath(first.path, root), `${message}${more}`);
}

/** How {@link parseJsonText} words its messages about one kind of file. */
export interface JsonTextOptions {
  /** What the file should hold, for the empty-file message (default "a JSON object"). */
  readonly expected?: string;
  /** Advice appended to a syntax error (default: JSON has no NaN or Infinity literals). */
  readonly hint?: string;
}

/**
 * Parses JSON text, turning every problem into an {@link InputError} for `field`: empty text, a leading
 * byte-order mark, a syntax error (e.g. NaN or Infinity literals), or nesting deeper than {@link MAX_JSON_DEPTH}.
 */
export function parseJsonText(text: string, field: string, options: JsonTextOptions = {}): unknown {
  if (text.trim() === "") throw new InputError(field, `is empty (expected ${options.expected ?? "a JSON object"})`);
  if (text.startsWith("\uFEFF")) throw new InputError(field, "starts with a byte-order mark (U+FEFF), which JSON does not allow; save it as UTF-8 without BOM");
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    const detail = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new InputError(field, `not valid JSON (${detail}); ${options.hint ?? "note that JSON has no NaN or Infinity literals"}`);
  }
  const deep = tooDeepPath(value, MAX_JSON_DEPTH);
  if (deep !== null) {
    const where = formatPath(deep.slice(0, 8), "the top level");
    throw new InputError(field, `is nested more than ${MAX_JSON_DEPTH} levels deep (at ${where}${deep.length > 8 ? "…" : ""}), far deeper than any valid input`);
  }
  return value;
}
