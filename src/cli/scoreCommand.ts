/**
 * `softmax-ntk score --input FILE.json`: prints the exact score, posterior mean and log density of p_t for
 * the SPEC §5 score input on stdout (one JSON object and a newline).
 *
 * @module
 */
import type { Command } from "commander";
import { parseJsonText } from "../io/inputError.js";
import { parseScoreInput } from "../io/scoreInput.js";
import { computeScoreOutput } from "../diffusion/scoreOutput.js";
import { type CliIo, readInputFile } from "./io.js";

interface ScoreCommandOptions {
  input: string;
}

/** Registers the `score` command on `program`. */
export function registerScoreCommand(program: Command, io: CliIo): void {
  program
    .command("score")
    .description("exact score, posterior mean E[x_0 | x_t] and log density of p_t for a Gaussian, mixture or point set (SPEC §5)")
    .requiredOption("--input <file>", "input JSON (SPEC §5): {distribution, t, x}; - for standard input")
    .action((opts: ScoreCommandOptions) => {
      const input = parseScoreInput(parseJsonText(readInputFile(io, opts.input, "--input"), "--input"));
      io.stdout(`${JSON.stringify(computeScoreOutput(input))}\n`);
    });
}
