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

/** An error message as exactly one line: line breaks inside it (e.g. from a value the user typed) are escaped. */
export function oneLine(text: string): string {
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  return `${body.replace(/\r/g, "\\r").replace(/\n/g, "\\n")}\n`;
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
