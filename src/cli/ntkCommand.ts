/**
 * `softmax-ntk ntk --input FILE.json`: prints the SPEC §5 output JSON for the given input on stdout.
 *
 * @module
 */
import { Command } from "commander";
import { parseJsonText } from "../io/inputError.js";
import { parseNtkInput } from "../io/ntkInput.js";
import { MAX_WIDTH } from "../io/limits.js";
import { type NtkDefaults, computeNtkOutput } from "../ntk/output.js";
import type { Activation, Init, Scale } from "../network/types.js";
import { type CliIo, readInputFile } from "./io.js";
import { integerIn, oneOf, positiveNumber } from "./options.js";

/** Default width when W and A are both missing. */
export const DEFAULT_WIDTH = 256;

interface NtkCommandOptions {
  input: string;
  seed: number;
  width: number;
  sigma?: number;
  init: Init;
  activation?: Activation;
  scale?: Scale;
}

/** Registers the `ntk` command on `program`. */
export function registerNtkCommand(program: Command, io: CliIo): void {
  program
    .command("ntk")
    .description("compute F, H, λ_min(H), H*, λ and (with Y) loss and gradient for one input (SPEC §5)")
    .requiredOption("--input <file>", "input JSON (SPEC §5); - for standard input")
    .option("--seed <n>", "seed for missing W / A", integerIn(0, 0xffffffff), 0)
    .option("--width <m>", "width m for missing W / A", integerIn(1, MAX_WIDTH), DEFAULT_WIDTH)
    .option("--sigma <s>", "σ for missing W and for H* when the input has no sigma (default 1)", positiveNumber)
    .option("--init <kind>", "initialisation of missing W / A: iid or coupled", oneOf<Init>(["iid", "coupled"]), "iid")
    .option("--activation <a>", "activation when the input has none (default softmax)", oneOf<Activation>(["softmax", "exp", "relu"]))
    .option("--scale <s>", "softmax output scale when the input has none (default m)", oneOf<Scale>(["m", "sqrt"]))
    .action((opts: NtkCommandOptions) => {
      const input = parseNtkInput(parseJsonText(readInputFile(io, opts.input, "--input"), "--input"));
      const defaults: NtkDefaults = {
        seed: opts.seed,
        width: opts.width,
        sigma: opts.sigma ?? 1,
        init: opts.init,
        activation: opts.activation ?? "softmax",
        scale: opts.scale ?? "m",
      };
      io.stdout(`${JSON.stringify(computeNtkOutput(input, defaults))}\n`);
    });
}
