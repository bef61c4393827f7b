/**
 * Implementation-correctness claims (SPEC §4 "Implementation correctness"): the regression check any
 * implementation must pass. I1 lives here as a registered claim with an injectable gradient (the seam the
 * mutation tests and external implementations use); I2–I6 are checked by the vitest suites under test/.
 *
 * @module
 */
import fc from "fast-check";
import { type Dense, clone } from "../src/linalg/dense.js";
import { forward } from "../src/network/forward.js";
import { gradient } from "../src/network/gradient.js";
import { loss } from "../src/network/loss.js";
import type { Activation, NetworkOptions, Weights } from "../src/network/types.js";
import { gamma } from "../src/numerics/tolerance.js";
import { Rng } from "../src/random/rng.js";
import { type SmallProblem, smallProblem } from "./arbitraries/smallProblem.js";
import { type RegisteredClaim, defineClaim } from "./engine/registry.js";
import { fmt } from "./engine/run.js";
import type { CaseOutcome } from "./engine/types.js";
import { ACTIVATION_VARIANTS } from "./engine/variants.js";

/** An implementation of ∇_W L (d×m) for data (X, Y). */
export type GradientFn = (X: Dense, Y: Dense, weights: Weights, opts: NetworkOptions) => Dense;

/** A problem and a seed for the random unit direction V of the directional derivative. */
export interface GradientCase {
  readonly problem: SmallProblem;
  readonly directionSeed: number;
}

/** Finite-difference step h; the tolerance below is derived for it. */
export const FD_STEP = 1e-4;

function lossAlong(p: SmallProblem, V: Float64Array, t: number): number {
  const W = clone(p.weights.W);
  for (let k = 0; k < W.data.length; k++) W.data[k] += t * V[k];
  return loss(forward(p.X, { W, A: p.weights.A }, p.options).F, p.Y);
}

/** True when ReLU's kink lies within the stencil [−2h, 2h] along V for some ⟨w_r, x_i⟩ (FD is then invalid). */
export function reluKinkInside(p: SmallProblem, V: Float64Array, h: number): boolean {
  const { n, d, m } = p;
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < m; r++) {
      let u = 0;
      let du = 0;
      for (let k = 0; k < d; k++) {
        u += p.weights.W.data[k * m + r] * p.X.data[i * d + k];
        du += V[k * m + r] * p.X.data[i * d + k];
      }
      if (Math.abs(u) <= 2 * h * Math.abs(du) + 1e-12) return true;
    }
  }
  return false;
}

/**
 * I1 on one case: ⟨∇L, V⟩ against the central difference D(h/2), with tolerance 4·(truncation + rounding):
 * truncation ≈ |D(h) − D(h/2)|/3 (Richardson: the error is c₂h² + O(h⁴)); rounding ≤ 2γ_k·L̄/h with
 * k = m + d + n·d + 8 roundings per loss evaluation (softmax sum, output dot product, squared error, exp/div/mul)
 * and L̄ the largest |L| on the stencil. A wrong gradient errs by O(|L'|), orders above this bound.
 */
export function checkGradient(c: GradientCase, gradientFn: GradientFn = gradient): CaseOutcome {
  const p = c.problem;
  const V = new Rng(c.directionSeed).fillGaussian(new Float64Array(p.d * p.m));
  const norm = Math.hypot(...V);
  for (let k = 0; k < V.length; k++) V[k] /= norm;
  const h = FD_STEP;
  if (p.options.activation === "relu" && reluKinkInside(p, V, h)) return { status: "unmet", reason: "ReLU kink inside the difference stencil" };
  const g = gradientFn(p.X, p.Y, p.weights, p.options);
  let analytic = 0;
  for (let k = 0; k < V.length; k++) analytic += g.data[k] * V[k];
  const L = [h, -h, h / 2, -h / 2].map((t) => lossAlong(p, V, t));
  const D1 = (L[0] - L[1]) / (2 * h);
  const D2 = (L[2] - L[3]) / h;
  const Lbar = Math.max(...L.map(Math.abs));
  const tol = 4 * (Math.abs(D1 - D2) / 3 + (2 * gamma(p.m + p.d + p.n * p.d + 8) * Lbar) / h);
  const err = Math.abs(D2 - analytic);
  const slack = err === 0 ? null : tol / err;
  if (!(err <= tol)) {
    return { status: "violated", slack, detail: `⟨∇L, V⟩ = ${fmt(analytic)} but the central difference is ${fmt(D2)} (error ${fmt(err)} > tolerance ${fmt(tol)})` };
  }
  return { status: "holds", slack, measured: { error: err, tolerance: tol } };
}

/** The I1 claim for a given gradient implementation (the reference by default). */
export function gradientClaim(gradientFn: GradientFn = gradient): RegisteredClaim {
  return defineClaim<GradientCase, never>({
    id: "I1",
    family: "implementation",
    title: "Gradient equals central finite differences",
    statement: "For every network variant, the analytic gradient ∇_W L agrees with central finite differences of L along random directions.",
    provenance: "derived",
    paperLocation: "SPEC §4 I1 (implementation correctness)",
    variants: () => ACTIVATION_VARIANTS,
    generator: (variant, profile) =>
      fc.record({
        problem: smallProblem({ maxN: profile.maxN, maxD: profile.maxD, maxM: 16, activations: [(variant.activation ?? "softmax") as Activation] }),
        directionSeed: fc.integer({ min: 0, max: 0xffffffff }),
      }),
    cases: (profile) => profile.cases * 5,
    classify: (c) => [`scale=${c.problem.options.scale}`, `init=${c.problem.init}`, c.problem.n > c.problem.d ? "n>d" : "n≤d"],
    rule: { kind: "each", check: (c) => checkGradient(c, gradientFn) },
  });
}

/** I1 with the reference gradient. */
export const I1 = gradientClaim();

/** The claims of this family. */
export const IMPLEMENTATION_CLAIMS: readonly RegisteredClaim[] = [I1];
