/**
 * The NTK command's computation (SPEC §5): from validated input and the options that fill in missing
 * weights, compute F, H, λ_min(H), H*, λ = λ_min(K), and with targets Y the loss and its gradient.
 *
 * @module
 */
import { type Dense, allFinite, toRows } from "../linalg/dense.js";
import { extremeEigenpairs } from "../linalg/spectrum.js";
import { InputError } from "../io/inputError.js";
import { checkWidth, type NtkInput } from "../io/ntkInput.js";
import { forward } from "../network/forward.js";
import { gradientFromPass } from "../network/gradient.js";
import { initialWeights } from "../network/init.js";
import { loss } from "../network/loss.js";
import type { Activation, Init, Scale, Weights } from "../network/types.js";
import { Rng } from "../random/rng.js";
import { empiricalNtk } from "./empirical.js";
import { limitKernel, limitNtk } from "./limit.js";

/** Defaults for whatever the input leaves out. */
export interface NtkDefaults {
  readonly seed: number;
  readonly width: number;
  readonly sigma: number;
  readonly init: Init;
  readonly activation: Activation;
  readonly scale: Scale;
}

/** The output JSON of SPEC §5 (matrices as `number[][]`, NTKs output-major); `--fields` prints a subset. */
export interface NtkOutputJson {
  F: number[][];
  H: number[][];
  lambdaMinH: number;
  Hstar: number[][];
  lambdaStar: number;
  loss?: number;
  grad?: number[][];
}

/** The output fields of SPEC §5, in output order. */
export const NTK_FIELDS = ["F", "H", "lambdaMinH", "Hstar", "lambdaStar", "loss", "grad"] as const;

/** One output field name of SPEC §5. */
export type NtkField = (typeof NTK_FIELDS)[number];

/** Type guard: `name` is one of {@link NTK_FIELDS}. */
export function isNtkField(name: string): name is NtkField {
  return (NTK_FIELDS as readonly string[]).includes(name);
}

/** Weights from the input, drawing the missing ones (W and/or A) from the seed as SPEC §1 prescribes. */
export function resolveWeights(input: NtkInput, defaults: NtkDefaults): Weights {
  if (input.W && input.A) return { W: input.W, A: input.A };
  const d = input.X.cols;
  const m = input.W?.cols ?? input.A?.cols ?? defaults.width;
  const field = input.W ? "W" : input.A ? "A" : "--width";
  if (defaults.init === "coupled" && m % 2 !== 0) throw new InputError(field, `coupled initialisation needs an even width, got m = ${m}`);
  checkWidth(m, input.X.rows, d, field);
  const drawn = initialWeights({ d, m, sigma: input.sigma ?? defaults.sigma, init: defaults.init }, new Rng(defaults.seed));
  return { W: input.W ?? drawn.W, A: input.A ?? drawn.A };
}

/**
 * The input fields a non-finite output can come from, and why: F and H from the pre-activations ⟨w_r, x_i⟩ and
 * the output weights (a missing W is drawn with standard deviation σ); H* only from X and σ; the loss and the
 * gradient also from the residual F − Y.
 */
const NETWORK_SOURCE = [
  "X/W/A",
  "pre-activations ⟨w_r, x_i⟩ or output weights too large: exp overflows above ≈709, products above ≈1.8e308; a missing W is drawn with σ from sigma or --sigma",
] as const;
const NON_FINITE_SOURCES: Readonly<Record<string, readonly [string, string]>> = {
  F: NETWORK_SOURCE,
  H: NETWORK_SOURCE,
  Hstar: ["X/sigma", "σ²·⟨x_i, x_j⟩ too large: exp overflows above ≈709, products above ≈1.8e308; σ comes from sigma or --sigma"],
  loss: ["X/W/A/Y", "the residual F − Y overflows when squared"],
  grad: ["X/W/A/Y", "the residual F − Y times the network's derivatives overflows"],
};

/** Throws an {@link InputError} naming the fields it can come from when a computed quantity is not finite. */
function requireFinite(name: string, value: Dense | number): void {
  const ok = typeof value === "number" ? Number.isFinite(value) : allFinite(value);
  if (!ok) {
    const [fields, why] = NON_FINITE_SOURCES[name];
    throw new InputError(fields, `give a non-finite ${name} (${why})`);
  }
}

/**
 * Computes the SPEC §5 output for a validated input: every field (loss and grad only with targets Y), or
 * with `fields` just those, skipping the work the others need: F, loss and grad need the forward pass; H
 * and λ_min(H) the empirical NTK; H* the limit NTK; λ = λ_min(K) only the limit kernel K (n×n), not H*.
 * Asking for loss or grad without targets Y is an {@link InputError} naming Y. Keys appear in SPEC order.
 */
export function computeNtkOutput(input: NtkInput, defaults: NtkDefaults, fields?: ReadonlySet<NtkField>): Partial<NtkOutputJson> {
  const want = (f: NtkField): boolean => fields === undefined || fields.has(f);
  const activation = input.activation ?? defaults.activation;
  const scale = input.scale ?? defaults.scale;
  const sigma = input.sigma ?? defaults.sigma;
  const weights = resolveWeights(input, defaults);
  const opts = { activation, scale };
  const needsTargets = fields !== undefined && (fields.has("loss") || fields.has("grad"));
  if (needsTargets && !input.Y) throw new InputError("Y", "is required for the fields loss and grad (SPEC §5)");
  const withTargets = input.Y !== undefined && (want("loss") || want("grad"));
  const out: Partial<NtkOutputJson> = {};
  const pass = want("F") || withTargets ? forward(input.X, weights, opts) : null;
  if (pass !== null) requireFinite("F", pass.F);
  if (want("H") || want("lambdaMinH")) {
    const H = empiricalNtk(input.X, weights, activation);
    requireFinite("H", H);
    if (want("H")) out.H = toRows(H);
    if (want("lambdaMinH")) out.lambdaMinH = extremeEigenpairs(H).lambdaMin;
  }
  if (want("Hstar")) {
    const Hstar = limitNtk(input.X, activation, sigma);
    requireFinite("Hstar", Hstar);
    out.Hstar = toRows(Hstar);
  }
  if (want("lambdaStar")) out.lambdaStar = extremeEigenpairs(limitKernel(input.X, activation, sigma)).lambdaMin;
  if (pass !== null && want("F")) out.F = toRows(pass.F);
  if (pass !== null && input.Y && withTargets) {
    if (want("loss")) {
      out.loss = loss(pass.F, input.Y);
      requireFinite("loss", out.loss);
    }
    if (want("grad")) {
      const grad = gradientFromPass(input.X, input.Y, weights, opts, pass);
      requireFinite("grad", grad);
      out.grad = toRows(grad);
    }
  }
  // Re-key in SPEC order (the computation order above differs).
  const ordered: Partial<NtkOutputJson> = {};
  for (const f of NTK_FIELDS) if (out[f] !== undefined) Object.assign(ordered, { [f]: out[f] });
  return ordered;
}
