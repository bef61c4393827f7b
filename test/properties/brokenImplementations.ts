/**
 * Deliberately broken network implementations for the mutation tests: each is the reference with one realistic
 * bug, marked `reference: false` so that the claims take the generic path (method by method) they take for a
 * user's implementation. Shapes as in SPEC §1: F n×d, ∇_W L d×m, H nd×nd output-major ((ℓ, i) ↦ ℓ·n + i).
 */
import { REFERENCE_IMPLEMENTATION } from "../../src/implementation/reference.js";
import type { NetworkImplementation } from "../../src/implementation/types.js";
import { type Dense, matmul } from "../../src/linalg/dense.js";
import { type ForwardPass, forward } from "../../src/network/forward.js";
import { gradient } from "../../src/network/gradient.js";
import { residual } from "../../src/network/loss.js";
import type { NetworkOptions, Weights } from "../../src/network/types.js";
import { empiricalNtk } from "../../src/ntk/empirical.js";

/** The reference behind the generic path: same functions, `reference: false`. */
export const WRAPPED_REFERENCE: NetworkImplementation = { ...REFERENCE_IMPLEMENTATION, name: "wrapped", reference: false };

/** The reference with some methods replaced (a mutant named `name`, on the generic path). */
export function mutant(name: string, methods: Partial<Pick<NetworkImplementation, "forward" | "gradient" | "ntk">>): NetworkImplementation {
  return { ...WRAPPED_REFERENCE, name, ...methods };
}

/** The gradient with the −⟨a_ℓ, S_i⟩ centring dropped: q_{i,r} = c·S_{i,r}·(E A)_{i,r} (a classic softmax bug). */
export function gradientWithoutCentring(X: Dense, Y: Dense, weights: Weights, _opts: NetworkOptions, pass: ForwardPass): Dense {
  const { A } = weights;
  const n = X.rows;
  const d = X.cols;
  const m = A.cols;
  const Q = matmul(residual(pass.F, Y), A).data;
  for (let k = 0; k < Q.length; k++) Q[k] *= pass.c * pass.Phi.data[k];
  const grad = new Float64Array(d * m);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) for (let r = 0; r < m; r++) grad[k * m + r] += X.data[i * d + k] * Q[i * m + r];
  return { rows: d, cols: m, data: grad };
}

/** Gradient ascent: ∇_W L with the wrong sign. */
export const ASCENT_IMPLEMENTATION = mutant("ascent", {
  gradient: (X, Y, weights, opts) => {
    const g = gradient(X, Y, weights, opts);
    return { rows: g.rows, cols: g.cols, data: g.data.map((v) => -v) };
  },
});

/** The softmax gradient without the centring (other activations keep the reference gradient). */
export const UNCENTRED_IMPLEMENTATION = mutant("uncentred", {
  gradient: (X, Y, weights, opts) => (opts.activation === "softmax" ? gradientWithoutCentring(X, Y, weights, opts, forward(X, weights, opts)) : gradient(X, Y, weights, opts)),
});

/** The NTK times `factor(m)` (e.g. the `scale=m` network's kernel m·H, or √m·H, returned for H). */
export function scaledNtkImplementation(name: string, factor: (m: number) => number): NetworkImplementation {
  return mutant(name, {
    ntk: (X, weights, opts) => {
      const H = empiricalNtk(X, weights, opts.activation);
      const f = factor(weights.W.cols);
      return { rows: H.rows, cols: H.cols, data: H.data.map((v) => v * f) };
    },
  });
}

/** The NTK in input-major order, rows and columns (i, ℓ) ↦ i·d + ℓ instead of the output-major ℓ·n + i. */
export const INPUT_MAJOR_NTK_IMPLEMENTATION = mutant("input-major ntk", {
  ntk: (X, weights, opts) => {
    const H = empiricalNtk(X, weights, opts.activation);
    const n = X.rows;
    const d = weights.A.rows;
    const N = n * d;
    const out = new Float64Array(N * N);
    const inputMajor = (a: number): number => (a % n) * d + Math.floor(a / n);
    for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) out[inputMajor(a) * N + inputMajor(b)] = H.data[a * N + b];
    return { rows: N, cols: N, data: out };
  },
});

/** An implementation whose every method throws (e.g. a crashed external module). */
export const THROWING_IMPLEMENTATION: NetworkImplementation = {
  name: "throwing",
  reference: false,
  forward: () => {
    throw new Error("forward exploded (test implementation)");
  },
  gradient: () => {
    throw new Error("gradient exploded (test implementation)");
  },
  ntk: () => {
    throw new Error("ntk exploded (test implementation)");
  },
};
