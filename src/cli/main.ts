/**
 * The `softmax-ntk` command line: parses arguments with commander and maps outcomes to exit statuses
 * (0 success, 1 a claim violated, 2 usage or input error, 3 only inconclusive verdicts).
 *
 * Errors a user can cause (bad JSON, shapes, options) become one line on stderr naming the field, exit 2.
 * Anything else is a bug: it is reported as an internal error with exit 70 (EX_SOFTWARE), never as success.
 *
 * @module
 */
import { Command, CommanderError } from "commander";
import { InputError } from "../io/inputError.js";
import { CLAIMS } from "../../properties/index.js";
import type { RegisteredClaim } from "../../properties/engine/registry.js";
import { registerCompareCommand } from "./compareCommand.js";
import { type CliIo, processIo } from "./io.js";
import { registerMergeCommand } from "./mergeCommand.js";
import { registerMutantsCommand } from "./mutantsCommand.js";
import { registerNtkCommand } from "./ntkCommand.js";
import { registerReplayCommand } from "./replayCommand.js";
import { registerScoreCommand } from "./scoreCommand.js";
import { registerVerifyCommand } from "./verifyCommand.js";

/** Exit statuses of the CLI. */
export const EXIT = { ok: 0, violated: 1, usage: 2, inconclusive: 3, internal: 70 } as const;

/** Seams of the CLI besides its input and output (for tests). */
export interface CliOptions {
  /** The claims `verify` and `replay` know (default: the registry, `properties/index.ts`). */
  readonly claims?: readonly RegisteredClaim[];
}

/**
 * Characters escaped on an error line besides \r and \n: the other control characters (C0 but tab, DEL, C1 —
 * including vertical tab, form feed, NEL and the terminal's escape sequences), the Unicode line and paragraph
 * separators, and the invisible format characters (e.g. a byte-order mark, bidirectional overrides).
 */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/gu;

/**
 * Longest error line, in UTF-16 code units: longer ones (a hostile value quoted in the message may be megabytes)
 * keep their start (the field) and end (the problem) around a note of how much was cut.
 */
export const MAX_ERROR_LINE = 2000;

/**
 * An error message as exactly one line of printable text: line breaks inside it (e.g. from a value the user
 * typed) become `\n` and `\r`, other unprintable characters `\uXXXX`; at most {@link MAX_ERROR_LINE} long.
 */
export function oneLine(text: string): string {
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  const escaped = body
    .replace(/\r/g, "\\r")
    .replace(/\n/g, "\\n")
    .replace(UNPRINTABLE, (c) => {
      const code = c.codePointAt(0) as number;
      return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
    });
  if (escaped.length <= MAX_ERROR_LINE) return `${escaped}\n`;
  const head = escaped.slice(0, MAX_ERROR_LINE / 2);
  const tail = escaped.slice(escaped.length - MAX_ERROR_LINE / 4);
  return `${head} … (${escaped.length - head.length - tail.length} characters cut) … ${tail}\n`;
}

/** Builds the commander program with every command registered, writing through `io`; commands report a
 * non-zero exit status (e.g. a violated claim) through `setExit`. */
export function buildProgram(io: CliIo, setExit: (code: number) => void = () => {}, options: CliOptions = {}): Command {
  const claims = options.claims ?? CLAIMS;
  const program = new Command("softmax-ntk")
    .description("Executable evidence for the claims of arXiv:2405.03251 (softmax networks in the NTK regime)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: (s, write) => write(oneLine(s)) })
    .showHelpAfterError(false);
  registerNtkCommand(program, io);
  registerScoreCommand(program, io);
  registerVerifyCommand(program, io, setExit, claims);
  registerMergeCommand(program, io, setExit);
  registerCompareCommand(program, io, setExit);
  registerReplayCommand(program, io, setExit, claims);
  registerMutantsCommand(program, io, setExit, claims);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: (s, write) => write(oneLine(s)) });
  return program;
}

/** Runs the CLI on `argv` (without `node` and the script); resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIo = processIo, options: CliOptions = {}): Promise<number> {
  let status: number = EXIT.ok;
  const program = buildProgram(
    io,
    (code) => {
      status = code;
    },
    options,
  );
  if (argv.length === 0) {
    // Commander would print the whole help on stderr; a usage error is one line.
    const names = program.commands.map((c) => c.name()).join(", ");
    io.stderr(oneLine(`softmax-ntk: error: command: missing (one of ${names}; see softmax-ntk --help)`));
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return status;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successful exits; everything else commander reports is a usage error it has
      // already printed on one line.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof InputError) {
      io.stderr(oneLine(`softmax-ntk: error: ${e.message}`));
      return EXIT.usage;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(oneLine(`softmax-ntk: internal error: ${message}`));
    return EXIT.internal;
  }
}
