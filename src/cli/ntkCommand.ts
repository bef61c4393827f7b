/**
 * `softmax-ntk ntk --input FILE.json [--fields F,H,…]`: prints the SPEC §5 output JSON for the given input on
 * stdout (with `--fields`, only the named fields, skipping the work for the others).
 *
 * @module
 */
import type { Command } from "commander";
import { parseJsonText } from "../io/inputError.js";
import { parseNtkInput } from "../io/ntkInput.js";
import { MAX_WIDTH } from "../io/limits.js";
import { InvalidArgumentError } from "commander";
import { type NtkDefaults, type NtkField, NTK_FIELDS, computeNtkOutput, isNtkField } from "../ntk/output.js";
import type { Activation, Init, Scale } from "../network/types.js";
import { type CliIo, readInputFile } from "./io.js";
import { integerIn, oneOf, positiveNumber } from "./options.js";

/**
 * Parses `--fields`: a comma-separated list of SPEC §5 output names (spaces around commas allowed, repeats
 * ignored). An empty list or an unknown name is refused with the valid names.
 */
export function parseFields(value: string): ReadonlySet<NtkField> {
  const names = value.split(",").map((s) => s.trim());
  const valid = NTK_FIELDS.join(", ");
  const out = new Set<NtkField>();
  for (const name of names) {
    if (name === "") throw new InvalidArgumentError(`empty field name in "${value}"; valid fields: ${valid}`);
    if (!isNtkField(name)) throw new InvalidArgumentError(`unknown field "${name}"; valid fields: ${valid}`);
    out.add(name);
  }
  return out;
}

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
  fields?: ReadonlySet<NtkField>;
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
    .option("--fields <list>", `print only these output fields, comma-separated (${NTK_FIELDS.join(", ")}); the work for the others is skipped`, parseFields)
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
      io.stdout(`${JSON.stringify(computeNtkOutput(input, defaults, opts.fields))}\n`);
    });
}
