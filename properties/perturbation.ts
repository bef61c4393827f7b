/**
 * Claims about perturbations of the weights (SPEC §4 "Perturbation"): P1–P4.
 *
 * - **P1** (derived, `each`): softmax ratio stability under ‖w̃_r − w_r‖ ≤ R, ‖x‖ ≤ 1, checked with a derived
 *   floating-point margin (see {@link p1Check}); includes adversarial perturbations ±R·x̂.
 * - **P2** (paper (reconstructed), Lemma 5.1, `each`): ‖H(W̃) − H(W)‖_F ≤ R·n·d·e^{10B}, searched adversarially
 *   (structured starting directions plus a projected random-direction hill climb on ‖ΔH‖_F).
 * - **P3** (paper (reconstructed), `aggregate`): λ_min(H(W̃)) ≥ λ/2 for R ≤ R_crit = λ/(2·n·d·e^{10B}); also
 *   measures the empirical critical radius R_emp and reports R_emp/R_crit.
 * - **P4** (paper (reconstructed), `aggregate`): softmax vs exp vs ReLU at equal (n, d, m, σ, R): perturbation
 *   sensitivity ‖ΔH‖_F/(R·λ), m_emp and gradient-descent iterations; paired sign test softmax vs exp.
 *
 * Notation (SPEC §4): B := max{C·σ·√log(nd/δ), 1} with C = {@link PAPER_B_CONSTANT} (?) and
 * δ = {@link PAPER_DELTA}; B̂ := max_{r,i} |⟨w_r(0), x_i⟩| (realised).
 *
 * Floating-point margins. Every verdict threshold that compares a computed quantity with an exact bound carries
 * a margin derived from the operations performed, in units of γ_k = k·u/(1 − k·u) (u = 2⁻⁵³; Higham, ASNA
 * §3.1): the derivations are written beside {@link softmaxLogError}, {@link softmaxNtkRoundingBound},
 * {@link softmaxLimitKernelRoundingBound}, {@link realisedRadiusUp} and {@link p1Check}. `Math.exp` is taken
 * to be within one ulp (relative error ≤ 2u): V8 uses a port of fdlibm's `exp`, whose documented error is
 * < 1 ulp.
 *
 * Implementation under test: P2 and P3 evaluate H(W̃) through `RunContext.impl` (its ntk), P4 also its forward and
 * gradient (gradient descent to ε); P1 checks only the softmax. The rounding allowances of P2 and P3 are derived
 * for the reference's algorithm; another implementation's rounding is assumed to be of the same order.
 *
 * Everything random flows from the case's seed through `new Rng(seed).fork(label)`.
 *
 * @module
 */
import fc from "fast-check";
import { type Dense, clone, frobenius, matmul, subtract } from "../src/linalg/dense.js";
import { certifyMinEigenvalue } from "../src/linalg/cholesky.js";
import { eigenvalueTolerance, extremeEigenpairs } from "../src/linalg/spectrum.js";
import { inspectInputs } from "../src/data/parallelInputs.js";
import { unitBallRows } from "../src/data/unitBall.js";
import { activationNtkOf, forwardOf } from "../src/implementation/calls.js";
import { REFERENCE_IMPLEMENTATION } from "../src/implementation/reference.js";
import type { ImplementationMethod, NetworkImplementation } from "../src/implementation/types.js";
import { softmaxRows } from "../src/network/forward.js";
import { initialWeights } from "../src/network/init.js";
import { squaredError } from "../src/network/loss.js";
import { ACTIVATIONS, type Activation, type Init, type NetworkOptions, type Weights } from "../src/network/types.js";
import { empiricalNtk } from "../src/ntk/empirical.js";
import { limitKernel } from "../src/ntk/limit.js";
import type { KernelFn } from "../src/ntk/monteCarlo.js";
import { gradientDescent } from "../src/training/gradientDescent.js";
import { gamma, UNIT_ROUNDOFF } from "../src/numerics/tolerance.js";
import { Rng } from "../src/random/rng.js";
import { binomialExcessTest } from "../src/stats/binomialTest.js";
import { type DataKind, type DataSpec, buildData, dataLabels, dataSpec } from "./arbitraries/dataSet.js";
import { judgementsSharing } from "./engine/judges.js";
import { type LoggedOutcome, type RunSummary, defineLoggedEachClaim } from "./engine/loggedEach.js";
import type { Profile } from "./engine/profiles.js";
import { type RegisteredClaim, defineClaim } from "./engine/registry.js";
import { MIN_MET_FRACTION, fmt } from "./engine/run.js";
import { SINGLE_VARIANT } from "./engine/variants.js";
import { horizontalLine, plottable, powerLawThrough, proportionalLine, xRange } from "./engine/series.js";
import type { CaseOutcome, Judgement, MeasurementValue, Series, SeriesPoint, Table, Variant } from "./engine/types.js";

// ---------------------------------------------------------------------------------------------------------
// Constants of the paper's statements (configurable, reported) and of the search.
// ---------------------------------------------------------------------------------------------------------

/** The constant C in B = max{C·σ·√log(nd/δ), 1} (paper (reconstructed): value uncertain (?)). */
export const PAPER_B_CONSTANT = 1;

/** The failure probability δ in B = max{C·σ·√log(nd/δ), 1} (paper (reconstructed)). */
export const PAPER_DELTA = 0.1;

/** Hill-climbing steps of the adversarial search for P2 (per case, after the structured starts). */
export const P2_ASCENT_STEPS = 16;

/** Hill-climbing steps of the sensitivity search for P4 (per case and activation). */
export const P4_ASCENT_STEPS = 8;

/** Largest radius the P3 search for the empirical critical radius R_emp tries; beyond it R_emp is censored. */
export const P3_MAX_RADIUS = 16;

/** Log-bisection steps refining R_emp inside the first bracketing grid interval (factor 4 → 4^{2^{−10}}). */
export const P3_BISECTION_STEPS = 10;

/** Seeds per width for P4's empirical width m_emp. */
export const P4_WIDTH_SEEDS = 5;

/** Fraction of those seeds at which λ_min(H(W(0))) ≥ ¾λ must hold for a width to count as m_emp. */
export const P4_WIDTH_FRACTION = 0.9;

/** Relative target of P4's gradient descent: iterations until ‖F − Y‖²_F ≤ ε_rel·‖F(0) − Y‖²_F. */
export const P4_GD_RELATIVE_EPSILON = 1e-3;

/** Cap on P4's gradient-descent steps (the profile's `maxSteps` caps it further); beyond it: censored. */
export const P4_GD_MAX_STEPS = 1000;

/** P4 "no worse than exp" holds only if the median sensitivity ratio softmax/exp is ≤ 1 + this margin. */
export const P4_RATIO_MARGIN = 0.1;

/** Significance level of P4's one-sided exact sign test ("softmax significantly worse than exp"). */
export const P4_ALPHA = 0.01;

/** Fewest met, untied pairs for which P4's sign test can give a verdict other than inconclusive. */
export const P4_MIN_PAIRS = 8;

const u = UNIT_ROUNDOFF;

/** The implementation methods P2 and P3 call through the run context: the empirical NTK only (P1 calls none). */
const NTK_ONLY: readonly ImplementationMethod[] = ["ntk"];

// ---------------------------------------------------------------------------------------------------------
// The paper's B, bounds and small numerical helpers.
// ---------------------------------------------------------------------------------------------------------

/**
 * B = max{C·σ·√log(nd/δ), 1} (SPEC §4 notation), the paper's high-probability bound on |⟨w_r(0), x_i⟩|.
 *
 * @param n - number of inputs.
 * @param d - input/output dimension.
 * @param sigma - initial scale σ.
 * @param C - the constant C (default {@link PAPER_B_CONSTANT}).
 * @param delta - the failure probability δ (default {@link PAPER_DELTA}).
 */
export function paperB(n: number, d: number, sigma: number, C = PAPER_B_CONSTANT, delta = PAPER_DELTA): number {
  return Math.max(C * sigma * Math.sqrt(Math.log((n * d) / delta)), 1);
}

/** B̂ = max_{r,i} |⟨w_r, x_i⟩| for inputs X (n×d) and weights W (d×m) (a measurement; SPEC §4). */
export function realisedB(X: Dense, W: Dense): number {
  const U = matmul(X, W);
  let b = 0;
  for (let k = 0; k < U.data.length; k++) b = Math.max(b, Math.abs(U.data[k]));
  return b;
}

/** P2's bound R·n·d·e^{10B} (paper (reconstructed), Lemma 5.1; constant 10 (?)). */
export function perturbationBound(R: number, n: number, d: number, B: number): number {
  return R * n * d * Math.exp(10 * B);
}

/** P3's critical radius R_crit = λ/(2·n·d·e^{10B}) (paper (reconstructed)). */
export function criticalRadius(lambda: number, n: number, d: number, B: number): number {
  return lambda / (2 * n * d * Math.exp(10 * B));
}

/**
 * γ-count covering the evaluation of e^{10B}-type expressions: B = max{C σ √log(nd/δ), 1} is computed with
 * relative error ≤ 6u (one division, log within 1 ulp on an argument ≥ 10 so that the absolute log error
 * u + 2u·log ≤ 3u·log, a square root and two products), so 10B has absolute error ≤ 60uB and e^{10B}
 * relative error ≤ 60uB + 2u (exp within 1 ulp); R·n·d and one more product or division add ≤ 4u.
 * Hence the computed bound is within relative γ_{⌈60B⌉+8} of the exact one.
 */
function boundGammaCount(B: number): number {
  return Math.ceil(60 * B) + 8;
}

/**
 * Upper bound on the exact 2-norm of a stored vector: fl(√(Σ v_k²))·(1 + γ_{len+4}). The sum of len squares has
 * relative error ≤ γ_len (positive terms), the square root and the final product one rounding each, and a
 * preceding subtraction (in {@link realisedRadiusUp}) one more: len + 3 roundings ≤ γ_{len+4}.
 */
function normUp(values: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < values.length; k++) s += values[k] * values[k];
  return Math.sqrt(s) * (1 + gamma(values.length + 4));
}

/** Row i of X as a new array. */
function rowOf(X: Dense, i: number): Float64Array {
  return X.data.slice(i * X.cols, (i + 1) * X.cols);
}

/**
 * An upper bound on max_r ‖w̃_r − w_r‖₂ (exact, over the stored doubles) for weights W, W̃ (d×m): each
 * difference fl(w̃ − w) is within one rounding of the exact difference, then {@link normUp}.
 */
export function realisedRadiusUp(W: Dense, Wt: Dense): number {
  const d = W.rows;
  const m = W.cols;
  const col = new Float64Array(d);
  let radius = 0;
  for (let r = 0; r < m; r++) {
    for (let k = 0; k < d; k++) col[k] = Wt.data[k * m + r] - W.data[k * m + r];
    radius = Math.max(radius, normUp(col));
  }
  return radius;
}

/**
 * W̃ = W + s·D with every column of D of norm ≤ 1 and s ≤ R chosen so that the *realised* radius
 * max_r ‖w̃_r − w_r‖ (an upper bound by {@link realisedRadiusUp}) is ≤ R: the rounding of W + s·D can move w̃
 * by up to u·|w̃| per entry, so s is reduced until the realised radius is within R. When R is below the
 * resolution of W (u·|w| ≫ R) the sum may round back to W exactly: the returned radius is then 0 (a valid,
 * if vacuous, perturbation).
 *
 * @param W - weights (d×m).
 * @param direction - d×m with column norms ≤ 1 (up to rounding).
 * @param R - the radius, R ≥ 0.
 * @returns the perturbed weights and the bound on their realised radius (≤ R).
 */
export function perturbWithin(W: Dense, direction: Dense, R: number): { readonly W: Dense; readonly radius: number } {
  let s = R;
  for (let attempt = 0; attempt < 12; attempt++) {
    const out = new Float64Array(W.data.length);
    for (let k = 0; k < out.length; k++) out[k] = W.data[k] + s * direction.data[k];
    const Wt: Dense = { rows: W.rows, cols: W.cols, data: out };
    const radius = realisedRadiusUp(W, Wt);
    if (radius <= R) return { W: Wt, radius };
    s *= attempt < 3 ? (R / radius) * (1 - 64 * u) : 0.5;
  }
  return { W: clone(W), radius: 0 };
}

/** Quantile (type 7, linear interpolation) of values; +Infinity marks censored values; null if not finite. */
function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const v = lo === hi ? sorted[lo] : sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  return Number.isFinite(v) ? v : null;
}

/** Median (see {@link quantile}). */
function medianOf(values: readonly number[]): number | null {
  return quantile(values, 0.5);
}

/** Finite number or null (measurements are JSON). */
function finiteOrNull(x: number | null | undefined): number | null {
  return x !== null && x !== undefined && Number.isFinite(x) ? x : null;
}

function radiusLabel(R: number): string {
  return R < 1e-2 ? "R<0.01" : R < 0.3 ? "R∈[0.01,0.3)" : "R≥0.3";
}

function widthLabel(m: number): string {
  return m <= 8 ? "m≤8" : m <= 64 ? "m∈(8,64]" : "m>64";
}

function sigmaLabel(sigma: number): string {
  return sigma < 0.75 ? "σ<0.75" : sigma < 1.5 ? "σ∈[0.75,1.5)" : "σ≥1.5";
}

/**
 * Log-uniform arbitrary on [lo, hi] on a grid of 2²⁰ points (shrinks toward lo). Built on an integer because
 * `fc.double` draws floating-point values far from uniformly (it favours values near 0 of the log scale).
 */
function logUniform(lo: number, hi: number): fc.Arbitrary<number> {
  const steps = 1 << 20;
  return fc.integer({ min: 0, max: steps }).map((k) => (k === steps ? hi : Math.min(hi, lo * (hi / lo) ** (k / steps))));
}

// ---------------------------------------------------------------------------------------------------------
// Perturbation directions (d×m, column r = direction for w_r, column norms ≤ 1).
// ---------------------------------------------------------------------------------------------------------

/**
 * Kinds of perturbation direction:
 * - `random`: independent uniform directions per neuron (‖Δ_r‖ = R);
 * - `aligned`: Δ_r = ±R·x̂ for one data row x, + for the first half of the neurons, − for the second half;
 * - `alignedSorted`: as `aligned`, but + for the half of the neurons with the smallest ⟨w_r, x̂⟩ (drives the
 *   softmax ratio S̃_r/S_r at x towards e^{2R}: the mass sits on the − neurons);
 * - `radial`: Δ_r = R·w_r/‖w_r‖ (as if σ grew: the softmax sharpens);
 * - `shrink`: Δ_r = −R·w_r/‖w_r‖ (as if σ shrank; overshoots through 0 when R > ‖w_r‖);
 * - `flatten` (radius-aware): Δ_r = −w_r·min(1, R/‖w_r‖), i.e. w̃_r = w_r·max(0, 1 − R/‖w_r‖): at R ≥ max‖w_r‖
 *   W̃ = 0, the softmax is uniform, H = C ⊗ XXᵀ with C = (1/m)Σ_r(a_r − ā)(a_r − ā)ᵀ, and λ_min(H) =
 *   λ_min(XXᵀ)·λ_min(C), which is 0 for n > d;
 * - `collapse` (eigenvector-informed, radius-aware): the two inputs i, j carrying most of the weight of the
 *   bottom eigenvector of H(W) are made to look alike: with e = (x_i − x_j)/‖x_i − x_j‖ and t_r = ⟨w_r, e⟩,
 *   Δ_r = −clip(t_r, −R, R)·e, which removes the component along e (so S_i = S_j) once R ≥ max_r |t_r|.
 *   Without a radius, Δ_r = −R·sign(t_r)·e.
 */
export type DirectionKind = "random" | "aligned" | "alignedSorted" | "radial" | "shrink" | "flatten" | "collapse";

function normalizeColumnsInPlace(D: Dense): Dense {
  const { rows: d, cols: m } = D;
  for (let r = 0; r < m; r++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += D.data[k * m + r] ** 2;
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s);
    for (let k = 0; k < d; k++) D.data[k * m + r] *= inv;
  }
  return D;
}

function randomDirection(d: number, m: number, rng: Rng): Dense {
  const D: Dense = { rows: d, cols: m, data: rng.fillGaussian(new Float64Array(d * m)) };
  return normalizeColumnsInPlace(D);
}

function unitRow(X: Dense, i: number): Float64Array | null {
  const x = rowOf(X, i);
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k] * x[k];
  if (s === 0) return null;
  const inv = 1 / Math.sqrt(s);
  for (let k = 0; k < x.length; k++) x[k] *= inv;
  return x;
}

/** A d×m direction from a buffer, columns of norm > 1 scaled back to norm 1 (projection onto the unit balls). */
function clipColumns(data: Float64Array, d: number, m: number): Dense {
  for (let r = 0; r < m; r++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += data[k * m + r] ** 2;
    if (s > 1) {
      const inv = 1 / Math.sqrt(s);
      for (let k = 0; k < d; k++) data[k * m + r] *= inv;
    }
  }
  return { rows: d, cols: m, data };
}

/** Columns c_r·v with coefficients c_r ∈ [−1, 1]. */
function signedColumns(v: Float64Array, signs: readonly number[]): Dense {
  const d = v.length;
  const m = signs.length;
  const D = new Float64Array(d * m);
  for (let k = 0; k < d; k++) for (let r = 0; r < m; r++) D[k * m + r] = signs[r] * v[k];
  return { rows: d, cols: m, data: D };
}

/** Options of {@link perturbationDirection}. */
export interface DirectionOptions {
  /** Data row for `aligned` / `alignedSorted` (taken modulo n). */
  readonly row?: number;
  /** Unit eigenvector of λ_min(H(W)) (length nd, output-major) for `collapse`. */
  readonly eigenvector?: Float64Array;
  /** Stream for `random` (and fallbacks when a structured direction is undefined, e.g. a zero row). */
  readonly rng: Rng;
  /** The radius R the direction will be scaled by (used by the radius-aware kinds `flatten` and `collapse`). */
  readonly radius?: number;
}

/**
 * A perturbation direction D (d×m, column norms ≤ 1 up to rounding; see {@link DirectionKind}).
 *
 * @param kind - which direction.
 * @param X - inputs (n×d).
 * @param W - weights (d×m) being perturbed.
 * @param opts - row, eigenvector and random stream.
 */
export function perturbationDirection(kind: DirectionKind, X: Dense, W: Dense, opts: DirectionOptions): Dense {
  const n = X.rows;
  const d = W.rows;
  const m = W.cols;
  const fallback = (): Dense => randomDirection(d, m, opts.rng);
  if (kind === "random") return fallback();
  if (kind === "aligned" || kind === "alignedSorted") {
    const xhat = unitRow(X, (((opts.row ?? 0) % n) + n) % n);
    if (!xhat) return fallback();
    const half = Math.floor(m / 2);
    let signs: number[];
    if (kind === "aligned") signs = Array.from({ length: m }, (_, r) => (r < half ? 1 : -1));
    else {
      const scores = Array.from({ length: m }, (_, r) => {
        let s = 0;
        for (let k = 0; k < d; k++) s += W.data[k * m + r] * xhat[k];
        return s;
      });
      const order = Array.from({ length: m }, (_, r) => r).sort((a, b) => scores[a] - scores[b] || a - b);
      signs = new Array<number>(m).fill(-1);
      for (let t = 0; t < half; t++) signs[order[t]] = 1;
    }
    return signedColumns(xhat, signs);
  }
  if (kind === "flatten" && opts.radius !== undefined && opts.radius > 0) {
    const R = opts.radius;
    const D: Dense = { rows: d, cols: m, data: new Float64Array(d * m) };
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += W.data[k * m + r] ** 2;
      const scale = -1 / Math.max(R, Math.sqrt(s));
      for (let k = 0; k < d; k++) D.data[k * m + r] = scale * W.data[k * m + r];
    }
    return D;
  }
  if (kind === "radial" || kind === "shrink" || kind === "flatten") {
    const D: Dense = { rows: d, cols: m, data: kind === "radial" ? W.data.slice() : W.data.map((x) => -x) };
    return normalizeColumnsInPlace(D);
  }
  // collapse
  const v = opts.eigenvector;
  if (!v || n < 2) return fallback();
  const weight = new Float64Array(n);
  for (let a = 0; a < v.length; a++) weight[a % n] += v[a] * v[a];
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => weight[b] - weight[a] || a - b);
  const i = order[0];
  const j = order[1];
  const e = new Float64Array(d);
  let s = 0;
  for (let k = 0; k < d; k++) {
    e[k] = X.data[i * d + k] - X.data[j * d + k];
    s += e[k] * e[k];
  }
  if (s === 0) return fallback();
  const inv = 1 / Math.sqrt(s);
  for (let k = 0; k < d; k++) e[k] *= inv;
  const R = opts.radius;
  const coefficients = Array.from({ length: m }, (_, r) => {
    let t = 0;
    for (let k = 0; k < d; k++) t += W.data[k * m + r] * e[k];
    if (R !== undefined && R > 0) return -Math.max(-1, Math.min(1, t / R));
    return t > 0 ? -1 : 1;
  });
  return signedColumns(e, coefficients);
}

// ---------------------------------------------------------------------------------------------------------
// Derived rounding bounds.
// ---------------------------------------------------------------------------------------------------------

/**
 * Bound Λ on |log Ŝ_r − log S_r(û)| for `softmaxRows` applied to one row û of m pre-activations with spread
 * T = max û − min û (S(û) = exact softmax of the stored row, Ŝ = computed).
 *
 * Derivation (per operation of `softmaxRows`): t_r = fl(û_r − M) = (û_r − M)(1 + θ), so the exponent is off
 * by ≤ u·T (T ≤ T̂(1 + 2u) for the computed spread T̂); e_r = fl(exp(t_r)) adds a relative error ≤ 2u (one ulp),
 * i.e. ≤ 2u/(1 − 2u) in the log; the sum of m positive terms has relative error ≤ γ_{m−1} (the first addition
 * to 0 is exact), i.e. ≤ γ_{m−1}/(1 − γ_{m−1}) in the log, and also inherits the terms' own errors (≤ uT + 2u/(1−2u));
 * 1/sum and the final product add one rounding each (≤ u/(1 − u) each in the log). Total:
 *
 *     Λ ≤ 2uT + 4u/(1−2u) + 2u/(1−u) + γ_{m−1}/(1−γ_{m−1}) ≤ 2uT(1 + 2u) + γ_{m+5}/(1 − γ_{m+5})
 *
 * using 6u + γ_{m−1} ≤ γ_{m+5}. Valid while no exponential underflows (T ≤ 700 < 708 ≈ −log of the smallest
 * normal double); for larger spreads no relative bound exists and Infinity is returned.
 *
 * @param T - computed spread max û − min û of the row (≥ 0).
 * @param m - number of neurons.
 */
export function softmaxLogError(T: number, m: number): number {
  if (!(T <= 700)) return Infinity;
  const g = gamma(m + 5);
  return 2 * u * T * (1 + 2 * u) + g / (1 - g);
}

/** max − min of row i of an n×m matrix. */
function rowSpread(U: Dense, i: number): number {
  const m = U.cols;
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < m; r++) {
    const v = U.data[i * m + r];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo;
}

/**
 * Bound on |û_{i,r} − ⟨w_r, x_i⟩| over r for the pre-activations U = fl(X·W) (d products and d − 1 additions
 * starting from 0): γ_d·max_r Σ_k |x_{ik}||w_{kr}| (Higham, Lemma 3.1 for dot products), times (1 + γ_{d+2})
 * for evaluating the bound itself.
 */
function preactivationError(X: Dense, i: number, W: Dense): number {
  const d = X.cols;
  const m = W.cols;
  let worst = 0;
  for (let r = 0; r < m; r++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += Math.abs(X.data[i * d + k]) * Math.abs(W.data[k * m + r]);
    worst = Math.max(worst, s);
  }
  return gamma(d) * worst * (1 + gamma(d + 2));
}

/**
 * Upper bound on ‖Ĥ − H‖_F for the computed softmax NTK Ĥ = `empiricalNtk(X, weights, "softmax")` and the exact
 * H at the stored X, W, A (requires a_{ℓ,r} = ±1, which makes every product a·S exact).
 *
 * Derivation, for rows i, j and a = (ℓ, i), b = (ℓ', j), with nx_i ≥ ‖x_i‖ ({@link normUp}):
 * 1. Pre-activations: |û − u| ≤ α_i ({@link preactivationError}), which changes the exact softmax by a factor
 *    e^{±2α_i}; the evaluation adds Λ_i ({@link softmaxLogError}). So Ŝ_{ir} = S_{ir}·e^{ε}, |ε| ≤ β_i := 2α_i + Λ_i,
 *    and |Ŝ − S| ≤ β'_i·S with β' = e^{β} − 1.
 * 2. Centre c = ⟨a_ℓ, S_i⟩ (Σ S = 1): |ĉ − c| ≤ β' + γ_{m−1}(1 + β') =: χ_i.
 * 3. D = S(a − c) (one subtraction, one product; |a − c| ≤ 2): |D̂ − D| ≤ S·ζ_i,
 *    ζ = 2β' + (1 + β')χ + γ_2(1 + β')(2 + χ).
 * 4. G = √m·D (√m and the product: γ_2): |Ĝ − G| ≤ √m·S·μ_i, μ = ζ + γ_2(1 + γ_2)(1 + β')(2 + χ); |G| ≤ 2√m·S,
 *    |Ĝ| ≤ (2 + μ)√m·S.
 * 5. Gram entry Σ_r Ĝ_{ar}Ĝ_{br} (m products, γ_m): error ≤ [μ_i(2 + μ_j) + 2μ_j + γ_m(2 + μ_i)(2 + μ_j)]·Q_ij with
 *    Q_ij = m·Σ_r S_ir S_jr ≤ √(Q_ii Q_jj), and Q_ii ≤ Q̂_ii(1 + γ_{m+2})e^{2β_i} from the computed Q̂.
 * 6. P_ij = ⟨x_i, x_j⟩ (γ_d·nx_i·nx_j) and the Hadamard product (u):
 *    E_ij = Q_ij·nx_i·nx_j·{ [step 5 factor](1 + γ_d) + 4γ_d + (2 + μ_i)(2 + μ_j)(1 + γ_m)(1 + γ_d)·u }.
 * The entries of the nd×nd error depend on (i, j) only, so ‖Ĥ − H‖_F ≤ d·√(Σ_ij E_ij²); the factor 1.01
 * covers the evaluation of this bound itself (a few hundred roundings at most, relative < 10⁻¹³).
 *
 * @returns the bound, or Infinity when a row's spread exceeds the range of {@link softmaxLogError}.
 * @throws RangeError if some a_{ℓ,r} is not ±1.
 */
export function softmaxNtkRoundingBound(X: Dense, weights: Weights): number {
  const { W, A } = weights;
  for (let k = 0; k < A.data.length; k++) {
    if (Math.abs(A.data[k]) !== 1) throw new RangeError(`softmaxNtkRoundingBound: a entries must be ±1, found ${A.data[k]}`);
  }
  const n = X.rows;
  const d = X.cols;
  const m = W.cols;
  const U = matmul(X, W);
  const S = softmaxRows(U);
  const g2 = gamma(2);
  const gm = gamma(m);
  const gd = gamma(d);
  const mu = new Float64Array(n);
  const qUp = new Float64Array(n);
  const nx = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const Lambda = softmaxLogError(rowSpread(U, i), m);
    if (!Number.isFinite(Lambda)) return Infinity;
    const beta = 2 * preactivationError(X, i, W) + Lambda;
    const bp = Math.expm1(beta);
    const chi = bp + gamma(Math.max(1, m - 1)) * (1 + bp);
    const zeta = 2 * bp + (1 + bp) * chi + g2 * (1 + bp) * (2 + chi);
    mu[i] = zeta + g2 * (1 + g2) * (1 + bp) * (2 + chi);
    let q = 0;
    for (let r = 0; r < m; r++) q += S.data[i * m + r] ** 2;
    qUp[i] = m * q * (1 + gamma(m + 2)) * Math.exp(2 * beta);
    nx[i] = normUp(rowOf(X, i));
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const Q = Math.sqrt(qUp[i] * qUp[j]);
      const gramFactor = mu[i] * (2 + mu[j]) + 2 * mu[j] + gm * (2 + mu[i]) * (2 + mu[j]);
      const factor = gramFactor * (1 + gd) + 4 * gd + (2 + mu[i]) * (2 + mu[j]) * (1 + gm) * (1 + gd) * u;
      const E = Q * nx[i] * nx[j] * factor;
      sum += E * E;
    }
  }
  return 1.01 * d * Math.sqrt(sum);
}

/**
 * Upper bound on ‖K̂ − K‖_F for the computed softmax limit kernel K̂ = `limitKernel(X, "softmax", σ)`,
 * K_ij = p·e^{σ²p}, p = ⟨x_i, x_j⟩.
 *
 * Derivation: p̂ = fl(p) with |p̂ − p| ≤ δp := γ_d·nx_i·nx_j. Evaluating p̂·exp(fl(σ²)·p̂): σ² and σ²p̂ are two
 * products (exponent off by ≤ 2.01u·σ²|p̂|), exp one ulp (2u), the last product u, so
 * |K̂_ij − p̂e^{σ²p̂}| ≤ |K̂_ij|(2.01σ²|p̂| + 3)u·1.01. And by the mean value theorem
 * |p̂e^{σ²p̂} − pe^{σ²p}| ≤ δp·(1 + σ²(|p̂| + δp))·e^{σ²(p̂ + δp)}. The factor 1.01 on the total covers the
 * evaluation of the bound.
 */
export function softmaxLimitKernelRoundingBound(X: Dense, sigma: number, K: Dense): number {
  const n = X.rows;
  const d = X.cols;
  const s2 = sigma * sigma;
  const nx = Array.from({ length: n }, (_, i) => normUp(rowOf(X, i)));
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let p = 0;
      for (let k = 0; k < d; k++) p += X.data[i * d + k] * X.data[j * d + k];
      const dp = gamma(d) * nx[i] * nx[j];
      const evalErr = Math.abs(K.data[i * n + j]) * (2.01 * s2 * Math.abs(p) + 3) * u * 1.01;
      const dataErr = dp * (1 + s2 * (Math.abs(p) + dp)) * Math.exp(s2 * (p + dp));
      const E = 1.01 * (evalErr + dataErr);
      sum += E * E;
    }
  }
  return Math.sqrt(sum);
}

/**
 * Bounds for a computed Frobenius distance: |fl(‖fl(A − B)‖_F) − ‖A − B‖_F| ≤ γ_{N²+6}·‖A − B‖_F for N×N A, B
 * (one subtraction per entry, the scaled sum of N² squares, square root and unscaling in `frobenius`).
 */
function frobeniusGammaCount(N: number): number {
  return N * N + 6;
}

// ---------------------------------------------------------------------------------------------------------
// P1: softmax ratio stability (derived).
// ---------------------------------------------------------------------------------------------------------

/** Perturbation kinds generated for P1. */
export type P1Perturbation = "random" | "aligned" | "alignedSorted";

/** A P1 case: data, σ, width, radius and how to perturb. */
export interface P1Case {
  readonly data: DataSpec;
  readonly sigma: number;
  readonly m: number;
  readonly R: number;
  readonly perturbation: P1Perturbation;
  /** Data row the aligned perturbations use (modulo n). */
  readonly row: number;
  /** Seed of W(0) (stream `W`) and of random directions (stream `direction`). */
  readonly seed: number;
}

/** A row-wise softmax implementation (n×m → n×m), the seam P1 is tested through. */
export type SoftmaxFunction = (U: Dense) => Dense;

const P1_KINDS: readonly DataKind[] = ["sphere", "ball", "iris"];

/** P1's generator: sphere/ball/iris data, σ ∈ [0.25, 2], m ∈ [2, 256], R ∈ [10⁻³, 3] (log-uniform). */
export function p1Case(profile: Profile): fc.Arbitrary<P1Case> {
  return fc.record({
    data: dataSpec({ maxN: profile.maxN, maxD: profile.maxD, kinds: P1_KINDS }),
    sigma: fc.double({ min: 0.25, max: 2, noNaN: true }),
    m: fc.integer({ min: 2, max: 256 }),
    R: logUniform(1e-3, 3),
    perturbation: fc.constantFrom<P1Perturbation>("random", "aligned", "alignedSorted"),
    row: fc.integer({ min: 0, max: 7 }),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
  });
}

/** Hard P1 cases tried first: adversarial ±R·x̂ perturbations with peaked and flat softmaxes. */
export function p1Examples(): P1Case[] {
  return [
    { data: { kind: "sphere", n: 4, d: 3, seed: 7 }, sigma: 2, m: 256, R: 3, perturbation: "alignedSorted", row: 0, seed: 1 },
    { data: { kind: "sphere", n: 3, d: 2, seed: 11 }, sigma: 2, m: 256, R: 1e-3, perturbation: "alignedSorted", row: 1, seed: 2 },
    { data: { kind: "iris", n: 4, d: 3, seed: 3 }, sigma: 2, m: 2, R: 3, perturbation: "aligned", row: 1, seed: 3 },
    { data: { kind: "ball", n: 2, d: 1, seed: 5 }, sigma: 0.25, m: 64, R: 0.5, perturbation: "alignedSorted", row: 0, seed: 4 },
  ];
}

/** Measurements of one P1 case (also the log entry of the run summary). */
export interface P1Measured {
  /** (e^{2R} − 1)/‖S̃ − S‖₁, worst row (null when ‖S̃ − S‖₁ = 0). */
  readonly l1Slack: number | null;
  /** e^{2R}/max_r max(S̃_r/S_r, S_r/S̃_r), worst row. */
  readonly ratioSlack: number;
  /** max |log(S̃_r/S_r)| ÷ 2R over rows and neurons (≤ 1 up to rounding). */
  readonly logRatioFraction: number;
  readonly R: number;
  readonly m: number;
  readonly perturbation: P1Perturbation;
}

/** Builds P1's weights and perturbed weights (deterministic in the case). */
function p1Weights(c: P1Case): { X: Dense; W: Dense; Wt: Dense; radius: number } {
  const X = buildData(c.data);
  const rng = new Rng(c.seed);
  const W = initialWeights({ d: X.cols, m: c.m, sigma: c.sigma, init: "iid" }, rng.fork("W")).W;
  const dir = perturbationDirection(c.perturbation, X, W, { row: c.row, rng: rng.fork("direction") });
  const { W: Wt, radius } = perturbWithin(W, dir, c.R);
  return { X, W, Wt, radius };
}

/**
 * Checks P1 on one case with a given softmax implementation (the claim uses `softmaxRows`; tests pass broken
 * ones to show the check catches them).
 *
 * Statement (derived): for every row x (‖x‖ ≤ 1) and neuron r, S̃_r/S_r ∈ [e^{−2R}, e^{2R}] and
 * ‖S̃ − S‖₁ ≤ e^{2R} − 1. Proof: |ũ_r − u_r| = |⟨w̃_r − w_r, x⟩| ≤ R‖x‖ =: ρ, and
 * S̃_r/S_r = e^{ũ_r − u_r}·Σ_s S_s/Σ_s S_s e^{ũ_s − u_s} with the second factor in [e^{−ρ}, e^{ρ}];
 * ‖S̃ − S‖₁ = Σ_r S_r|S̃_r/S_r − 1| ≤ max(e^{2ρ} − 1, 1 − e^{−2ρ}) = e^{2ρ} − 1.
 *
 * Floating-point check, per row i. The exact statement is applied to the stored doubles with
 * ρ_i = R'·nx_i + α̃_i + α_i, where R' ≥ max_r ‖w̃_r − w_r‖ ({@link realisedRadiusUp}; R' ≤ R by construction,
 * {@link perturbWithin}), nx_i ≥ ‖x_i‖ ({@link normUp}) and α, α̃ bound the rounding of the computed
 * pre-activations ({@link preactivationError}): the exact softmaxes of the computed pre-activations then satisfy
 * the statement with ρ_i. The computed softmaxes differ from those by factors e^{±Λ}, e^{±Λ̃}
 * ({@link softmaxLogError}). Hence, with L := 2ρ_i + Λ_i + Λ̃_i:
 * - computed ratio fl(S̃/S) ∈ [e^{−L}(1 − γ_6), e^{L}(1 + γ_6)] (the division, the threshold's exp (one ulp) and
 *   its product: ≤ 4u, within γ_6);
 * - computed ‖S̃ − S‖₁ ≤ [(e^{2ρ} − 1) + (e^{Λ} − 1) + (e^{Λ̃} − 1)]·(1 + γ_{m+8}) (m subtractions and m − 1
 *   additions of non-negative terms: γ_m; three expm1 and two additions of the threshold: γ_8).
 * A genuine softmax can fail neither; an implementation error of relative size ≫ γ_m does.
 *
 * @param c - the case.
 * @param softmax - the softmax implementation under test (default `softmaxRows`).
 */
export function p1Check(c: P1Case, softmax: SoftmaxFunction = softmaxRows): CaseOutcome & { readonly p1?: P1Measured } {
  const { X, W, Wt, radius } = p1Weights(c);
  const n = X.rows;
  const m = c.m;
  const U = matmul(X, W);
  const Ut = matmul(X, Wt);
  const S = softmax(U);
  const St = softmax(Ut);
  if (S.rows !== n || S.cols !== m || St.rows !== n || St.cols !== m) {
    return { status: "violated", slack: null, detail: `softmax returned ${S.rows}×${S.cols}, expected ${n}×${m}` };
  }
  const g6 = gamma(6);
  const twoR = 2 * c.R;
  let worstRatio = 1;
  let worstLog = 0;
  let worstL1 = 0;
  for (let i = 0; i < n; i++) {
    const T = rowSpread(U, i);
    const Tt = rowSpread(Ut, i);
    const Lambda = softmaxLogError(T, m);
    const LambdaT = softmaxLogError(Tt, m);
    if (!Number.isFinite(Lambda) || !Number.isFinite(LambdaT)) return { status: "unmet", reason: "pre-activation spread beyond exp's normal range" };
    const rho = radius * normUp(rowOf(X, i)) + preactivationError(X, i, W) + preactivationError(X, i, Wt);
    const L = 2 * rho + Lambda + LambdaT;
    const hi = Math.exp(L) * (1 + g6);
    const lo = Math.exp(-L) * (1 - g6);
    let l1 = 0;
    for (let r = 0; r < m; r++) {
      const s = S.data[i * m + r];
      const st = St.data[i * m + r];
      const ratio = st / s;
      if (!(s > 0) || !(st > 0) || !Number.isFinite(ratio)) {
        return { status: "violated", slack: null, detail: `row ${i}, neuron ${r}: probabilities S = ${s}, S̃ = ${st} are not finite and positive` };
      }
      if (ratio > hi || ratio < lo) {
        return {
          status: "violated",
          slack: Math.exp(twoR) / Math.max(ratio, 1 / ratio),
          detail:
            `row ${i}, neuron ${r}: S̃/S = ${ratio} outside [e^{−2ρ−τ}, e^{2ρ+τ}] = [${lo}, ${hi}] ` +
            `(R = ${fmt(c.R)}, realised ρ = ${rho}, rounding margin τ = ${fmt(Lambda + LambdaT)}; m = ${m}, ${c.perturbation})`,
        };
      }
      worstRatio = Math.max(worstRatio, ratio, 1 / ratio);
      worstLog = Math.max(worstLog, Math.abs(Math.log(ratio)));
      l1 += Math.abs(st - s);
    }
    const l1Bound = (Math.expm1(2 * rho) + Math.expm1(Lambda) + Math.expm1(LambdaT)) * (1 + gamma(m + 8));
    if (l1 > l1Bound) {
      return {
        status: "violated",
        slack: Math.expm1(twoR) / l1,
        detail: `row ${i}: ‖S̃ − S‖₁ = ${l1} > e^{2ρ} − 1 + rounding margin = ${l1Bound} (R = ${fmt(c.R)}, ρ = ${rho}, m = ${m}, ${c.perturbation})`,
      };
    }
    worstL1 = Math.max(worstL1, l1);
  }
  const ratioSlack = Math.exp(twoR) / worstRatio;
  const l1Slack = worstL1 > 0 ? Math.expm1(twoR) / worstL1 : null;
  const p1: P1Measured = { l1Slack, ratioSlack, logRatioFraction: worstLog / twoR, R: c.R, m, perturbation: c.perturbation };
  const measured: Record<string, number> = { ratioSlack, logRatioFraction: p1.logRatioFraction, R: c.R, m };
  if (l1Slack !== null) measured.l1Slack = l1Slack;
  return { status: "holds", slack: l1Slack === null ? ratioSlack : Math.min(ratioSlack, l1Slack), measured, p1 };
}

function p1Summary(logs: readonly P1Measured[]): RunSummary {
  const kinds: P1Perturbation[] = ["random", "aligned", "alignedSorted"];
  const rows = kinds.map((k) => {
    const g = logs.filter((l) => l.perturbation === k);
    const ratio = g.map((l) => l.ratioSlack);
    const l1 = g.flatMap((l) => (l.l1Slack === null ? [] : [l.l1Slack]));
    const frac = g.map((l) => l.logRatioFraction);
    return [k, g.length, finiteOrNull(Math.min(...ratio)), medianOf(ratio), finiteOrNull(Math.min(...l1)), medianOf(l1), finiteOrNull(Math.max(...frac))];
  });
  const l1All = logs.flatMap((l) => (l.l1Slack === null ? [] : [l.l1Slack]));
  return {
    measurements: {
      worstRatioSlack: finiteOrNull(Math.min(...logs.map((l) => l.ratioSlack))),
      worstL1Slack: finiteOrNull(Math.min(...l1All)),
      maxLogRatioFraction: finiteOrNull(Math.max(...logs.map((l) => l.logRatioFraction))),
    },
    tables: [
      {
        title: "P1 slack by perturbation kind: ratio slack e^{2R}/max ratio, L1 slack (e^{2R}−1)/‖S̃−S‖₁, and max |log ratio|/(2R)",
        columns: ["perturbation", "cases", "worst ratio slack", "median ratio slack", "worst L1 slack", "median L1 slack", "max |log ratio|/2R"],
        rows,
      },
    ],
    series: [p1Series(logs)],
  };
}

/** P1's figure: max |log(S̃_r/S_r)| ÷ 2R per case against R, by perturbation kind, with the bound 1. */
function p1Series(logs: readonly P1Measured[]): Series {
  const points: SeriesPoint[] = logs.map((l) => ({ x: l.R, y: l.logRatioFraction, group: l.perturbation }));
  const range = xRange(plottable(points, true, false));
  return {
    id: "log-ratio",
    title: "P1: largest softmax log-ratio |log(S̃_r/S_r)| relative to 2R, by radius",
    caption: "Each point is one generated case (worst row and neuron). The statement S̃_r/S_r ∈ [e^{−2R}, e^{2R}] is the same as every point lying on or below the dashed line at 1; the adversarially aligned perturbations should touch it.",
    xLabel: "perturbation radius R = max_r ‖w̃_r − w_r‖ (log scale)",
    yLabel: "max |log(S̃_r/S_r)| / (2R)",
    xScale: "log",
    yScale: "linear",
    groupLabel: "perturbation",
    points,
    reference: range ? [horizontalLine("bound: |log ratio| ≤ 2R", 1, range[0], range[1])] : [],
  };
}

/**
 * P1 as a registered claim, for a given softmax implementation (the registry uses `softmaxRows`; the tests
 * register a broken one to show that the claim catches it).
 *
 * @param softmax - the softmax under test.
 */
export function p1Claim(softmax: SoftmaxFunction = softmaxRows): RegisteredClaim {
  return defineLoggedEachClaim<P1Case, P1Measured>({
    id: "P1",
    family: "perturbation",
    title: "Softmax ratio stability",
    statement: "If ‖w̃_r − w_r‖ ≤ R for all r and ‖x‖ ≤ 1, then S̃_r/S_r ∈ [e^{−2R}, e^{2R}] and ‖S̃ − S‖₁ ≤ e^{2R} − 1.",
    provenance: "derived",
    paperLocation: "SPEC §4 P1 (softmax perturbation, used in the proof of Lemma 5.1)",
    variants: () => SINGLE_VARIANT,
    generator: (_v, profile) => p1Case(profile),
    cases: (profile) => profile.cases * 10,
    examples: () => p1Examples(),
    classify: (c) => [...dataLabels(c.data), `perturbation=${c.perturbation}`, radiusLabel(c.R), widthLabel(c.m)],
    check: (c) => {
      const outcome = p1Check(c, softmax);
      return outcome.status === "holds" && outcome.p1 ? { outcome, log: outcome.p1 } : { outcome };
    },
    summarise: (logs) => p1Summary(logs),
  });
}

/** P1: softmax ratio stability (derived). */
export const P1 = p1Claim(softmaxRows);

// ---------------------------------------------------------------------------------------------------------
// Adversarial search for ‖H(W̃) − H(W)‖_F (P2, P4).
// ---------------------------------------------------------------------------------------------------------

/** Result of {@link searchPerturbation}. */
export interface SearchResult {
  /** Largest ‖H(W̃) − H(W)‖_F found. */
  readonly norm: number;
  /** The perturbed weights achieving it. */
  readonly W: Dense;
  /** Bound on its realised radius (≤ R). */
  readonly radius: number;
  /** Which structured start the best point descends from. */
  readonly start: DirectionKind;
  /** The best start's ‖ΔH‖_F before the hill climb. */
  readonly startNorm: number;
}

const SEARCH_STARTS: readonly DirectionKind[] = ["random", "alignedSorted", "radial", "shrink", "flatten", "collapse"];

/**
 * Maximises ‖H(W + Δ) − H(W)‖_F over ‖Δ_r‖ ≤ R: six structured starts (random, adversarially aligned with a
 * data row, radial, shrink, flatten, eigenvector-informed collapse; {@link DirectionKind}) at radius R, then `steps` steps of projected random-direction
 * hill climbing from the best (proposal D + η_t·Z with Z a random unit direction per neuron, η_t decaying from
 * 0.55 to 0.05, columns clipped to norm ≤ 1; a proposal is kept if it increases ‖ΔH‖_F). Cost: 6 + steps NTK
 * evaluations, O((nd)²m) each.
 *
 * @param X - inputs (n×d).
 * @param weights - the base weights W (and A).
 * @param activation - network activation.
 * @param R - radius.
 * @param rng - the search's stream (forked per use; same stream ⇒ same proposals, so activations are paired).
 * @param steps - hill-climbing steps.
 * @param kernel - the empirical NTK searched (the implementation under test; default {@link empiricalNtk}).
 */
export function searchPerturbation(X: Dense, weights: Weights, activation: Activation, R: number, rng: Rng, steps: number, kernel: KernelFn = empiricalNtk): SearchResult {
  const { W, A } = weights;
  const H0 = kernel(X, weights, activation);
  const eigenvector = extremeEigenpairs(H0).vectorMin;
  const row = rng.fork("row").integer(X.rows);
  const evaluate = (D: Dense): { norm: number; W: Dense; radius: number } => {
    const p = perturbWithin(W, D, R);
    return { norm: frobenius(subtract(kernel(X, { W: p.W, A }, activation), H0)), W: p.W, radius: p.radius };
  };
  let best: { norm: number; W: Dense; radius: number; D: Dense; start: DirectionKind } | undefined;
  for (const kind of SEARCH_STARTS) {
    const D = perturbationDirection(kind, X, W, { row, eigenvector, radius: R, rng: rng.fork(`start/${kind}`) });
    const e = evaluate(D);
    if (!best || e.norm > best.norm) best = { ...e, D, start: kind };
  }
  if (!best) throw new Error("searchPerturbation: no start evaluated");
  const startNorm = best.norm;
  const climb = rng.fork("ascent");
  const d = W.rows;
  const m = W.cols;
  for (let t = 0; t < steps; t++) {
    const eta = 0.5 * (1 - t / Math.max(1, steps)) + 0.05;
    const Z = randomDirection(d, m, climb);
    const D = clipColumns(best.D.data.map((x, k) => x + eta * Z.data[k]), d, m);
    const e = evaluate(D);
    if (e.norm > best.norm) best = { ...e, D, start: best.start };
  }
  return { norm: best.norm, W: best.W, radius: best.radius, start: best.start, startNorm };
}

// ---------------------------------------------------------------------------------------------------------
// P2: perturbation lemma (paper (reconstructed), Lemma 5.1).
// ---------------------------------------------------------------------------------------------------------

/** The init variants of P2 and P3 (H does not depend on the output scaling, SPEC §3). */
export const INIT_VARIANTS: readonly Variant[] = (["iid", "coupled"] as const).map((init: Init) => ({ label: `init=${init}`, init, activation: "softmax" as const }));

/** A P2 case: data, σ, width (a power of two, even for `coupled`), radius, seed. */
export interface P2Case {
  readonly data: DataSpec;
  readonly sigma: number;
  readonly m: number;
  readonly R: number;
  readonly seed: number;
}

/** P2's generator: every data kind, σ ∈ [0.25, 2], m ∈ {2, 4, …, 256}, R ∈ [10⁻³, 3] (log-uniform). */
export function p2Case(profile: Profile): fc.Arbitrary<P2Case> {
  return fc.record({
    data: dataSpec({ maxN: profile.maxN, maxD: profile.maxD }),
    sigma: fc.double({ min: 0.25, max: 2, noNaN: true }),
    m: fc.integer({ min: 1, max: 8 }).map((k) => 2 ** k),
    R: logUniform(1e-3, 3),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
  });
}

/** Log entry of one P2 case. */
interface P2Log {
  readonly n: number;
  readonly d: number;
  /** The largest ‖H(W̃) − H(W(0))‖_F found. */
  readonly deltaH: number;
  readonly slack: number;
  readonly slackBhat: number;
  readonly B: number;
  readonly Bhat: number;
  readonly m: number;
  readonly R: number;
  readonly start: DirectionKind;
  readonly ascentGain: number;
}

function initOf(variant: Variant): Init {
  return variant.init ?? "iid";
}

/**
 * Checks P2 on one case: adversarial search ({@link searchPerturbation}) for the largest ‖H(W̃) − H(W(0))‖_F, then
 * compare with R·n·d·e^{10B}.
 *
 * Verdict with rounding: the exact ‖ΔH‖_F is at least fl(‖ΔĤ‖_F)(1 − γ_{N²+6}) − ‖E₀‖_F − ‖E₁‖_F (N = nd; the E's
 * from {@link softmaxNtkRoundingBound}) and the exact bound at most fl(bound)(1 + γ_k) ({@link boundGammaCount});
 * the case is violated only if the former exceeds the latter. H is evaluated by `kernel` (the implementation under
 * test; default {@link empiricalNtk}); the rounding allowance is the one derived for the reference's algorithm.
 */
export function p2Check(c: P2Case, variant: Variant, ascentSteps = P2_ASCENT_STEPS, kernel: KernelFn = empiricalNtk): LoggedOutcome<P2Log> {
  const X = buildData(c.data);
  const n = X.rows;
  const d = X.cols;
  const rng = new Rng(c.seed);
  const weights = initialWeights({ d, m: c.m, sigma: c.sigma, init: initOf(variant) }, rng.fork("W0"));
  const search = searchPerturbation(X, weights, "softmax", c.R, rng.fork("search"), ascentSteps, kernel);
  const B = paperB(n, d, c.sigma);
  const Bhat = realisedB(X, weights.W);
  const bound = perturbationBound(c.R, n, d, B);
  const measured = search.norm;
  const slack = bound / measured;
  const slackBhat = perturbationBound(c.R, n, d, Bhat) / measured;
  const N = n * d;
  const roundingDelta = softmaxNtkRoundingBound(X, weights) + softmaxNtkRoundingBound(X, { W: search.W, A: weights.A });
  const measuredLow = measured * (1 - gamma(frobeniusGammaCount(N))) - roundingDelta;
  const boundHigh = bound * (1 + gamma(boundGammaCount(B)));
  const numbers = { B, Bhat, bound, deltaH: measured, slackBhat, R: c.R, m: c.m, realisedRadius: search.radius };
  if (measuredLow > boundHigh) {
    return {
      outcome: {
        status: "violated",
        slack,
        detail: `‖H(W̃) − H(W(0))‖_F = ${measured} > R·n·d·e^{10B} = ${bound} (R = ${fmt(c.R)}, n = ${n}, d = ${d}, B = ${fmt(B)}, m = ${c.m}, start ${search.start})`,
        measured: numbers,
      },
    };
  }
  if (!(measured > 0)) return { outcome: { status: "holds", slack: null, measured: numbers } };
  return {
    outcome: { status: "holds", slack, measured: numbers },
    log: { n, d, deltaH: measured, slack, slackBhat, B, Bhat, m: c.m, R: c.R, start: search.start, ascentGain: search.startNorm > 0 ? measured / search.startNorm : 1 },
  };
}

function p2Summary(logs: readonly P2Log[], variant: string): RunSummary {
  const widths = [...new Set(logs.map((l) => l.m))].sort((a, b) => a - b);
  const rows = widths.map((m) => {
    const g = logs.filter((l) => l.m === m);
    return [
      m,
      g.length,
      finiteOrNull(Math.min(...g.map((l) => l.slack))),
      medianOf(g.map((l) => Math.log10(l.slack))),
      finiteOrNull(Math.min(...g.map((l) => l.slackBhat))),
      g.filter((l) => l.slackBhat < 1).length,
      medianOf(g.map((l) => l.Bhat)),
    ];
  });
  const startRows = SEARCH_STARTS.map((s) => [s, logs.filter((l) => l.start === s).length]);
  return {
    measurements: {
      worstSlack: finiteOrNull(Math.min(...logs.map((l) => l.slack))),
      medianLog10Slack: medianOf(logs.map((l) => Math.log10(l.slack))),
      worstSlackBhat: finiteOrNull(Math.min(...logs.map((l) => l.slackBhat))),
      casesBhatBoundFails: logs.filter((l) => l.slackBhat < 1).length,
      medianAscentGain: medianOf(logs.map((l) => l.ascentGain)),
      maxAscentGain: finiteOrNull(Math.max(...logs.map((l) => l.ascentGain))),
    },
    tables: [
      {
        title: "P2 slack of R·n·d·e^{10B} by width, and the slack if B were replaced by the realised B̂ = max|⟨w_r(0), x_i⟩|",
        columns: ["m", "cases", "worst slack", "median log10 slack", "worst slack with B̂", "cases with B̂-slack < 1", "median B̂"],
        rows,
      },
      { title: "P2 adversarial search: structured start that led to the largest ‖ΔH‖_F", columns: ["start", "cases"], rows: startRows },
    ],
    series: p2Series(logs, variant),
  };
}

/**
 * P2's figures: (1) the largest ‖ΔH‖_F found against R, by width, with a line ∝ R through the small radii;
 * (2) the same divided by n·d·e^{10B} (paper's B and realised B̂), against the bound, which becomes y = R.
 */
function p2Series(logs: readonly P2Log[], variant: string): Series[] {
  const raw: SeriesPoint[] = logs.map((l) => ({ x: l.R, y: l.deltaH, group: widthLabel(l.m) }));
  const small = raw.filter((p) => p.x < 0.1);
  const linear = powerLawThrough(small.length > 0 ? small : raw, 1, "∝ R (slope 1, through R < 0.1)");
  const scaled: SeriesPoint[] = logs.flatMap((l) => [
    { x: l.R, y: l.deltaH / (l.n * l.d * Math.exp(10 * l.B)), group: "B (paper)" },
    { x: l.R, y: l.deltaH / (l.n * l.d * Math.exp(10 * l.Bhat)), group: "B̂ (realised)" },
  ]);
  const range = xRange(plottable(scaled, true, true));
  return [
    {
      id: "delta-h",
      title: `P2 (${variant}): largest NTK change found by the adversarial search vs radius`,
      caption: "Each point is one generated case (the best of 6 structured starts and a hill climb). The bound R·n·d·e^{10B} grows linearly in R; the measured change does so only for small R and then saturates.",
      xLabel: "perturbation radius R = max_r ‖w̃_r − w_r(0)‖ (log scale)",
      yLabel: "max ‖H(W̃) − H(W(0))‖_F found (log scale)",
      xScale: "log",
      yScale: "log",
      groupLabel: "width",
      groups: ["m≤8", "m∈(8,64]", "m>64"],
      points: raw,
      reference: linear ? [linear] : [],
    },
    {
      id: "bound",
      title: `P2 (${variant}): NTK change scaled by the bound's constant n·d·e^{10B} vs radius`,
      caption: "Dividing by n·d·e^{10B} turns the bound into the dashed line y = R: points below it satisfy the bound, and the vertical distance (in decades) is log10 of the slack. The B̂ points use the realised max|⟨w_r(0), x_i⟩| instead of the paper's B.",
      xLabel: "perturbation radius R (log scale)",
      yLabel: "‖H(W̃) − H(W(0))‖_F / (n·d·e^{10B}) (log scale)",
      xScale: "log",
      yScale: "log",
      groupLabel: "B used",
      points: scaled,
      reference: range ? [proportionalLine("bound: y = R", 1, range[0], range[1])] : [],
    },
  ];
}

/** P2: ‖H(W̃) − H(W)‖_F ≤ R·n·d·e^{10B} (paper (reconstructed), Lemma 5.1). */
export const P2 = defineLoggedEachClaim<P2Case, P2Log>({
  id: "P2",
  family: "perturbation",
  title: "Perturbation lemma for the NTK",
  statement: "If ‖w̃_r − w_r(0)‖ ≤ R for all r, then ‖H(W̃) − H(W(0))‖_F ≤ R·n·d·e^{10B} with B = max{C·σ·√log(nd/δ), 1} (C = 1 (?), δ = 0.1).",
  provenance: "paper (reconstructed)",
  paperLocation: "Lemma 5.1 (constants (?))",
  implementation: NTK_ONLY,
  variants: () => INIT_VARIANTS,
  generator: (_v, profile) => p2Case(profile),
  cases: (profile) => profile.cases * 2,
  examples: () => [
    { data: { kind: "sphere", n: 4, d: 3, seed: 1 }, sigma: 0.25, m: 2, R: 3, seed: 1 },
    { data: { kind: "iris", n: 4, d: 3, seed: 2 }, sigma: 2, m: 256, R: 3, seed: 2 },
    { data: { kind: "sphere", n: 2, d: 1, seed: 3 }, sigma: 0.25, m: 2, R: 1e-3, seed: 3 },
  ],
  classify: (c) => [...dataLabels(c.data), radiusLabel(c.R), widthLabel(c.m), sigmaLabel(c.sigma)],
  check: (c, variant, ctx) => p2Check(c, variant, P2_ASCENT_STEPS, activationNtkOf(ctx.impl)),
  summarise: (logs, variant) => p2Summary(logs, variant.label),
});

// ---------------------------------------------------------------------------------------------------------
// P3: eigenvalue stability (paper (reconstructed)).
// ---------------------------------------------------------------------------------------------------------

/** A P3 case: non-degenerate data, σ, a width from the profile's sweep (256…1024), seed. */
export interface P3Case {
  readonly data: DataSpec;
  readonly sigma: number;
  readonly m: number;
  readonly seed: number;
}

const P3_KINDS: readonly DataKind[] = ["sphere", "ball", "iris"];

/** Widths P3 and P4 draw from: the profile's widths in [lo, hi] (the largest profile width if none). */
function widthsBetween(profile: Profile, lo: number, hi: number): number[] {
  const w = profile.widths.filter((x) => x >= lo && x <= hi);
  return w.length > 0 ? w : [profile.widths[profile.widths.length - 1]];
}

/** P3's generator: sphere/ball/iris data, σ ∈ [0.25, 2], m ∈ profile widths ∩ [256, 1024]. */
export function p3Case(profile: Profile): fc.Arbitrary<P3Case> {
  return fc.record({
    data: dataSpec({ maxN: profile.maxN, maxD: profile.maxD, minD: 2, kinds: P3_KINDS }),
    sigma: fc.double({ min: 0.25, max: 2, noNaN: true }),
    m: fc.constantFrom(...widthsBetween(profile, 256, 1024)),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
  });
}

/** Per-case result of P3. */
export interface P3Measure {
  /** `met`: assumptions hold and the check decided; `unmet`: skipped (reason); `undecided`: within rounding. */
  readonly status: "met" | "unmet" | "undecided";
  readonly reason: string;
  readonly check?: "holds" | "violated";
  readonly lambda?: number;
  readonly lambdaMin0?: number;
  readonly Rcrit?: number;
  /** min over directions of λ_min(H(W̃)) at R_crit, ÷ (λ/2). */
  readonly slack?: number;
  /** True when every test perturbation at R_crit rounded back to W(0) (R_crit below float64 resolution). */
  readonly belowResolution?: boolean;
  /** Empirical critical radius (min over directions); null = censored (no crossing up to the max radius). */
  readonly Remp?: number | null;
  /** Direction (or the hill climb) giving the smallest R_emp. */
  readonly RempDirection?: RempSource | null;
  readonly seed?: number;
}

const P3_DIRECTIONS: readonly DirectionKind[] = ["random", "alignedSorted", "radial", "shrink", "flatten", "collapse"];

/** A perturbation path: the direction to use at radius R (constant for most kinds, radius-aware for some). */
type DirectionPath = (R: number) => Dense;

/**
 * Smallest radius along a direction at which λ_min(H(W + R·D)) < threshold: geometric scan ×4 from `start` to
 * {@link P3_MAX_RADIUS}, then {@link P3_BISECTION_STEPS} log-bisection steps inside the first failing interval
 * (the first crossing on the grid; a dip narrower than a factor 4 may be missed). null if none fails.
 */
function firstCrossing(X: Dense, weights: Weights, path: DirectionPath, threshold: number, start: number, kernel: KernelFn): number | null {
  const lambdaAt = (R: number): number => extremeEigenpairs(kernel(X, { W: perturbWithin(weights.W, path(R), R).W, A: weights.A }, "softmax")).lambdaMin;
  let lo = 0;
  let hi: number | null = null;
  for (let R = start; R <= P3_MAX_RADIUS * 1.0001; R *= 4) {
    if (lambdaAt(R) < threshold) {
      hi = R;
      break;
    }
    lo = R;
  }
  if (hi === null) return null;
  if (lo === 0) return hi;
  for (let k = 0; k < P3_BISECTION_STEPS; k++) {
    const mid = Math.sqrt(lo * hi);
    if (lambdaAt(mid) < threshold) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Hill-climbing steps per grid radius of the R_emp search (minimising λ_min(H(W̃)) at a fixed radius). */
export const P3_CLIMB_STEPS = 8;

/** Number of grid radii (the largest ones below the best R_emp so far) at which the R_emp search climbs. */
export const P3_CLIMB_RADII = 4;

/** Where the smallest R_emp came from: a structured direction, or the hill climb at a fixed radius. */
export type RempSource = DirectionKind | "climb";

/**
 * Empirical critical radius: the smallest R found with λ_min(H(W(0) + Δ)) < threshold for some ‖Δ_r‖ ≤ R.
 * (1) {@link firstCrossing} along each structured direction; (2) at the {@link P3_CLIMB_RADII} largest grid
 * radii (×4 from `start`) below the best so far, in increasing order, a {@link P3_CLIMB_STEPS}-step projected
 * random hill climb minimising λ_min, started from the structured direction with the smallest λ_min there; a direction found below the threshold is refined by
 * {@link firstCrossing} along it. null = censored (nothing found up to {@link P3_MAX_RADIUS}).
 */
function empiricalCriticalRadius(
  X: Dense,
  weights: Weights,
  directions: readonly { readonly kind: DirectionKind; readonly path: DirectionPath }[],
  threshold: number,
  start: number,
  rng: Rng,
  kernel: KernelFn,
): { Remp: number | null; RempDirection: RempSource | null } {
  const lambdaAt = (D: Dense, R: number): number => extremeEigenpairs(kernel(X, { W: perturbWithin(weights.W, D, R).W, A: weights.A }, "softmax")).lambdaMin;
  let Remp: number | null = null;
  let RempDirection: RempSource | null = null;
  for (const { kind, path } of directions) {
    const r = firstCrossing(X, weights, path, threshold, start, kernel);
    if (r !== null && (Remp === null || r < Remp)) {
      Remp = r;
      RempDirection = kind;
    }
  }
  const d = weights.W.rows;
  const m = weights.W.cols;
  const grid: number[] = [];
  for (let R = start; R <= P3_MAX_RADIUS * 1.0001 && (Remp === null || R < Remp); R *= 4) grid.push(R);
  for (const R of grid.slice(-P3_CLIMB_RADII)) {
    let best = directions[0].path(R);
    let bestValue = Infinity;
    for (const { path } of directions) {
      const D = path(R);
      const v = lambdaAt(D, R);
      if (v < bestValue) {
        bestValue = v;
        best = D;
      }
    }
    for (let t = 0; t < P3_CLIMB_STEPS && bestValue >= threshold; t++) {
      const eta = 0.5 * (1 - t / P3_CLIMB_STEPS) + 0.05;
      const Z = randomDirection(d, m, rng);
      const D = clipColumns(best.data.map((x, k) => x + eta * Z.data[k]), d, m);
      const v = lambdaAt(D, R);
      if (v < bestValue) {
        bestValue = v;
        best = D;
      }
    }
    if (bestValue < threshold) {
      const climbed = best;
      const r = firstCrossing(X, weights, () => climbed, threshold, start, kernel);
      if (r !== null && (Remp === null || r < Remp)) {
        Remp = r;
        RempDirection = "climb";
      }
      break;
    }
  }
  return { Remp, RempDirection };
}

/**
 * Measures P3 on one case (see the claim's statement).
 *
 * Assumptions (else `unmet`): pairwise non-parallel inputs; λ > 0 beyond rounding; λ_min(H(W(0))) ≥ ¾λ beyond
 * rounding (otherwise the width is too small for the claim's regime).
 *
 * Rounding: λ = λ_min(K) is known within tol_K = eigenvalueTolerance(K̂) + ‖K̂ − K‖_F
 * ({@link softmaxLimitKernelRoundingBound}); λ_min(H(W̃)) within tol_H = eigenvalueTolerance(Ĥ) + ‖Ĥ − H‖_F
 * ({@link softmaxNtkRoundingBound}). The test radius is the lower end R_crit(λ̂ − tol_K)(1 − γ_k), so it never
 * exceeds the exact R_crit, and {@link perturbWithin} keeps the realised radius within it. A direction holds when
 * λ̂_min(H̃) − tol_H ≥ (λ̂ + tol_K)/2, is violated when λ̂_min(H̃) + tol_H < (λ̂ − tol_K)/2, and is undecided otherwise.
 * H is evaluated by `kernel` (the implementation under test; default {@link empiricalNtk}); ‖Ĥ − H‖_F is the
 * bound derived for the reference's algorithm.
 */
export function p3Measure(c: P3Case, variant: Variant, kernel: KernelFn = empiricalNtk): P3Measure {
  const X = buildData(c.data);
  const n = X.rows;
  const d = X.cols;
  const geometry = inspectInputs(X);
  if (geometry.lambdaIsZero) return { status: "unmet", reason: "duplicate or zero inputs (λ = 0)" };
  if (!geometry.nonParallel) return { status: "unmet", reason: "parallel inputs" };
  const K = limitKernel(X, "softmax", c.sigma);
  const lambda = extremeEigenpairs(K).lambdaMin;
  const tolK = eigenvalueTolerance(K) + softmaxLimitKernelRoundingBound(X, c.sigma, K);
  if (!(lambda - tolK > 0)) return { status: "unmet", reason: "λ not above its rounding error" };
  const rng = new Rng(c.seed);
  const weights = initialWeights({ d, m: c.m, sigma: c.sigma, init: initOf(variant) }, rng.fork("W0"));
  const H0 = kernel(X, weights, "softmax");
  const pairs0 = extremeEigenpairs(H0);
  const tolH0 = eigenvalueTolerance(H0) + softmaxNtkRoundingBound(X, weights);
  if (!(pairs0.lambdaMin - tolH0 >= 0.75 * (lambda + tolK))) {
    return { status: "unmet", reason: "λ_min(H(W(0))) < ¾λ (width too small)", lambda, lambdaMin0: pairs0.lambdaMin };
  }
  const B = paperB(n, d, c.sigma);
  const Rcrit = criticalRadius(lambda, n, d, B);
  const Rtest = criticalRadius(lambda - tolK, n, d, B) * (1 - gamma(boundGammaCount(B)));
  const row = rng.fork("row").integer(n);
  const directions = P3_DIRECTIONS.map((kind) => {
    const dirRng = rng.fork(`direction/${kind}`);
    const fixed = kind === "flatten" || kind === "collapse" ? null : perturbationDirection(kind, X, weights.W, { row, eigenvector: pairs0.vectorMin, rng: dirRng });
    const path: DirectionPath = fixed ? () => fixed : (R) => perturbationDirection(kind, X, weights.W, { row, eigenvector: pairs0.vectorMin, rng: dirRng, radius: R });
    return { kind, path };
  });
  let worst = Infinity;
  let check: "holds" | "violated" | "undecided" = "holds";
  let belowResolution = true;
  let detail = "";
  for (const { kind, path } of directions) {
    const p = perturbWithin(weights.W, path(Rtest), Rtest);
    if (p.radius > 0) belowResolution = false;
    const wt = { W: p.W, A: weights.A };
    const Ht = kernel(X, wt, "softmax");
    const lt = extremeEigenpairs(Ht).lambdaMin;
    const tolH = eigenvalueTolerance(Ht) + softmaxNtkRoundingBound(X, wt);
    worst = Math.min(worst, lt / (lambda / 2));
    if (lt + tolH < (lambda - tolK) / 2) {
      check = "violated";
      detail = `direction ${kind}: λ_min(H(W̃)) = ${lt} < λ/2 = ${lambda / 2} at R = R_crit = ${Rtest}`;
    } else if (check === "holds" && !(lt - tolH >= (lambda + tolK) / 2)) check = "undecided";
  }
  const { Remp, RempDirection } = empiricalCriticalRadius(X, weights, directions, lambda / 2, Math.max(Rcrit, 1e-8), rng.fork("climb"), kernel);
  const common = { lambda, lambdaMin0: pairs0.lambdaMin, Rcrit, slack: worst, belowResolution, Remp, RempDirection, seed: c.seed };
  if (check === "undecided") return { status: "undecided", reason: "λ_min(H(W̃)) within rounding distance of λ/2", ...common };
  return { status: "met", reason: detail || "held", check, ...common };
}

/**
 * P3: eigenvalue stability within R_crit, and the empirical critical radius.
 *
 * Rule choice: `aggregate`. The statement at R_crit is deterministic per case, so an `each` rule would also do,
 * but the finding that matters is a distribution over cases (R_emp/R_crit: median, quartiles, censoring, which
 * direction finds the smallest radius), which an `each` rule cannot tabulate; and shrinking a counterexample
 * would add little, since a failure is a property of the searched direction rather than of the case's size
 * (the case itself is printed in the reason and replays from its seed). The verdict is still "violated" as
 * soon as one met case fails at R_crit, exactly as an `each` rule would decide.
 */
export const P3 = defineClaim<P3Case, P3Measure>({
  id: "P3",
  family: "perturbation",
  title: "Eigenvalue stability under perturbation",
  statement: "If λ_min(H(W(0))) ≥ ¾λ and ‖w̃_r − w_r(0)‖ ≤ R ≤ R_crit := λ/(2·n·d·e^{10B}) for all r, then λ_min(H(W̃)) ≥ λ/2.",
  provenance: "paper (reconstructed)",
  paperLocation: "eigenvalue-stability lemma following Lemma 5.1 (constants (?))",
  implementation: NTK_ONLY,
  variants: () => INIT_VARIANTS,
  generator: (_v, profile) => p3Case(profile),
  cases: (profile) => profile.cases,
  classify: (c) => [...dataLabels(c.data), sigmaLabel(c.sigma), `m=${c.m}`],
  rule: {
    kind: "aggregate",
    measure: (c, variant, ctx) => p3Measure(c, variant, activationNtkOf(ctx.impl)),
    judge: (ms, cases, variant) => p3Judge(ms, cases, variant.label),
  },
});

/** P3's figure: the empirical critical radius R_emp against the paper's R_crit per case, with R_emp = R_crit. */
function p3Series(met: readonly P3Measure[], variant: string): Series {
  const points: SeriesPoint[] = met.flatMap((x) =>
    x.Rcrit === undefined ? [] : [{ x: x.Rcrit, y: x.Remp ?? P3_MAX_RADIUS, group: x.Remp === null || x.Remp === undefined ? `censored (none up to R = ${P3_MAX_RADIUS})` : "R_emp found" }],
  );
  const range = xRange(plottable(points, true, true));
  return {
    id: "critical-radius",
    title: `P3 (${variant}): empirical critical radius vs the paper's R_crit`,
    caption: "Each point is a data set meeting the assumptions. R_emp is the smallest radius at which the search drove λ_min(H(W̃)) below λ/2; points above the dashed diagonal mean R_crit is safe, and their height above it (in decades) is how conservative it is.",
    xLabel: "paper's R_crit = λ/(2·n·d·e^{10B}) (log scale)",
    yLabel: "empirical R_emp (log scale)",
    xScale: "log",
    yScale: "log",
    groupLabel: "search",
    points,
    reference: range ? [proportionalLine("R_emp = R_crit", 1, range[0], range[1])] : [],
  };
}

function p3Judge(ms: readonly P3Measure[], cases: readonly P3Case[], variant: string): Judgement {
  const met = ms.filter((x) => x.status === "met");
  const unmetReasons: Record<string, number> = {};
  for (const x of ms) if (x.status !== "met") unmetReasons[x.reason] = (unmetReasons[x.reason] ?? 0) + 1;
  const violated = met.filter((x) => x.check === "violated");
  const ratios = met.map((x) => (x.Remp === null || x.Remp === undefined ? P3_MAX_RADIUS : x.Remp) / (x.Rcrit ?? NaN));
  const log10Ratios = ratios.map(Math.log10);
  const censored = met.filter((x) => x.Remp === null).length;
  const belowResolution = met.filter((x) => x.belowResolution).length;
  const slacks = met.map((x) => x.slack ?? Infinity);
  const worstSlack = finiteOrNull(Math.min(...slacks));
  const q = (values: readonly number[]): (number | null)[] => [finiteOrNull(Math.min(...values)), quantile(values, 0.25), medianOf(values), quantile(values, 0.75), finiteOrNull(Math.max(...values))];
  const Rcrits = met.map((x) => x.Rcrit ?? NaN);
  const Remps = met.map((x) => x.Remp ?? Infinity);
  const directionRows = [...P3_DIRECTIONS, "climb" as const].map((k) => [k, met.filter((x) => x.RempDirection === k).length]);
  const measurements: Record<string, MeasurementValue> = {
    met: met.length,
    unmet: ms.length - met.length,
    ...Object.fromEntries(Object.entries(unmetReasons).map(([k, v]) => [`unmet: ${k}`, v])),
    worstSlack,
    medianRempOverRcrit: medianOf(ratios),
    minRempOverRcrit: finiteOrNull(Math.min(...ratios)),
    medianLog10RempOverRcrit: medianOf(log10Ratios),
    censoredRemp: censored,
    RcritBelowFloat64Resolution: belowResolution,
  };
  const tables: Table[] = [
    {
      title: `P3 critical radius: paper's R_crit = λ/(2nde^{10B}) vs empirical R_emp (first radius where λ_min(H(W̃)) < λ/2 along ${P3_DIRECTIONS.length} directions; censored at R = ${P3_MAX_RADIUS} counted as ${P3_MAX_RADIUS})`,
      columns: ["quantity", "min", "q1", "median", "q3", "max"],
      rows: [
        ["R_crit", ...q(Rcrits)],
        ["R_emp", ...q(Remps)],
        ["log10(R_emp/R_crit)", ...q(log10Ratios)],
        ["λ_min(H(W̃)) at R_crit ÷ (λ/2)", ...q(slacks)],
      ],
    },
    { title: "P3 direction giving the smallest R_emp", columns: ["direction", "cases"], rows: directionRows },
  ];
  const series = [p3Series(met, variant)];
  const keyNumber = { name: "median R_emp/R_crit", value: medianOf(ratios) };
  const judged = judgementsSharing({ keyNumber, slack: worstSlack, measurements, tables, series });
  if (violated.length > 0) {
    const v = violated[0];
    const idx = ms.indexOf(v);
    return judged("violated", `${violated.length} of ${met.length} cases violated; first: ${v.reason} (case ${JSON.stringify(cases[idx])})`);
  }
  if (met.length === 0) {
    const top = Object.entries(unmetReasons).sort((a, b) => b[1] - a[1])[0];
    return { verdict: "assumption-unmet", reason: `no case met the assumptions (most common: ${top ? top[0] : "none"})`, keyNumber: { name: "cases meeting assumptions", value: 0 }, slack: null, measurements, tables, series };
  }
  if (met.length < Math.ceil(MIN_MET_FRACTION * ms.length)) return judged("inconclusive", `only ${met.length} of ${ms.length} cases met the assumptions`);
  return judged(
    "holds",
    `held on all ${met.length} cases meeting the assumptions (${ms.length - met.length} skipped); worst λ_min(H̃)/(λ/2) = ${fmt(worstSlack)} at R_crit; ` +
      `R_emp/R_crit median ${fmt(medianOf(ratios))}, min ${fmt(Math.min(...ratios))} (${censored} censored); R_crit below float64 resolution of W in ${belowResolution} cases`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// P4: activation comparison (paper (reconstructed), Table 1 / Lemma 5.1).
// ---------------------------------------------------------------------------------------------------------

/** A P4 case: data, σ, width, radius, seed (shared by the three activations). */
export interface P4Case {
  readonly data: DataSpec;
  readonly sigma: number;
  readonly m: number;
  readonly R: number;
  readonly seed: number;
}

/** P4's generator: sphere/ball/iris data, σ ∈ [0.25, 2], m ∈ profile widths ∩ [64, 256], R ∈ [10⁻², 1]. */
export function p4Case(profile: Profile): fc.Arbitrary<P4Case> {
  return fc.record({
    data: dataSpec({ maxN: profile.maxN, maxD: profile.maxD, minD: 2, kinds: P3_KINDS }),
    sigma: fc.double({ min: 0.25, max: 2, noNaN: true }),
    m: fc.constantFrom(...widthsBetween(profile, 64, 256)),
    R: logUniform(1e-2, 1),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
  });
}

/** One activation's numbers in a P4 case. */
export interface ActivationMeasure {
  readonly activation: Activation;
  /** λ = λ_min(K_φ). */
  readonly lambda: number;
  /** max ‖H(W̃) − H(W(0))‖_F found. */
  readonly deltaH: number;
  /** ‖ΔH‖_F/(R·λ). */
  readonly sensitivity: number;
  /** Smallest profile width with λ_min(H(W(0))) ≥ ¾λ for ≥ 90% of seeds; null = none in the sweep. */
  readonly mEmp: number | null;
  /** Gradient-descent iterations to ‖F − Y‖² ≤ ε_rel‖F(0) − Y‖²; null = not reached (or diverged). */
  readonly gdIterations: number | null;
}

/** Per-case result of P4 (empty `results` when unmet). */
export interface P4Measure {
  readonly status: "met" | "unmet";
  readonly reason: string;
  readonly results: readonly ActivationMeasure[];
}

/** Smallest width of the sweep at which λ_min(H(W(0))) ≥ ¾λ for ≥ {@link P4_WIDTH_FRACTION} of the seeds (H by `kernel`). */
function empiricalWidth(X: Dense, activation: Activation, sigma: number, lambda: number, widths: readonly number[], rng: Rng, kernel: KernelFn): number | null {
  const need = Math.ceil(P4_WIDTH_FRACTION * P4_WIDTH_SEEDS);
  for (const m of widths) {
    let ok = 0;
    for (let k = 0; k < P4_WIDTH_SEEDS; k++) {
      const w = initialWeights({ d: X.cols, m, sigma, init: "iid" }, rng.fork(`seed/${k}`));
      if (extremeEigenpairs(kernel(X, w, activation)).lambdaMin >= 0.75 * lambda) ok++;
      if (ok + (P4_WIDTH_SEEDS - k - 1) < need) break;
    }
    if (ok >= need) return m;
  }
  return null;
}

/**
 * Full-batch GD with `impl` (scale √m for softmax, η_eff = 1/λ_max(H(W(0)))) until ‖F − Y‖² ≤ ε_rel‖F(0) − Y‖²:
 * the number of steps, or null when not reached within `maxSteps` (or diverged).
 */
function iterationsToEpsilon(X: Dense, Y: Dense, weights: Weights, activation: Activation, maxSteps: number, impl: NetworkImplementation): number | null {
  const opts: NetworkOptions = { activation, scale: "sqrt" };
  const lmax = extremeEigenpairs(activationNtkOf(impl)(X, weights, activation)).lambdaMax;
  if (!(lmax > 0)) return null;
  const target = P4_GD_RELATIVE_EPSILON * squaredError(forwardOf(impl)(X, weights, opts), Y);
  const run = gradientDescent(X, Y, weights, opts, { eta: 1 / lmax, steps: maxSteps, stopBelow: target, impl });
  const sq = run.squaredErrors;
  return !run.diverged && sq[sq.length - 1] <= target ? sq.length - 1 : null;
}

/**
 * Measures P4 on one case: for each activation, λ, the adversarial ‖ΔH‖_F at radius R from the same W(0)
 * ({@link searchPerturbation} with the same proposal stream, {@link P4_ASCENT_STEPS} steps), m_emp over the
 * profile's widths and GD iterations to ε, all evaluated with `impl` (default the reference). Unmet when inputs
 * are parallel or some λ_φ is not certified > 0.
 */
export function p4Measure(c: P4Case, profile: Profile, impl: NetworkImplementation = REFERENCE_IMPLEMENTATION): P4Measure {
  const X = buildData(c.data);
  const geometry = inspectInputs(X);
  if (geometry.lambdaIsZero) return { status: "unmet", reason: "duplicate or zero inputs (λ = 0)", results: [] };
  if (!geometry.nonParallel) return { status: "unmet", reason: "parallel inputs", results: [] };
  const kernels = ACTIVATIONS.map((a) => limitKernel(X, a, c.sigma));
  for (let k = 0; k < ACTIVATIONS.length; k++) {
    if (certifyMinEigenvalue(kernels[k], 0).status !== "certified") return { status: "unmet", reason: `λ(${ACTIVATIONS[k]}) not certified > 0`, results: [] };
  }
  const rng = new Rng(c.seed);
  const weights = initialWeights({ d: X.cols, m: c.m, sigma: c.sigma, init: "iid" }, rng.fork("W0"));
  const Y = unitBallRows(X.rows, X.cols, 0, rng.fork("Y"));
  const maxSteps = Math.min(profile.maxSteps, P4_GD_MAX_STEPS);
  const kernel = activationNtkOf(impl);
  const results = ACTIVATIONS.map((activation, k): ActivationMeasure => {
    const lambda = extremeEigenpairs(kernels[k]).lambdaMin;
    const search = searchPerturbation(X, weights, activation, c.R, rng.fork("search"), P4_ASCENT_STEPS, kernel);
    return {
      activation,
      lambda,
      deltaH: search.norm,
      sensitivity: search.norm / (c.R * lambda),
      mEmp: empiricalWidth(X, activation, c.sigma, lambda, profile.widths, rng.fork("mEmp"), kernel),
      gdIterations: iterationsToEpsilon(X, Y, weights, activation, maxSteps, impl),
    };
  });
  return { status: "met", reason: "measured", results };
}

/**
 * P4's figures: (1) the sensitivity ‖ΔH‖_F/(R·λ) of each activation against σ; (2) the paired ratio
 * softmax ÷ exp and softmax ÷ ReLU per case against σ, with the levels 1 (equal) and 1 + margin (the verdict's).
 */
function p4Series(ms: readonly P4Measure[], cases: readonly P4Case[]): Series[] {
  const sensitivity: SeriesPoint[] = [];
  const ratios: SeriesPoint[] = [];
  ms.forEach((x, i) => {
    if (x.status !== "met") return;
    const sigma = cases[i].sigma;
    for (const r of x.results) sensitivity.push({ x: sigma, y: r.sensitivity, group: r.activation });
    const soft = x.results.find((r) => r.activation === "softmax");
    for (const other of ["exp", "relu"] as const) {
      const o = x.results.find((r) => r.activation === other);
      if (soft && o) ratios.push({ x: sigma, y: soft.sensitivity / o.sensitivity, group: `softmax ÷ ${other === "exp" ? "exp" : "ReLU"}` });
    }
  });
  const range = xRange(plottable(ratios, false, true));
  return [
    {
      id: "sensitivity",
      title: "P4: NTK sensitivity to weight perturbations per activation vs σ",
      caption: `Each generated case contributes one point per activation, all at the same (n, d, m, σ, R) and the same initial weights; sensitivity is the adversarial ‖ΔH‖_F (${P4_ASCENT_STEPS}-step climb) divided by R·λ_φ.`,
      xLabel: "initial scale σ",
      yLabel: "sensitivity ‖H(W̃) − H(W(0))‖_F / (R·λ) (log scale)",
      xScale: "linear",
      yScale: "log",
      groupLabel: "activation",
      points: sensitivity,
    },
    {
      id: "ratio",
      title: "P4: paired sensitivity ratio softmax ÷ other activation vs σ",
      caption: `Below 1 softmax is less sensitive than the other network on that case. The claim "no worse than exp" holds when the softmax ÷ exp points are not significantly above 1 (sign test) and their median is ≤ ${1 + P4_RATIO_MARGIN}.`,
      xLabel: "initial scale σ",
      yLabel: "sensitivity ratio softmax ÷ other (log scale)",
      xScale: "linear",
      yScale: "log",
      groupLabel: "pair",
      points: ratios,
      reference: range ? [horizontalLine("equal sensitivity (1)", 1, range[0], range[1]), horizontalLine(`verdict margin (${1 + P4_RATIO_MARGIN})`, 1 + P4_RATIO_MARGIN, range[0], range[1])] : [],
    },
  ];
}

function p4Judge(ms: readonly P4Measure[], cases: readonly P4Case[], profile: Profile): Judgement {
  const met = ms.filter((x) => x.status === "met");
  const unmetReasons: Record<string, number> = {};
  for (const x of ms) if (x.status !== "met") unmetReasons[x.reason] = (unmetReasons[x.reason] ?? 0) + 1;
  const get = (a: Activation): ActivationMeasure[] => met.map((x) => x.results.find((r) => r.activation === a) as ActivationMeasure);
  const censor = (v: number | null): number => (v === null ? Infinity : v);
  const activationRows = ACTIVATIONS.map((a) => {
    const g = get(a);
    const sens = g.map((r) => r.sensitivity);
    const mEmp = g.map((r) => censor(r.mEmp));
    const gd = g.map((r) => censor(r.gdIterations));
    return [
      a,
      g.length,
      medianOf(g.map((r) => r.lambda)),
      quantile(sens, 0.25),
      medianOf(sens),
      quantile(sens, 0.75),
      quantile(mEmp, 0.25),
      medianOf(mEmp),
      quantile(mEmp, 0.75),
      g.filter((r) => r.mEmp === null).length,
      quantile(gd, 0.25),
      medianOf(gd),
      quantile(gd, 0.75),
      g.filter((r) => r.gdIterations === null).length,
    ];
  });
  const soft = get("softmax");
  const pairStats = (other: Activation): { worse: number; better: number; ties: number; ratios: number[]; p: number | null } => {
    const o = get(other);
    let worse = 0;
    let better = 0;
    let ties = 0;
    const ratios: number[] = [];
    for (let k = 0; k < soft.length; k++) {
      const a = soft[k].sensitivity;
      const b = o[k].sensitivity;
      if (a > b) worse++;
      else if (a < b) better++;
      else ties++;
      ratios.push(a / b);
    }
    const trials = worse + better;
    return { worse, better, ties, ratios, p: trials > 0 ? binomialExcessTest(worse, trials, 0.5, P4_ALPHA).pValue : null };
  };
  const vsExp = pairStats("exp");
  const vsRelu = pairStats("relu");
  const pairRow = (label: string, s: ReturnType<typeof pairStats>): (string | number | null)[] => [
    label,
    s.worse + s.better + s.ties,
    s.worse,
    s.better,
    s.ties,
    quantile(s.ratios, 0.25),
    medianOf(s.ratios),
    quantile(s.ratios, 0.75),
    s.p,
  ];
  const widthPairs = (other: Activation): number[] => soft.map((s, k) => censor(s.mEmp) / censor(get(other)[k].mEmp)).filter((r) => Number.isFinite(r));
  const tables: Table[] = [
    {
      title: `P4 activations at equal (n, d, m, σ, R): sensitivity ‖ΔH‖_F/(R·λ) (adversarial, ${P4_ASCENT_STEPS}-step climb), m_emp (λ_min(H(W(0))) ≥ ¾λ for ≥ ${P4_WIDTH_FRACTION * 100}% of ${P4_WIDTH_SEEDS} seeds, widths ${profile.widths[0]}…${profile.widths[profile.widths.length - 1]}), GD iterations to ${P4_GD_RELATIVE_EPSILON}·‖F(0)−Y‖² at η_eff = 1/λ_max (cap ${Math.min(profile.maxSteps, P4_GD_MAX_STEPS)}); null quartiles are censored`,
      columns: ["activation", "cases", "λ median", "sens q1", "sens median", "sens q3", "m_emp q1", "m_emp median", "m_emp q3", "m_emp censored", "GD q1", "GD median", "GD q3", "GD censored"],
      rows: activationRows,
    },
    {
      title: "P4 paired comparison of sensitivity: softmax ÷ other per case; one-sided exact sign test of 'softmax worse'",
      columns: ["pair", "pairs", "softmax worse", "softmax better", "ties", "ratio q1", "ratio median", "ratio q3", "p (softmax worse)"],
      rows: [pairRow("softmax vs exp", vsExp), pairRow("softmax vs relu", vsRelu)],
    },
    {
      title: "P4 paired m_emp ratio softmax ÷ other (cases where both are uncensored)",
      columns: ["pair", "pairs", "ratio q1", "ratio median", "ratio q3"],
      rows: (["exp", "relu"] as const).map((o) => {
        const r = widthPairs(o);
        return [`softmax vs ${o}`, r.length, quantile(r, 0.25), medianOf(r), quantile(r, 0.75)];
      }),
    },
  ];
  const medianRatio = medianOf(vsExp.ratios);
  const measurements: Record<string, MeasurementValue> = {
    met: met.length,
    unmet: ms.length - met.length,
    ...Object.fromEntries(Object.entries(unmetReasons).map(([k, v]) => [`unmet: ${k}`, v])),
    softmaxWorseThanExp: vsExp.worse,
    softmaxBetterThanExp: vsExp.better,
    ties: vsExp.ties,
    signTestP: vsExp.p,
    medianRatioSoftmaxOverExp: medianRatio,
    medianRatioSoftmaxOverRelu: medianOf(vsRelu.ratios),
    medianSensitivitySoftmax: medianOf(soft.map((r) => r.sensitivity)),
    medianSensitivityExp: medianOf(get("exp").map((r) => r.sensitivity)),
    medianSensitivityRelu: medianOf(get("relu").map((r) => r.sensitivity)),
  };
  const keyNumber = { name: "median sensitivity ratio softmax/exp", value: medianRatio };
  const base = { keyNumber, slack: null, measurements, tables, series: p4Series(ms, cases) };
  const trials = vsExp.worse + vsExp.better;
  const summary = `softmax worse than exp in ${vsExp.worse}, better in ${vsExp.better}, tied in ${vsExp.ties} of ${met.length} cases; median ratio ${fmt(medianRatio)}; one-sided sign-test p = ${fmt(vsExp.p)}`;
  if (met.length === 0) return { ...base, verdict: "assumption-unmet", reason: "no case met the assumptions", keyNumber: { name: "cases meeting assumptions", value: 0 } };
  if (vsExp.p !== null && vsExp.p < P4_ALPHA) return { ...base, verdict: "violated", reason: `softmax significantly more sensitive than exp (p < ${P4_ALPHA}): ${summary}` };
  if (trials < P4_MIN_PAIRS) return { ...base, verdict: "inconclusive", reason: `too few untied pairs (${trials} < ${P4_MIN_PAIRS}): ${summary}` };
  if (medianRatio !== null && medianRatio <= 1 + P4_RATIO_MARGIN) return { ...base, verdict: "holds", reason: `not significantly worse and median ratio ≤ ${1 + P4_RATIO_MARGIN}: ${summary}` };
  return { ...base, verdict: "inconclusive", reason: `not significantly worse, but median ratio > ${1 + P4_RATIO_MARGIN}: ${summary}` };
}

/** P4: softmax vs exp vs ReLU perturbation behaviour (paper (reconstructed)). */
export const P4 = defineClaim<P4Case, P4Measure>({
  id: "P4",
  family: "perturbation",
  title: "Activation comparison: softmax vs exp vs ReLU",
  statement:
    "At equal (n, d, m, σ, R), softmax's normalisation gives perturbation behaviour no worse than exp: the NTK sensitivity ‖H(W̃) − H(W(0))‖_F/(R·λ) of softmax is not significantly larger than that of exp (also reported: ReLU, m_emp, GD iterations to ε).",
  provenance: "paper (reconstructed)",
  paperLocation: "Table 1 / Lemma 5.1 (comparison with exp and ReLU networks)",
  implementation: ["forward", "gradient", "ntk"],
  variants: () => [{ label: "softmax-vs-exp-vs-relu" }],
  generator: (_v, profile) => p4Case(profile),
  cases: (profile) => profile.cases * 2,
  classify: (c) => [...dataLabels(c.data), sigmaLabel(c.sigma), radiusLabel(c.R), `m=${c.m}`],
  rule: {
    kind: "aggregate",
    measure: (c, _variant, ctx) => p4Measure(c, ctx.profile, ctx.impl),
    judge: (ms, cases, _variant, ctx) => p4Judge(ms, cases, ctx.profile),
  },
});

/** The claims of this family, in id order. */
export const PERTURBATION_CLAIMS: readonly RegisteredClaim[] = [P1, P2, P3, P4];
