/**
 * The mutant catalogue of the mutation self-test (`softmax-ntk mutants`): realistic, deliberately broken
 * variants of the reference implementation, each a one-place source patch of one BUILT module under `dist/`.
 *
 * A mutant replaces the string `find`, which must occur exactly once in the compiled file `file` (path relative
 * to `dist/`, e.g. `src/network/forward.js`), by `replace`; the loader hook (`./hooks.ts`) refuses to run a
 * mutant whose `find` is missing or ambiguous (a stale mutant after a refactoring), so a mutant never silently
 * runs the unmutated code. Keep `find` a short semantic expression (the centring subtraction, the max-shift, the
 * √m factor) so that it survives reformatting and can be re-targeted when the code around it changes.
 *
 * `killers` are the claim ids (SPEC §4) whose mathematics names the bug: a kill by one of them is the evidence the
 * self-test looks for; a kill only by unrelated claims is reported as the weaker finding it is. Ids of claims that
 * are not registered in this build (e.g. I2–I7 before they exist) are allowed: they simply cannot kill yet.
 *
 * To add a mutant: append an entry (kebab-case id, unique), run `npm run build`, check that `find` occurs once in
 * `dist/<file>` (test/mutation/catalogue.test.ts does), then `softmax-ntk mutants --mutants <id>`.
 *
 * @module
 */

/** The part of the implementation a mutant breaks. */
export type MutantComponent =
  | "forward"
  | "gradient"
  | "ntk-assembly"
  | "ntk-index-order"
  | "limit-kernel"
  | "lambda-min"
  | "certificate"
  | "step-size"
  | "training"
  | "forward-process"
  | "score-model"
  | "init";

/** One mutant: a single find/replace in one compiled module, with the mathematics it gets wrong. */
export interface Mutant {
  /** Stable kebab-case id (CLI `--mutants`, reports). */
  readonly id: string;
  /** The component it breaks. */
  readonly component: MutantComponent;
  /** The compiled module it patches, relative to `dist/` (e.g. `src/network/forward.js`). */
  readonly file: string;
  /** The exact text replaced; must occur exactly once in the compiled file. */
  readonly find: string;
  /** The replacement text. */
  readonly replace: string;
  /** One sentence: which mathematics is wrong. */
  readonly bug: string;
  /** Claim ids whose mathematics names this bug (a kill by one of them is the expected evidence). */
  readonly killers: readonly string[];
}

/** The catalogue, in the order reports list it. */
export const MUTANTS: readonly Mutant[] = [
  {
    id: "softmax-no-max-shift",
    component: "forward",
    file: "src/network/forward.js",
    find: "Math.exp(src[from + r] - max)",
    replace: "Math.exp(src[from + r])",
    bug: "softmax computed as exp(u_r)/Σ_s exp(u_s) without subtracting max_s u_s: equal in exact arithmetic, but exp overflows to ∞ (∞/∞ = NaN) for pre-activations above ≈709 (e.g. the denoiser logits α_t⟨x, z_k⟩/h_t of D3 at small t).",
    killers: ["I4", "D3", "I5"],
  },
  {
    id: "gradient-no-centring",
    component: "gradient",
    // The claims' gradient is the one-sweep kernel's (the reference implementation's `gradient`, what the training
    // loops step with); `gradientFromPass` equals it bit for bit by test/network/lossGradient.test.ts.
    file: "src/network/wasm/softmaxRowSweep.js",
    find: "op.v128Load(0), get(centres), op.f64x2Sub",
    replace: "op.v128Load(0)",
    bug: "softmax gradient without the −⟨a_ℓ, S_i⟩ centring term: q_{i,r} = c·S_{i,r}·(E A)_{i,r}, the derivative of the exp network, not of the normalised one.",
    killers: ["I1", "I5", "I7"],
  },
  {
    id: "ntk-features-m-not-sqrt-m",
    component: "ntk-assembly",
    file: "src/ntk/empirical.js",
    find: "activation === \"softmax\" ? Math.sqrt(m)",
    replace: "activation === \"softmax\" ? m",
    bug: "softmax NTK features G scaled by m instead of √m, so H(W) is m times the kernel of SPEC §3 (the scale=m network's J Jᵀ mixed up with H).",
    killers: ["N1", "N2", "N3", "I2", "I7"],
  },
  {
    id: "kernel-factor-sqrt-m",
    component: "step-size",
    file: "src/network/forward.js",
    find: "opts.scale === \"m\" ? m : 1",
    replace: "opts.scale === \"m\" ? Math.sqrt(m) : 1",
    bug: "κ = √m instead of m for softmax with scale=m, so η_eff = κ·η is off by √m: a step chosen for η_eff = 1/λ_max really moves F with √m/λ_max and diverges.",
    killers: ["T1", "T2", "T3", "T5", "T6"],
  },
  {
    id: "ntk-gram-mask-input-major",
    component: "ntk-index-order",
    file: "src/ntk/empirical.js",
    find: "P.data[i * n + (b % n)]",
    replace: "P.data[Math.floor((a * n) / N) * n + Math.floor((b * n) / N)]",
    bug: "the input Gram mask 1_{d×d} ⊗ X Xᵀ is indexed input-major (i, ℓ) ↦ i·d + ℓ while the rows of G are output-major (ℓ, i) ↦ ℓ·n + i, so H_{(ℓ1,i),(ℓ2,j)} gets the wrong ⟨x_i, x_j⟩.",
    killers: ["N1", "N2", "N3", "T5", "I2", "I5", "I7"],
  },
  {
    id: "limit-exp-no-exp-factor",
    component: "limit-kernel",
    file: "src/ntk/limit.js",
    find: "p * Math.exp((s2 * (P.data[i * n + i] + P.data[j * n + j] + 2 * p)) / 2)",
    replace: "p",
    bug: "exp limit kernel K_ij = p without its factor exp(σ²(‖x_i‖² + ‖x_j‖² + 2p)/2) = E[e^{⟨w,x_i⟩} e^{⟨w,x_j⟩}].",
    killers: ["N1", "N2"],
  },
  {
    id: "limit-relu-unnormalised-arccos",
    component: "limit-kernel",
    file: "src/ntk/limit.js",
    find: "Math.PI - angleBetween(X, i, j)",
    replace: "Math.PI - Math.acos(p)",
    bug: "ReLU limit kernel with arccos of the unnormalised inner product p = ⟨x_i, x_j⟩ instead of the cosine p/(‖x_i‖‖x_j‖), wrong whenever an input is not a unit vector.",
    killers: ["N1", "N2"],
  },
  {
    id: "gd-ascent",
    component: "training",
    file: "src/training/gradientDescent.js",
    find: "W.data[k] -= eta * g.data[k]",
    replace: "W.data[k] += eta * g.data[k]",
    bug: "gradient descent with the wrong sign, W(τ+1) = W(τ) + η∇L: gradient ascent on the loss.",
    killers: ["T1", "T2", "T5", "T6"],
  },
  {
    id: "gd-one-step-short",
    component: "training",
    file: "src/training/gradientDescent.js",
    find: "const last = step === steps",
    replace: "const last = step >= steps - 1",
    bug: "off-by-one step count: asked for T steps, gradient descent stops after T − 1 updates (and records only τ = 0…T − 1).",
    killers: ["T2", "T5"],
  },
  {
    id: "ou-alpha-h-swapped",
    component: "forward-process",
    file: "src/diffusion/ornsteinUhlenbeck.js",
    find: "alpha: Math.exp(-t), h: -Math.expm1(-2 * t)",
    replace: "alpha: -Math.expm1(-2 * t), h: Math.exp(-t)",
    bug: "forward-process coefficients swapped: α_t = 1 − e^{−2t} and h_t = e^{−t} instead of α_t = e^{−t}, h_t = 1 − e^{−2t}, so x_t = α_t x_0 + √h_t ξ is not the Ornstein–Uhlenbeck marginal.",
    killers: ["D1", "D2", "D3"],
  },
  {
    id: "tweedie-score-sign",
    component: "score-model",
    file: "src/diffusion/scoreModel.js",
    find: "(alpha * M.data[i * d + j] - X.data[i * d + j]) / h",
    replace: "(X.data[i * d + j] - alpha * M.data[i * d + j]) / h",
    bug: "model score with the sign flipped, s = (x − α_t f)/h_t instead of (α_t f − x)/h_t: it points away from the data.",
    killers: ["D1", "D4"],
  },
  {
    id: "lambda-min-largest-above-4",
    component: "lambda-min",
    file: "src/linalg/spectrum.js",
    find: "const lo = pair(0);",
    replace: "const lo = pair(n > 4 ? n - 1 : 0);",
    bug: "the λ_min routine returns the largest eigenvalue (Sturm index n − 1 instead of 0) for matrices of order n > 4.",
    killers: ["N3", "N4", "P3", "T1", "T3", "I6"],
  },
  {
    id: "coupled-init-copies-a",
    component: "init",
    file: "src/network/init.js",
    find: "= -A.data[l * m + r - drawn]",
    replace: "= A.data[l * m + r - drawn]",
    bug: "coupled initialisation copies a_ℓ for the second half of the neurons instead of negating it, so F(W(0), x) = 2·F_half ≠ 0.",
    killers: ["I3", "T4", "D4"],
  },
  {
    id: "gram-lower-triangle-only",
    component: "ntk-assembly",
    file: "src/linalg/dense.js",
    find: "out[j * p + i] = out[i * p + j];",
    replace: "out[j * p + i] = 0;",
    bug: "the Gram matrix A Aᵀ computes the lower triangle but does not mirror it to (j, i), so X Xᵀ and G Gᵀ (hence H and H*) have a zero upper triangle.",
    killers: ["N1", "N2", "N4", "I2", "I5"],
  },
  {
    id: "output-scale-swapped",
    component: "forward",
    file: "src/network/forward.js",
    find: "scale === \"m\" ? m : Math.sqrt(m)",
    replace: "scale === \"m\" ? Math.sqrt(m) : m",
    bug: "softmax output multiplier swapped: c_m = √m under scale=m and m under scale=sqrt, so F and its Jacobian are off by √m and the dynamics no longer match κ·H.",
    killers: ["T1", "T2", "T5", "T6", "I5", "I7"],
  },
];

/** The mutant with this id, or undefined. */
export function mutantNamed(id: string): Mutant | undefined {
  return MUTANTS.find((m) => m.id === id);
}
