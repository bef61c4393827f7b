/**
 * The implementation under test: the network functions of SPEC §2–3 that the implementation-aware claims call
 * through their run context instead of importing the suite's own code. The suite's reference
 * ({@link REFERENCE_IMPLEMENTATION} in `./reference.ts`) provides all three; an external implementation
 * (`verify --impl MODULE`, `./external.ts`) provides `forward` and optionally `gradient` and `ntk`.
 *
 * Shapes (SPEC §1): X n×d (row i is x_i), Y n×d, W d×m (column r is w_r), A d×m (row ℓ is a_ℓ); F n×d;
 * ∇_W L d×m; H nd×nd output-major, row/column (ℓ, i) ↦ ℓ·n + i.
 *
 * @module
 */
import type { Dense } from "../linalg/dense.js";
import type { NetworkOptions, Weights } from "../network/types.js";

/** The optional methods an implementation may provide (besides the required `forward`). */
export type ImplementationMethod = "forward" | "gradient" | "ntk";

/** All methods, in the order the report lists them. */
export const IMPLEMENTATION_METHODS: readonly ImplementationMethod[] = ["forward", "gradient", "ntk"];

/**
 * A network implementation. Every method is synchronous from the caller's view and either returns a matrix of
 * the stated shape with finite entries or throws (an external implementation's failures, time-outs, wrong
 * shapes and non-finite numbers arrive as an `ImplementationError`).
 */
export interface NetworkImplementation {
  /** Name shown in reports (`reference` for the suite's own code). */
  readonly name: string;
  /** True for the suite's own code. */
  readonly reference: boolean;
  /** Outputs F (n×d), F_{i,ℓ} = F(W, x_i)_ℓ, of the network `opts` names (SPEC §2). */
  forward(X: Dense, weights: Weights, opts: NetworkOptions): Dense;
  /** ∇_W L (d×m) of L = ½‖F − Y‖²_F (SPEC §2). */
  gradient?(X: Dense, Y: Dense, weights: Weights, opts: NetworkOptions): Dense;
  /** The empirical NTK H(W) (nd×nd, output-major) of SPEC §3: the √m network's kernel whatever `opts.scale` says. */
  ntk?(X: Dense, weights: Weights, opts: NetworkOptions): Dense;
}

/** The methods `impl` provides, in {@link IMPLEMENTATION_METHODS} order. */
export function providedMethods(impl: NetworkImplementation): ImplementationMethod[] {
  return IMPLEMENTATION_METHODS.filter((m) => m === "forward" || impl[m] !== undefined);
}
