/**
 * The CLI's view of the outside world, injectable so that tests run commands in-process.
 *
 * @module
 */
import { appendFileSync, readFileSync } from "node:fs";
import { InputError } from "../io/inputError.js";

/** Where a command reads and writes. */
export interface CliIo {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads a whole text file (`-` means standard input). */
  readText(path: string): string;
  /** Whether the stream is an interactive terminal (progress lines are then rewritten in place); absent → no. */
  isTty?(stream: "stdout" | "stderr"): boolean;
  /** The terminal's width in characters, when known. */
  columns?(stream: "stdout" | "stderr"): number | undefined;
  /** Environment variables the commands read (e.g. `GITHUB_STEP_SUMMARY`); absent → none are set. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Appends text to a file, creating it if missing (absent → the real file system). */
  appendText?(path: string, text: string): void;
}

/** The real process streams and file system. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readText: (path) => readFileSync(path === "-" ? 0 : path, "utf8"),
  isTty: (stream) => Boolean((stream === "stdout" ? process.stdout : process.stderr).isTTY),
  columns: (stream) => (stream === "stdout" ? process.stdout : process.stderr).columns,
  env: process.env,
  appendText: (path, text) => appendFileSync(path, text, "utf8"),
};

/** A short reason for a failed file read (`no such file`, `is a directory`, or the error code). */
export function describeReadError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code ?? (e instanceof Error ? e.message : String(e));
}

/** Reads the file given to `option`, turning a file-system error into an {@link InputError}. */
export function readInputFile(io: CliIo, path: string, option: string): string {
  try {
    return io.readText(path);
  } catch (e) {
    throw new InputError(option, `cannot read ${JSON.stringify(path)}: ${describeReadError(e)}`);
  }
}

/** Reads a file given as a command argument; a file-system error becomes an {@link InputError} whose field is the path. */
export function readArgumentFile(io: CliIo, path: string): string {
  try {
    return io.readText(path);
  } catch (e) {
    throw new InputError(path, `cannot read it: ${describeReadError(e)}`);
  }
}
