/**
 * Implementation-correctness claims (SPEC §4 "Implementation correctness"): the regression check any
 * implementation must pass, each calling the implementation under test through `ctx.impl` (the suite's reference,
 * or a module given to `verify --impl`). I1 (gradient vs finite differences) lives here; I2–I7 live in
 * `./implementation/*.ts`. {@link IMPLEMENTATION_CLAIMS} lists them all for the registry.
 *
 * @module
 */
import fc from "fast-check";
import { type Dense, clone } from "../src/linalg/dense.js";
import { REFERENCE_IMPLEMENTATION } from "../src/implementation/reference.js";
import type { NetworkImplementation } from "../src/implementation/types.js";
import { forward } from "../src/network/forward.js";
import { loss } from "../src/network/loss.js";
import type { Activation, NetworkOptions, Weights } from "../src/network/types.js";
import { gamma } from "../src/numerics/tolerance.js";
import { Rng } from "../src/random/rng.js";
import { type SmallProblem, smallProblem } from "./arbitraries/smallProblem.js";
import { type RegisteredClaim, defineClaim } from "./engine/registry.js";
import { fmt } from "./engine/run.js";
import type { CaseOutcome } from "./engine/types.js";
import { ACTIVATION_VARIANTS } from "./engine/variants.js";
import { I2 } from "./implementation/kernel.js";
import { I3 } from "./implementation/invariance.js";
import { I4 } from "./implementation/finiteness.js";
import { I5 } from "./implementation/oracle.js";
import { I6 } from "./implementation/spectrum.js";
import { I7 } from "./implementation/agreement.js";

/** An implementation of ∇_W L (d×m) for data (X, Y). */
export type GradientFn = (X: Dense, Y: Dense, weights: Weights, opts: NetworkOptions) => Dense;

/** A problem and a seed for the random unit direction V of the directional derivative. */
export interface GradientCase {
  readonly problem: SmallProblem;
  readonly directionSeed: number;
}

/** Finite-difference step h; the tolerance below is derived for it. */
export const FD_STEP = 1e-4;

/** Weights W + t·V (V laid out like W). */
function shiftedWeights(p: SmallProblem, V: Float64Array, t: number): Weights {
  const W = clone(p.weights.W);
  for (let k = 0; k < W.data.length; k++) W.data[k] += t * V[k];
  return { W, A: p.weights.A };
}

/**
 * L at `weights` (F from `impl.forward`, default the reference) and a bound on its rounding error, computed from
 * the reference forward pass's magnitudes (an implementation's F is as accurate as the reference's to first
 * order when it is correct; a wrong one errs by far more), |fl(L) − L| ≤ δL, built from the magnitudes of what is
 * summed (so cancellation in F − Y cannot hide under a bound relative to L itself):
 * - δu_{i,r} ≤ γ_d·Σ_k |w_{k,r} x_{i,k}| for the pre-activations;
 * - each feature Φ_{i,r} is off by ≤ |Φ_{i,r}|·(2·max_r δu_{i,r} + γ_{m+4}) + δu_{i,r} (softmax: logit shifts change
 *   S relatively by ≤ 2 max|δu|, the exp/sum/division add γ_{m+4}; exp: relative δu; ReLU: absolute δu);
 * - F_{i,ℓ} = c·Σ_r a_{ℓ,r}Φ_{i,r} is off by δF ≤ c·Σ_r |a_{ℓ,r}|·(δΦ_{i,r} + γ_{m+1}|Φ_{i,r}|);
 * - L = ½Σ(F − Y)² is off by ≤ Σ|F − Y|·δF + ½Σ δF² + γ_{nd+2}·L.
 */
export function lossWithRoundingBound(p: SmallProblem, weights: Weights, impl: NetworkImplementation = REFERENCE_IMPLEMENTATION): { loss: number; bound: number } {
  const pass = forward(p.X, weights, p.options);
  const { n, d, m } = p;
  const W = weights.W.data;
  let bound = 0;
  for (let i = 0; i < n; i++) {
    const du = new Float64Array(m);
    let maxDu = 0;
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += Math.abs(W[k * m + r] * p.X.data[i * d + k]);
      du[r] = gamma(d) * s;
      maxDu = Math.max(maxDu, du[r]);
    }
    for (let l = 0; l < d; l++) {
      let dF = 0;
      for (let r = 0; r < m; r++) {
        const phi = Math.abs(pass.Phi.data[i * m + r]);
        const dPhi = phi * (2 * maxDu + gamma(m + 4)) + du[r];
        dF += Math.abs(weights.A.data[l * m + r]) * (dPhi + gamma(m + 1) * phi);
      }
      dF *= Math.abs(pass.c);
      const e = Math.abs(pass.F.data[i * d + l] - p.Y.data[i * d + l]);
      bound += e * dF + 0.5 * dF * dF;
    }
  }
  const L = loss(impl.forward(p.X, weights, p.options), p.Y);
  return { loss: L, bound: bound + gamma(n * d + 2) * L };
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
 * truncation ≈ |D(h) − D(h/2)|/3 (Richardson: the error is c₂h² + O(h⁴)); rounding ≤ (δL₊ + δL₋)/h with δL the
 * magnitude-based rounding bound of each loss evaluation ({@link lossWithRoundingBound}), plus the analytic
 * directional derivative's own rounding, γ_{dm}·Σ|∇L_k V_k|. A wrong gradient errs by O(|L'|), orders above this.
 */
export function checkGradient(c: GradientCase, impl: NetworkImplementation = REFERENCE_IMPLEMENTATION): CaseOutcome {
  if (impl.gradient === undefined) throw new Error(`I1 needs a gradient, and implementation "${impl.name}" provides none`);
  const p = c.problem;
  const V = new Rng(c.directionSeed).fillGaussian(new Float64Array(p.d * p.m));
  const norm = Math.hypot(...V);
  for (let k = 0; k < V.length; k++) V[k] /= norm;
  const h = FD_STEP;
  if (p.options.activation === "relu" && reluKinkInside(p, V, h)) return { status: "unmet", reason: "ReLU kink inside the difference stencil" };
  const g = impl.gradient(p.X, p.Y, p.weights, p.options);
  let analytic = 0;
  let analyticMagnitude = 0;
  for (let k = 0; k < V.length; k++) {
    analytic += g.data[k] * V[k];
    analyticMagnitude += Math.abs(g.data[k] * V[k]);
  }
  const [Lp1, Lm1, Lp2, Lm2] = [h, -h, h / 2, -h / 2].map((t) => lossWithRoundingBound(p, shiftedWeights(p, V, t), impl));
  const D1 = (Lp1.loss - Lm1.loss) / (2 * h);
  const D2 = (Lp2.loss - Lm2.loss) / h;
  const rounding = (Lp2.bound + Lm2.bound) / h + gamma(p.d * p.m) * analyticMagnitude;
  const tol = 4 * (Math.abs(D1 - D2) / 3 + rounding);
  const err = Math.abs(D2 - analytic);
  const slack = err === 0 ? null : tol / err;
  if (!(err <= tol)) {
    return { status: "violated", slack, detail: `⟨∇L, V⟩ = ${fmt(analytic)} but the central difference is ${fmt(D2)} (error ${fmt(err)} > tolerance ${fmt(tol)})` };
  }
  return { status: "holds", slack, measured: { error: err, tolerance: tol } };
}

/**
 * The I1 claim. Without `gradientFn` it checks `ctx.impl` (forward for the losses, gradient for ∇L); with it,
 * `ctx.impl` with its gradient replaced by `gradientFn` (the seam of the mutation tests).
 */
export function gradientClaim(gradientFn?: GradientFn): RegisteredClaim {
  return defineClaim<GradientCase, never>({
    id: "I1",
    family: "implementation",
    title: "Gradient equals central finite differences",
    statement: "For every network variant, the analytic gradient ∇_W L agrees with central finite differences of L along random directions.",
    provenance: "derived",
    paperLocation: "SPEC §4 I1 (implementation correctness)",
    implementation: ["forward", "gradient"],
    variants: () => ACTIVATION_VARIANTS,
    generator: (variant, profile) =>
      fc.record({
        problem: smallProblem({ maxN: profile.maxN, maxD: profile.maxD, maxM: 16, activations: [(variant.activation ?? "softmax") as Activation] }),
        directionSeed: fc.integer({ min: 0, max: 0xffffffff }),
      }),
    cases: (profile) => profile.cases * 5,
    classify: (c) => [`scale=${c.problem.options.scale}`, `init=${c.problem.init}`, c.problem.n > c.problem.d ? "n>d" : "n≤d"],
    rule: { kind: "each", check: (c, _variant, ctx) => checkGradient(c, gradientFn === undefined ? ctx.impl : { ...ctx.impl, gradient: gradientFn }) },
  });
}

/** I1 with the reference gradient. */
export const I1 = gradientClaim();

/** The claims of this family. */
export const IMPLEMENTATION_CLAIMS: readonly RegisteredClaim[] = [I1, I2, I3, I4, I5, I6, I7];
