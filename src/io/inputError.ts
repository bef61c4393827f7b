/**
 * The one error type for bad user input: it names the offending field and the problem, and the CLI turns
 * it into a single line on stderr and exit status 2 (never a stack trace).
 *
 * @module
 */
import type { z } from "zod";

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

/** Turns the first issue of a failed zod parse into an {@link InputError} (mentioning how many more exist). */
export function inputErrorFromZod(error: z.ZodError, root = "input"): InputError {
  const issues = error.issues;
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  if (first.code === "unrecognized_keys") {
    const keys = first.keys.map((k) => JSON.stringify(k)).join(", ");
    return new InputError(formatPath(first.path, root), `unknown field${first.keys.length > 1 ? "s" : ""} ${keys}${more}`);
  }
  const message = first.message.replace(/^Invalid input: /, "").replace(/^expected (\w+), received undefined$/, "is required (expected $1)");
  return new InputError(formatPath(first.path, root), `${message}${more}`);
}

/** Parses JSON text, turning a syntax error into an {@link InputError} for `field` (e.g. NaN or Infinity literals). */
export function parseJsonText(text: string, field: string): unknown {
  if (text.trim() === "") throw new InputError(field, "is empty (expected a JSON object)");
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const detail = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new InputError(field, `not valid JSON (${detail}); note that JSON has no NaN or Infinity literals`);
  }
}
