/**
 * First-order forward error bounds of the suite's float64 network code (SPEC I5, I7), quantity by quantity:
 * bounds on |F̂ − F|, |L̂ − L|, |∇̂L − ∇L|, |Ĥ − H| and |Ĥ* − H*| of the float64 results against the exact values,
 * in units of u = 2⁻⁵³ (unit roundoff, = eps/2 with eps = Number.EPSILON) and γ_k = k·u/(1 − k·u) (a sum or dot
 * product of k terms, in any order), scaled by the magnitudes of the terms the code sums, so cancellation
 * (Σ_r a S ≈ 0, centring, Σ_r G G ≈ 0) does not make a check fail, and an algebraic bug (an O(1) relative error
 * in some term) cannot hide under it. libm: V8's Math.exp / Math.acos are fdlibm ports with error < 1 ulp,
 * i.e. relative ≤ eps = 2u. Arrays are row-major like {@link Dense}.
 *
 * The magnitudes (U, Φ, F̄, …) are exact values: the 64-digit oracle's by default ({@link magnitudes}), or any
 * float64 evaluation (`source`), which changes the bounds only at second order (relative O(u)).
 *
 * The bounds follow the reference's evaluation order (`src/network/forward.ts`, `gradient.ts`,
 * `src/ntk/empirical.ts`); every summation is bounded with γ_k over the absolute terms, which holds for any
 * order, so an implementation that evaluates the same SPEC formulas in another order stays within them. One
 * that evaluates a different algebraic form (e.g. H from an explicit Jacobian) has similar but not identical
 * rounding; the checks report the observed/allowed ratio so such a near miss is visible as such.
 *
 * @module
 */
import { type Dense } from "../linalg/dense.js";
import { outputScale } from "../network/forward.js";
import type { Activation, NetworkOptions, Scale, Weights } from "../network/types.js";
import { angleBetween } from "../ntk/limit.js";
import { UNIT_ROUNDOFF, gamma } from "../numerics/tolerance.js";
import { oracleFeatures, oraclePreactivations } from "./bigNumber.js";

/** Unit roundoff u = 2⁻⁵³ (eps = Number.EPSILON = 2u = 1 ulp at 1). */
const UR = UNIT_ROUNDOFF;
/** eps: the relative error of one fdlibm call (< 1 ulp). */
const EPS = Number.EPSILON;
/** Smallest subnormal 2⁻¹⁰⁷⁴: absolute error of a result that underflows. */
const TINY = Number.MIN_VALUE;


/** The exact pre-activations U (n×m) and features Φ (n×m) the bounds are scaled by. */
export interface ExactValues {
  readonly U: Float64Array;
  readonly Phi: Float64Array;
}

/** U and Φ from the 64-digit oracle (correctly rounded to double). */
export function oracleValues(X: Dense, W: Dense, activation: Activation): ExactValues {
  return { U: oraclePreactivations(X, W).data, Phi: oracleFeatures(X, W, activation).data };
}

/** Everything the bounds need about one (X, W, A, activation): oracle magnitudes and feature error bounds. */
export interface Magnitudes {
  readonly n: number;
  readonly d: number;
  readonly m: number;
  readonly X: Dense;
  readonly A: Dense;
  /** Oracle pre-activations U (n×m). */
  readonly U: Float64Array;
  /** Oracle features Φ (n×m). */
  readonly Phi: Float64Array;
  /** Bound on |Φ̂ − Φ| (n×m). */
  readonly ePhi: Float64Array;
  /** φ'(U) (n×m; exp: Φ; ReLU: 1[U > 0], or 1 where the sign is within rounding of 0). Unused for softmax. */
  readonly dphi: Float64Array;
  /** Bound on |φ̂' − φ'| (exp: ePhi; ReLU: 1 where |U| ≤ its rounding error, else 0). */
  readonly edphi: Float64Array;
  /** F̄_{iℓ} = Σ_r a_{ℓr} Φ_{ir} (n×d), computed from the oracle's Φ. */
  readonly Fbar: Float64Array;
  /** M_{iℓ} = Σ_r |a_{ℓr}| Φ_{ir} (n×d), the magnitude of the terms of F̄. */
  readonly M: Float64Array;
  /** Bound on |F̄̂ − F̄| (n×d). */
  readonly dFbar: Float64Array;
}

export function magnitudes(X: Dense, weights: Weights, activation: Activation, source: ExactValues = oracleValues(X, weights.W, activation)): Magnitudes {
  const { W, A } = weights;
  const n = X.rows;
  const d = X.cols;
  const m = W.cols;
  const { U, Phi } = source;
  // U = X W by `matmul` (a d-term dot product per entry): |Û − U| ≤ γ_d Σ_k |x_ik||w_kr|.
  const dU = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += Math.abs(X.data[i * d + k] * W.data[k * m + r]);
      dU[i * m + r] = gamma(d) * s;
    }
  const ePhi = new Float64Array(n * m);
  const dphi = new Float64Array(n * m);
  const edphi = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    if (activation === "softmax") {
      // t̂_r = fl(Û_r − Û_max): the error of Û_max is a common factor e^{−ΔU_max} of every ê_s and cancels
      // in ê_r/Σ_s ê_s, so the argument error that matters is b_r = ΔU_r + u|t_r| (subtraction), and exp
      // adds eps relative: ê_r = e_r(1 + θ_r), |θ_r| ≤ expm1(ΔU_r + u|t_r|) + eps =: b_r — the "(|t| + 1)·eps"
      // amplification of the argument's rounding. The m-term sum of positive ê has relative error
      // ≤ max_s b_s + γ_{m−1}; 1/sum and the product each add u. So
      //   relS_r = b_r + max_s b_s + γ_{m−1} + 2u,   plus an absolute 2·2⁻¹⁰⁷⁴ for results that underflow.
      let max = -Infinity;
      for (let r = 0; r < m; r++) max = Math.max(max, U[i * m + r]);
      const b = new Float64Array(m);
      let bMax = 0;
      for (let r = 0; r < m; r++) {
        const t = Math.abs(U[i * m + r] - max);
        b[r] = Math.expm1(dU[i * m + r] + UR * t) + EPS;
        bMax = Math.max(bMax, b[r]);
      }
      for (let r = 0; r < m; r++) {
        const relS = b[r] + bMax + gamma(m - 1) + 2 * UR;
        ePhi[i * m + r] = Phi[i * m + r] * relS + 2 * TINY;
      }
    } else if (activation === "exp") {
      // Φ̂ = exp(Û): relative error expm1(ΔU) + eps (+ underflow).
      for (let r = 0; r < m; r++) {
        const k = i * m + r;
        ePhi[k] = Phi[k] * (Math.expm1(dU[k]) + EPS) + TINY;
        dphi[k] = Phi[k];
        edphi[k] = ePhi[k];
      }
    } else {
      // Φ̂ = max(Û, 0): absolute error ≤ ΔU (also across the kink). φ' = 1[U > 0] is exact unless |U| ≤ ΔU.
      for (let r = 0; r < m; r++) {
        const k = i * m + r;
        ePhi[k] = dU[k];
        const ambiguous = Math.abs(U[k]) <= dU[k];
        dphi[k] = U[k] > 0 || ambiguous ? 1 : 0;
        edphi[k] = ambiguous ? 1 : 0;
      }
    }
  }
  // F̄ = Φ Aᵀ by `matmulTransB` (m-term dot products):
  //   |F̄̂ − F̄| ≤ Σ_r |a_ℓr| ePhi_ir + γ_m Σ_r |a_ℓr| (Φ_ir + ePhi_ir).
  const Fbar = new Float64Array(n * d);
  const M = new Float64Array(n * d);
  const dFbar = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let l = 0; l < d; l++) {
      let f = 0;
      let mag = 0;
      let err = 0;
      for (let r = 0; r < m; r++) {
        const a = A.data[l * m + r];
        f += a * Phi[i * m + r];
        mag += Math.abs(a) * Phi[i * m + r];
        err += Math.abs(a) * ePhi[i * m + r];
      }
      Fbar[i * d + l] = f;
      M[i * d + l] = mag;
      dFbar[i * d + l] = err + gamma(m) * (mag + err);
    }
  return { n, d, m, X, A, U, Phi, ePhi, dphi, edphi, Fbar, M, dFbar };
}

/** The multiplier c and the relative rounding of its float64 value (m: exact; Math.sqrt(m): u; 1/Math.sqrt(m): 2u). */
export function multiplier(activation: Activation, scale: Scale, m: number): { c: number; cRel: number } {
  const c = outputScale(activation, scale, m);
  const cRel = activation === "softmax" ? (scale === "m" ? 0 : UR) : 2 * UR;
  return { c, cRel };
}

/** Bound on |F̂ − F| (n×d): F̂ = fl(c·F̄̂), so c·ΔF̄ + (cRel + u)·c·(M + ΔF̄). */
export function forwardBound(g: Magnitudes, opts: NetworkOptions): Float64Array {
  const { c, cRel } = multiplier(opts.activation, opts.scale, g.m);
  return g.dFbar.map((e, k) => Math.abs(c) * (e + (cRel + UR) * (g.M[k] + e)));
}

/**
 * Bound on |L̂ − L| for L = ½Σ_k E_k², E = F − Y, from `loss(F̂, Y)`: Ê_k = fl(F̂_k − Y_k) squared and summed
 * over nd terms: Σ_k (|E_k|ΔF_k + ½ΔF_k²) + ½γ_{nd+2} Σ_k (|E_k| + ΔF_k)² (subtraction, product, sum).
 */
export function lossBound(E: Float64Array, dF: Float64Array): number {
  let first = 0;
  let mag = 0;
  for (let k = 0; k < E.length; k++) {
    const e = Math.abs(E[k]);
    first += e * dF[k] + 0.5 * dF[k] * dF[k];
    mag += (e + dF[k]) ** 2;
  }
  return first + 0.5 * gamma(E.length + 2) * mag;
}

/**
 * Bound on |∇̂L − ∇L| (d×m), following `gradientFromPass`:
 *   Ê = fl(F̂ − Y):            ΔE = ΔF + u(|E| + ΔF)
 *   (EA)_ir, d-term dots:      ΔEA = Σ_ℓ |a_ℓr| ΔE_iℓ + γ_d Σ_ℓ |a_ℓr|(|E_iℓ| + ΔE_iℓ)
 *   softmax: centre_i = Σ_ℓ E_iℓ F̄_iℓ (d-term dot of two inexact vectors), diff = EA − centre (+u),
 *            q = (c·S)·diff:   Δq = c[S Δdiff + ePhi(|diff| + Δdiff) + (cRel + 2u)(S + ePhi)(|diff| + Δdiff)]
 *   exp/ReLU: q = (c·φ')·EA:   same with (φ', eφ', EA) in place of (S, ePhi, diff)
 *   ∇L_kr = Σ_i x_ik q_ir (n-term sums): Δg = Σ_i |x_ik| Δq_ir + γ_n Σ_i |x_ik|(|q_ir| + Δq_ir).
 */
export function gradientBound(g: Magnitudes, opts: NetworkOptions, E: Float64Array, dF: Float64Array): Float64Array {
  const { n, d, m, X, A } = g;
  const { c, cRel } = multiplier(opts.activation, opts.scale, m);
  const dE = E.map((e, k) => dF[k] + UR * (Math.abs(e) + dF[k]));
  const q = new Float64Array(n * m);
  const dq = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    let centre = 0;
    let dCentre = 0;
    if (opts.activation === "softmax") {
      let mag = 0;
      for (let l = 0; l < d; l++) {
        const k = i * d + l;
        centre += E[k] * g.Fbar[k];
        dCentre += dE[k] * Math.abs(g.Fbar[k]) + Math.abs(E[k]) * g.dFbar[k] + dE[k] * g.dFbar[k];
        mag += (Math.abs(E[k]) + dE[k]) * (Math.abs(g.Fbar[k]) + g.dFbar[k]);
      }
      dCentre += gamma(d) * mag;
    }
    for (let r = 0; r < m; r++) {
      let ea = 0;
      let dEa = 0;
      let mag = 0;
      for (let l = 0; l < d; l++) {
        const a = A.data[l * m + r];
        ea += E[i * d + l] * a;
        dEa += Math.abs(a) * dE[i * d + l];
        mag += Math.abs(a) * (Math.abs(E[i * d + l]) + dE[i * d + l]);
      }
      dEa += gamma(d) * mag;
      const k = i * m + r;
      let factor: number;
      let dFactor: number;
      let inner: number;
      let dInner: number;
      if (opts.activation === "softmax") {
        factor = g.Phi[k];
        dFactor = g.ePhi[k];
        inner = ea - centre;
        dInner = dEa + dCentre + UR * (Math.abs(ea) + Math.abs(centre) + dEa + dCentre);
      } else {
        factor = g.dphi[k];
        dFactor = g.edphi[k];
        inner = ea;
        dInner = dEa;
      }
      q[k] = c * factor * inner;
      dq[k] =
        Math.abs(c) *
        (factor * dInner + dFactor * (Math.abs(inner) + dInner) + (cRel + 2 * UR) * (factor + dFactor) * (Math.abs(inner) + dInner));
    }
  }
  const bound = new Float64Array(d * m);
  for (let kk = 0; kk < d; kk++)
    for (let r = 0; r < m; r++) {
      let err = 0;
      let mag = 0;
      for (let i = 0; i < n; i++) {
        const x = Math.abs(X.data[i * d + kk]);
        err += x * dq[i * m + r];
        mag += x * (Math.abs(q[i * m + r]) + dq[i * m + r]);
      }
      bound[kk * m + r] = err + gamma(n) * mag;
    }
  return bound;
}

/** P = X Xᵀ (n×n) and the bound γ_d Σ_k |x_ik||x_jk| on its float64 error (`gram`, d-term dots). */
export function inputGram(X: Dense): { P: Float64Array; dP: Float64Array } {
  const { rows: n, cols: d } = X;
  const P = new Float64Array(n * n);
  const dP = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      let mag = 0;
      for (let k = 0; k < d; k++) {
        s += X.data[i * d + k] * X.data[j * d + k];
        mag += Math.abs(X.data[i * d + k] * X.data[j * d + k]);
      }
      P[i * n + j] = s;
      dP[i * n + j] = gamma(d) * mag;
    }
  return { P, dP };
}

/**
 * Bound on |Ĥ − H| (nd×nd), following `ntkFeatures` + `gram` + `hadamardInputGram`:
 *   softmax D = S(a − F̄):  Δ(a − F̄) = ΔF̄ + u(|a − F̄| + ΔF̄); ΔD = S Δ(a−F̄) + ePhi(|a−F̄| + Δ(a−F̄)) + u(S + ePhi)(…)
 *                          G = D·fl(√m): ΔG = √m (ΔD + 2u(|D| + ΔD))
 *   exp/ReLU D = a φ':      ΔD = |a| eφ' + u|a|(φ' + eφ');  G = D·fl(1/√m): ΔG = (ΔD + 3u(|D| + ΔD))/√m
 *   (GGᵀ)_ab, m-term dots: ΔGG = Σ_r (|G_ar|ΔG_br + ΔG_ar|G_br| + ΔG_arΔG_br) + γ_m Σ_r (|G_ar| + ΔG_ar)(|G_br| + ΔG_br)
 *   H = GG·P_ij:            ΔH = |P|ΔGG + ΔP(|GG| + ΔGG) + u(|P| + ΔP)(|GG| + ΔGG)
 * The γ_m Σ_r |G||G| term is the condition-number part: an entry Σ_r G_ar G_br that cancels keeps the
 * absolute tolerance of its terms' size.
 */
export function ntkBound(g: Magnitudes, activation: Activation): Float64Array {
  const { n, d, m, X, A } = g;
  const N = n * d;
  const G = new Float64Array(N * m);
  const dG = new Float64Array(N * m);
  const sq = Math.sqrt(m);
  for (let l = 0; l < d; l++)
    for (let i = 0; i < n; i++)
      for (let r = 0; r < m; r++) {
        const k = i * m + r;
        const a = A.data[l * m + r];
        const row = (l * n + i) * m + r;
        if (activation === "softmax") {
          const diff = a - g.Fbar[i * d + l];
          const dDiff = g.dFbar[i * d + l] + UR * (Math.abs(diff) + g.dFbar[i * d + l]);
          const D = g.Phi[k] * diff;
          const dD = g.Phi[k] * dDiff + g.ePhi[k] * (Math.abs(diff) + dDiff) + UR * (g.Phi[k] + g.ePhi[k]) * (Math.abs(diff) + dDiff);
          G[row] = sq * D;
          dG[row] = sq * (dD + 2 * UR * (Math.abs(D) + dD));
        } else {
          const D = a * g.dphi[k];
          const dD = Math.abs(a) * g.edphi[k] + UR * Math.abs(a) * (g.dphi[k] + g.edphi[k]);
          G[row] = D / sq;
          dG[row] = (dD + 3 * UR * (Math.abs(D) + dD)) / sq;
        }
      }
  const { P, dP } = inputGram(X);
  const bound = new Float64Array(N * N);
  for (let a = 0; a < N; a++)
    for (let b = 0; b < N; b++) {
      let gg = 0;
      let err = 0;
      let mag = 0;
      for (let r = 0; r < m; r++) {
        const ga = G[a * m + r];
        const gb = G[b * m + r];
        const ea = dG[a * m + r];
        const eb = dG[b * m + r];
        gg += ga * gb;
        err += Math.abs(ga) * eb + ea * Math.abs(gb) + ea * eb;
        mag += (Math.abs(ga) + ea) * (Math.abs(gb) + eb);
      }
      const dGG = err + gamma(m) * mag;
      const p = P[(a % n) * n + (b % n)];
      const dp = dP[(a % n) * n + (b % n)];
      bound[a * N + b] = Math.abs(p) * dGG + dp * (Math.abs(gg) + dGG) + UR * (Math.abs(p) + dp) * (Math.abs(gg) + dGG);
    }
  return bound;
}

/**
 * Bound on |Ĥ* − H*| (nd×nd), following `limitKernel` (off-diagonal blocks are exact zeros):
 *   softmax arg = fl(σ²)·p:                Δarg = σ²ΔP + 2u σ²(|p| + ΔP)
 *   exp arg = fl(σ²)(P_ii + P_jj + 2p)/2:  ΔΣ = ΔP_ii + ΔP_jj + 2ΔP + u(2|P_ii| + 2|P_jj| + 2|p|); Δarg = σ²ΔΣ/2 + 2u|arg|
 *     then e = exp(arg) has relative error ρ = expm1(Δarg) + eps, and K = p·e: ΔK = ΔP e(1+ρ) + |p| e ρ + u(|p| + ΔP) e (1+ρ).
 *   ReLU θ = 2·atan2(‖x̂_i − x̂_j‖, ‖x̂_i + x̂_j‖) on normalised rows (see `angleBetween`): each x̂ entry carries
 *     relative error ≤ γ_{d+2} (norm and division), so each component of x̂_i ∓ x̂_j is off by ≤ 2γ_{d+3} absolutely
 *     and the two norms by ≤ 2√d·γ_{d+3} + γ_{d+2}·‖·‖; as ‖x̂_i − x̂_j‖² + ‖x̂_i + x̂_j‖² = 4, atan2's derivative is
 *     ≤ ½ in each argument, so Δθ ≤ 2·(2√d·γ_{d+3} + 2γ_{d+2}) + 2uπ (atan2's own rounding, factor 2).
 *     K = (p·(π̂ − θ))/(2π̂) with |π̂ − π| ≤ uπ, t = (π − θ)/(2π):
 *     ΔK = ΔP(t + Δθ) + |p|(Δθ + 2uπ)/(2π) + 4u|p|t   (subtraction, product, 2π̂, division).
 */
export function limitBound(X: Dense, activation: Activation, sigma: number): Float64Array {
  const { rows: n, cols: d } = X;
  const { P, dP } = inputGram(X);
  const s2 = sigma * sigma;
  const Kb = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const p = P[i * n + j];
      const dp = dP[i * n + j];
      const pii = P[i * n + i];
      const pjj = P[j * n + j];
      if (activation === "relu") {
        const angle = angleBetween(X, i, j);
        const dAngle = 2 * (2 * Math.sqrt(d) * gamma(d + 3) + 2 * gamma(d + 2)) + 2 * UR * Math.PI;
        const theta = (Math.PI - angle) / (2 * Math.PI);
        Kb[i * n + j] = dp * (theta + dAngle) + (Math.abs(p) * (dAngle + 2 * UR * Math.PI)) / (2 * Math.PI) + 4 * UR * Math.abs(p) * theta;
      } else {
        let arg: number;
        let dArg: number;
        if (activation === "softmax") {
          arg = s2 * p;
          dArg = s2 * dp + 2 * UR * s2 * (Math.abs(p) + dp);
        } else {
          const sum = pii + pjj + 2 * p;
          const dSum = dP[i * n + i] + dP[j * n + j] + 2 * dp + UR * (2 * Math.abs(pii) + 2 * Math.abs(pjj) + 2 * Math.abs(p));
          arg = (s2 * sum) / 2;
          dArg = (s2 * dSum) / 2 + 2 * UR * Math.abs(arg);
        }
        const e = Math.exp(arg);
        const rho = Math.expm1(dArg) + EPS;
        Kb[i * n + j] = dp * e * (1 + rho) + Math.abs(p) * e * rho + UR * (Math.abs(p) + dp) * e * (1 + rho);
      }
    }
  const N = n * d;
  const bound = new Float64Array(N * N);
  for (let l = 0; l < d; l++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) bound[(l * n + i) * N + l * n + j] = Kb[i * n + j];
  return bound;
}


/** The worst entry of a comparison against bounds: observed |got − want| over allowed = bound + u·|want| + 2⁻¹⁰⁷⁴. */
export interface BoundComparison {
  /** max_k |got_k − want_k| / allowed_k (NaN never: a non-finite difference gives +∞). */
  readonly ratio: number;
  /** Index of that entry. */
  readonly index: number;
  readonly got: number;
  readonly want: number;
  readonly allowed: number;
}

/**
 * Compares `got` with the exact `want` entry by entry: allowed_k = bound_k + u·|want_k| + 2⁻¹⁰⁷⁴ (the last two
 * terms: `want`'s own correct rounding to double, normal or subnormal); returns the worst ratio (≤ 1: within).
 */
export function compareWithin(got: ArrayLike<number>, want: ArrayLike<number>, bound: ArrayLike<number>): BoundComparison {
  if (got.length !== want.length) throw new RangeError(`compareWithin: ${got.length} entries vs ${want.length}`);
  let worst: BoundComparison = { ratio: 0, index: -1, got: 0, want: 0, allowed: 0 };
  for (let k = 0; k < want.length; k++) {
    const allowed = bound[k] + UR * Math.abs(want[k]) + TINY;
    const diff = Math.abs(got[k] - want[k]);
    const ratio = Number.isNaN(diff) ? Infinity : diff / allowed;
    if (ratio > worst.ratio || worst.index < 0) worst = { ratio, index: k, got: got[k], want: want[k], allowed };
  }
  return worst;
}
