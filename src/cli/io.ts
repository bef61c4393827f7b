/**
 * The CLI's view of the outside world, injectable so that tests run commands in-process.
 *
 * @module
 */
import { appendFileSync, closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputError } from "../io/inputError.js";
import { MAX_INPUT_BYTES } from "../io/limits.js";

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

/** Size of one read of {@link readTextLimited}. */
const READ_CHUNK = 1 << 20;

/** The error of an input beyond `maxBytes` (its message becomes the reason of the `cannot read` line). */
const tooLarge = (maxBytes: number): Error => new Error(`larger than ${maxBytes} bytes, the limit of any input`);

/**
 * Reads a whole file (`-`: standard input) as UTF-8, refusing more than `maxBytes` bytes — a regular file at
 * once by its size, an endless source such as `/dev/zero` or a never-ending pipe after reading that much,
 * instead of hanging.
 *
 * @throws the file system's error (e.g. ENOENT, EISDIR), or an Error "larger than … bytes" beyond `maxBytes`.
 */
export function readTextLimited(path: string, maxBytes: number = MAX_INPUT_BYTES): string {
  const fd = path === "-" ? 0 : openSync(path, "r");
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size > maxBytes) throw tooLarge(maxBytes);
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = new Uint8Array(READ_CHUNK);
      const n = readSync(fd, chunk, 0, READ_CHUNK, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString("utf8");
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/** The real process streams and file system. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readText: (path) => readTextLimited(path),
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
