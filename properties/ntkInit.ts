/**
 * Claims about the NTK at initialisation (SPEC §4 "NTK at initialisation"): N1–N5.
 *
 * Implementation under test: N1–N3 evaluate H(W) through `RunContext.impl` (its ntk); N4 and N5 check only H*
 * and the softmax of the pre-activations, which need no implementation.
 *
 * Randomness: every draw comes from the generated case's seed through `new Rng(seed).fork(label)` (the labels
 * name the claim, width and trial), so a run is a deterministic function of the run seed.
 *
 * @module
 */
import fc from "fast-check";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { type Dense, frobenius, matmul, subtract } from "../src/linalg/dense.js";
import { certifyMinEigenvalue } from "../src/linalg/cholesky.js";
import { extremeEigenpairs } from "../src/linalg/spectrum.js";
import { inspectInputs } from "../src/data/parallelInputs.js";
import { softmaxRows } from "../src/network/forward.js";
import { initialWeights } from "../src/network/init.js";
import type { Activation, Init } from "../src/network/types.js";
import { activationNtkOf } from "../src/implementation/calls.js";
import type { ImplementationMethod } from "../src/implementation/types.js";
import { empiricalNtk } from "../src/ntk/empirical.js";
import { limitKernel, limitNtk } from "../src/ntk/limit.js";
import { type KernelFn, expectedNtk } from "../src/ntk/monteCarlo.js";
import { gamma } from "../src/numerics/tolerance.js";
import { Rng } from "../src/random/rng.js";
import { binomialExcessTest } from "../src/stats/binomialTest.js";
import { type DataKind, type DataSpec, buildData, dataLabels, dataSpec } from "./arbitraries/dataSet.js";
import { type RegisteredClaim, defineClaim } from "./engine/registry.js";
import { caseSlope, describeRate, judgementsSharing, meanWithInterval, rateVerdict } from "./engine/judges.js";
import type { Profile } from "./engine/profiles.js";
import { MIN_MET_FRACTION, fmt } from "./engine/run.js";
import { horizontalLine, powerLawThrough } from "./engine/series.js";
import type { Judgement, ReferenceLine, Series, SeriesPoint, Table, Variant } from "./engine/types.js";
import { ACTIVATION_VARIANTS, SINGLE_VARIANT } from "./engine/variants.js";

/** A data set plus the initial scale σ. */
export interface KernelCase {
  readonly data: DataSpec;
  readonly sigma: number;
}

/** σ ∈ [0.25, 2] and a data set of the given profile's sizes. */
export function kernelCase(profile: Profile, kinds?: DataSpec["kind"][]): fc.Arbitrary<KernelCase> {
  return fc.record({
    data: dataSpec({ maxN: profile.maxN, maxD: profile.maxD, ...(kinds ? { kinds } : {}) }),
    sigma: fc.double({ min: 0.25, max: 2, noNaN: true }),
  });
}

/** Kernel cases with σ in [sigmaMin, sigmaMax], d ≥ minD and the given data kinds (default: all). */
function kernelCaseWith(profile: Profile, opts: { sigmaMin: number; sigmaMax: number; minD?: number; kinds?: readonly DataKind[] }): fc.Arbitrary<KernelCase> {
  return fc.record({
    data: dataSpec({ maxN: profile.maxN, maxD: profile.maxD, minD: opts.minD ?? 1, ...(opts.kinds ? { kinds: opts.kinds } : {}) }),
    sigma: fc.double({ min: opts.sigmaMin, max: opts.sigmaMax, noNaN: true }),
  });
}

/** Coverage labels of a kernel case: data kind, n-vs-d regime and a σ bucket. */
export function kernelLabels(c: KernelCase): string[] {
  return [...dataLabels(c.data), sigmaBucket(c.sigma)];
}

function activationOf(label: string | undefined): Activation {
  return (label ?? "softmax") as Activation;
}

/** Median of a non-empty list (mean of the two middle values for even length). */
function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** The implementation methods N1–N3 call through the run context: the empirical NTK only (N4, N5 call none). */
const NTK_ONLY: readonly ImplementationMethod[] = ["ntk"];

/** The paper's failure probability δ in "with probability ≥ 1 − δ" (N3, N5). */
export const PAPER_DELTA = 0.1;

/** The paper's constant C in B = max{C·σ·√log(nd/δ), 1} (SPEC §4 notation; value uncertain (?)). */
export const PAPER_C = 1;

/** B := max{C·σ·√log(nd/δ), 1} (SPEC §4 notation). */
export function paperB(sigma: number, n: number, d: number, delta = PAPER_DELTA, C = PAPER_C): number {
  return Math.max(C * sigma * Math.sqrt(Math.log((n * d) / delta)), 1);
}

// ---------------------------------------------------------------------------------------------------------
// N1: the limit kernel.
// ---------------------------------------------------------------------------------------------------------

/** Significance level of N1: the per-case Bonferroni family level and the level of the binomial excess test. */
export const N1_ALPHA = 0.01;

/**
 * Largest σ for the exp and softmax variants of N1. The entries of H for exp are averages of log-normal
 * terms e^{⟨w_r, x_i + x_j⟩} with log-variance σ²‖x_i + x_j‖² ≤ 4σ²; at σ = 0.5 that is ≤ 1 (skewness ≤ 6
 * per term), and the studentised means of 60 × 16 terms stay close enough to Gaussian for a Bonferroni
 * z-test at α/(2·#entries). Measured false-alarm rates per case (200 cases, 60 draws, m = 16): 0.5% at
 * σ ≤ 0.5, 2% at σ = 0.75, 7% at σ = 1, 30% at σ = 1.5, 53% at σ = 2, almost all with the mean below H*
 * (the rare large terms have not been drawn yet). ReLU is scale-free in σ and uses the full range. For softmax
 * the same bound keeps the widths 16…128 in the 1/m regime: the finite-width bias is pre-asymptotic while
 * m ≲ e^{cσ²} (at σ = 2, m·‖E H − H*‖_F still doubles per doubling of m up to m = 128, see the table N1 reports).
 */
export const N1_SIGMA_MAX_HEAVY = 0.5;

/** The unbiasedness check of N1 (exp, ReLU) runs at the profile's widths up to this one. */
export const N1_UNBIASED_MAX_WIDTH = 256;

/** The softmax bias sweep of N1 uses the first this-many widths of the profile (16…128). */
export const N1_SOFTMAX_WIDTH_COUNT = 4;

/**
 * Monte-Carlo draws per neuron for the softmax bias sweep, as a fraction of `profile.mcDraws`: draws(m) =
 * mcDraws·m·N1_SOFTMAX_DRAWS_FACTOR. The bias falls like 1/m and the Monte-Carlo error like 1/√(m·draws),
 * so draws ∝ m keeps their ratio fixed across the sweep (≈ 4–25 at quick for n ≤ 4, d ≤ 3, σ ≤ 0.5).
 */
export const N1_SOFTMAX_DRAWS_FACTOR = 0.5;

/** A width enters the softmax bias fit only when ‖mean − H*‖_F exceeds this multiple of ‖SE‖_F. */
export const N1_NOISE_FACTOR = 3;

/** A limit-NTK function (H* for inputs X, activation, σ): the seam N1's mutation test replaces. */
export type LimitNtkFn = (X: Dense, activation: Activation, sigma: number) => Dense;

/** A limit-kernel function (K for inputs X, activation, σ): the seam N4's mutation test replaces. */
export type LimitKernelFn = (X: Dense, activation: Activation, sigma: number) => Dense;

/** One width of N1's unbiasedness check (exp, ReLU). */
export interface N1WidthCheck {
  readonly m: number;
  readonly draws: number;
  /** Distinct entries (lower triangle) whose standard error exceeds the rounding allowance, i.e. tested by a z-score. */
  readonly entries: number;
  /** max |z| over those entries, z = (mean − H*)/SE. */
  readonly maxAbsZ: number;
  /** Bonferroni threshold: the t_{draws−1} quantile at 1 − α/(2·entries). */
  readonly zCrit: number;
  /** Entries with SE at rounding level (0 in exact arithmetic) whose mean differs from H* beyond rounding (each is an exceedance). */
  readonly zeroSeMismatches: number;
  /** True when max |z| > z_crit or some zero-SE entry mismatches. */
  readonly exceeded: boolean;
  /** ‖mean − H*‖_F / ‖H*‖_F. */
  readonly relativeFrobeniusError: number;
  /** Mean over all entries of |mean − H*|. */
  readonly meanAbsoluteError: number;
  /** ‖SE‖_F / ‖H*‖_F: the Monte-Carlo noise level the error is compared with. */
  readonly relativeMcError: number;
}

/** One width of N1's softmax bias sweep. */
export interface N1BiasPoint {
  readonly m: number;
  readonly draws: number;
  /** ‖mean − H*‖_F. */
  readonly bias: number;
  /** ‖SE‖_F, the Monte-Carlo error of the mean. */
  readonly mcError: number;
  /** bias > N1_NOISE_FACTOR · mcError: the width enters the slope fit. */
  readonly usable: boolean;
}

/** N1 measurement of one case: unbiasedness (exp, ReLU) or the 1/m bias sweep (softmax). */
export type N1Measurement =
  | { readonly kind: "unbiased"; readonly sigma: number; readonly checks: readonly N1WidthCheck[] }
  | { readonly kind: "bias"; readonly sigma: number; readonly points: readonly N1BiasPoint[]; readonly slope: number | null };

/** Widths of the softmax bias sweep at a profile. */
function n1SoftmaxWidths(profile: Profile): number[] {
  return profile.widths.slice(0, N1_SOFTMAX_WIDTH_COUNT);
}

/** Monte-Carlo draws of the softmax bias sweep at width m. */
function n1SoftmaxDraws(profile: Profile, m: number): number {
  return Math.max(2, Math.round(profile.mcDraws * m * N1_SOFTMAX_DRAWS_FACTOR));
}

/** One softmax bias point: ‖mean − H*‖_F and ‖SE‖_F from `draws` initialisations, H evaluated by `kernel`. */
function softmaxBiasPoint(X: Dense, sigma: number, m: number, draws: number, Hstar: Dense, rng: Rng, kernel: KernelFn): N1BiasPoint {
  const est = expectedNtk(X, { activation: "softmax", m, sigma, init: "iid", draws }, rng, kernel);
  const bias = frobenius(subtract(est.mean, Hstar));
  const mcError = frobenius(est.standardError);
  return { m, draws, bias, mcError, usable: bias > N1_NOISE_FACTOR * mcError };
}

/**
 * Measures N1 on one case. For exp and ReLU: at each width ≤ {@link N1_UNBIASED_MAX_WIDTH} of the profile,
 * the Monte-Carlo mean of H(W(0)) over `profile.mcDraws` draws is compared entrywise with `limit(X, …)` by
 * z-scores (distinct entries of the symmetric matrix only). For softmax: ‖mean − H*‖_F and its Monte-Carlo
 * error at the first {@link N1_SOFTMAX_WIDTH_COUNT} widths, with draws ∝ m, and the log–log slope over the
 * widths whose bias stands above the noise.
 *
 * @param c - the case (data and σ); all draws come from `new Rng(c.data.seed).fork(…)`.
 * @param activation - the network.
 * @param profile - supplies widths and mcDraws.
 * @param limit - the limit NTK to test against (the seam for mutation tests; default {@link limitNtk}).
 * @param kernel - the empirical NTK whose mean is estimated (the implementation under test; default {@link empiricalNtk}).
 */
export function n1Measure(c: KernelCase, activation: Activation, profile: Profile, limit: LimitNtkFn = limitNtk, kernel: KernelFn = empiricalNtk): N1Measurement {
  const X = buildData(c.data);
  const Hstar = limit(X, activation, c.sigma);
  const root = new Rng(c.data.seed).fork(`N1/${activation}`);
  if (activation === "softmax") {
    const points = n1SoftmaxWidths(profile).map((m) => softmaxBiasPoint(X, c.sigma, m, n1SoftmaxDraws(profile, m), Hstar, root.fork(m), kernel));
    const usable = points.filter((p) => p.usable);
    const slope = usable.length >= 2 ? caseSlope(usable.map((p) => p.m), usable.map((p) => p.bias)).slope : null;
    return { kind: "bias", sigma: c.sigma, points, slope };
  }
  const draws = profile.mcDraws;
  const N = Hstar.rows;
  const hstarNorm = frobenius(Hstar);
  const checks = profile.widths
    .filter((m) => m <= N1_UNBIASED_MAX_WIDTH)
    .map((m): N1WidthCheck => {
      const est = expectedNtk(X, { activation, m, sigma: c.sigma, init: "iid", draws }, root.fork(m), kernel);
      let entries = 0;
      let maxAbsZ = 0;
      let zeroSeMismatches = 0;
      // Rounding allowance per entry: H is a sum of m products averaged over the draws, so its float error is
      // ≤ γ_{m+draws+32} times the magnitudes involved, which |H*| + √draws·SE (mean plus one spread) stands in
      // for. An entry whose SE is below it is deterministic in exact arithmetic (e.g. exp with x_j = −x_i gives
      // e^{u}·e^{−u} = 1 in every draw) and is compared with H* up to the allowance instead of by a z-score.
      const roundingFactor = gamma(m + draws + 32);
      for (let a = 0; a < N; a++) {
        for (let b = 0; b <= a; b++) {
          const e = a * N + b;
          const diff = est.mean.data[e] - Hstar.data[e];
          const se = est.standardError.data[e];
          const allowance = roundingFactor * (Math.abs(Hstar.data[e]) + Math.sqrt(draws) * se);
          if (se <= allowance) {
            if (Math.abs(diff) > allowance) zeroSeMismatches++;
            continue;
          }
          entries++;
          maxAbsZ = Math.max(maxAbsZ, Math.abs(diff / se));
        }
      }
      // The SE is estimated from `draws` samples, so under normality z follows t_{draws−1}: its quantile is the
      // exact threshold (→ Φ⁻¹ as draws → ∞; at 60 draws and 78 entries it is 4.1 instead of Φ⁻¹'s 3.8).
      const zCrit = entries > 0 ? tQuantile(1 - N1_ALPHA / (2 * entries), draws - 1) : Infinity;
      const diffs = subtract(est.mean, Hstar);
      let abs = 0;
      for (const v of diffs.data) abs += Math.abs(v);
      return {
        m,
        draws,
        entries,
        maxAbsZ,
        zCrit,
        zeroSeMismatches,
        exceeded: zeroSeMismatches > 0 || maxAbsZ > zCrit,
        relativeFrobeniusError: hstarNorm > 0 ? frobenius(diffs) / hstarNorm : Infinity,
        meanAbsoluteError: abs / diffs.data.length,
        relativeMcError: hstarNorm > 0 ? frobenius(est.standardError) / hstarNorm : Infinity,
      };
    });
  return { kind: "unbiased", sigma: c.sigma, checks };
}

function judgeN1Unbiased(ms: readonly N1Measurement[], cases: readonly KernelCase[], activation: Activation): Judgement {
  const rows: { c: KernelCase; k: N1WidthCheck }[] = [];
  ms.forEach((m, i) => {
    if (m.kind === "unbiased") for (const k of m.checks) rows.push({ c: cases[i], k });
  });
  if (rows.length === 0) {
    return { verdict: "inconclusive", reason: "no case was measured", keyNumber: { name: "max relative Frobenius error", value: null }, slack: null, measurements: {}, tables: [] };
  }
  const failures = rows.filter((r) => r.k.exceeded).length;
  const test = binomialExcessTest(failures, rows.length, N1_ALPHA, N1_ALPHA);
  const rel = rows.map((r) => r.k.relativeFrobeniusError);
  const mae = rows.map((r) => r.k.meanAbsoluteError);
  const ratios = rows.filter((r) => r.k.maxAbsZ > 0 || r.k.zeroSeMismatches > 0).map((r) => (r.k.zeroSeMismatches > 0 ? 0 : r.k.zCrit / r.k.maxAbsZ));
  // z_crit ÷ max|z| of the worst trial. Not the verdict's slack: single trials exceed the threshold with
  // probability α by design and the verdict judges their rate, so it is reported as a measurement only.
  const worstZRatio = ratios.length > 0 ? Math.min(...ratios) : null;
  const maxRel = Math.max(...rel);
  const widths = [...new Set(rows.map((r) => r.k.m))].sort((a, b) => a - b);
  const perWidth = widths.map((w) => {
    const at = rows.filter((r) => r.k.m === w);
    return [
      w,
      at.length,
      at.filter((r) => r.k.exceeded).length,
      median(at.map((r) => r.k.relativeFrobeniusError)),
      Math.max(...at.map((r) => r.k.relativeFrobeniusError)),
      median(at.map((r) => r.k.meanAbsoluteError)),
      median(at.map((r) => r.k.relativeMcError)),
    ];
  });
  const worst = [...rows].sort((a, b) => b.k.maxAbsZ / b.k.zCrit - a.k.maxAbsZ / a.k.zCrit).slice(0, 5);
  const sigmaMax = Math.max(...rows.map((r) => r.c.sigma));
  const verdict = test.significant ? "violated" : "holds";
  return {
    verdict,
    reason:
      `${failures} of ${rows.length} (case, width) trials exceed the Bonferroni z threshold (α = ${N1_ALPHA}); ` +
      `excess over α ${test.significant ? "significant" : "not significant"} (p = ${fmt(test.pValue)}); ` +
      `relative Frobenius error median ${fmt(median(rel))}, max ${fmt(maxRel)}; ${activation}, σ ≤ ${fmt(sigmaMax)}, widths ${widths[0]}…${widths[widths.length - 1]}, ${rows[0].k.draws} draws`,
    keyNumber: { name: "max relative Frobenius error", value: maxRel },
    slack: null,
    measurements: {
      worstZRatio,
      trials: rows.length,
      exceedances: failures,
      exceedanceRate: test.rate,
      pValue: test.pValue,
      rateLower: test.interval.lower,
      rateUpper: test.interval.upper,
      medianRelativeFrobeniusError: median(rel),
      maxRelativeFrobeniusError: maxRel,
      medianMeanAbsoluteError: median(mae),
      maxMeanAbsoluteError: Math.max(...mae),
      zeroSeMismatches: rows.reduce((a, r) => a + r.k.zeroSeMismatches, 0),
      sigmaMax,
      draws: rows[0].k.draws,
    },
    tables: [
      {
        title: `N1 (${activation}): Monte-Carlo mean of H(W(0)) vs H* by width (relative errors are ‖mean − H*‖_F/‖H*‖_F; the MC error ‖SE‖_F/‖H*‖_F is the noise level they should match)`,
        columns: ["m", "cases", "exceedances", "median rel. Frobenius error", "max rel. Frobenius error", "median mean |error|", "median rel. MC error"],
        rows: perWidth,
      },
      {
        title: `N1 (${activation}): the five (case, width) trials closest to the threshold (max |z| ÷ z_crit)`,
        columns: ["data", "n", "d", "σ", "m", "max |z|", "z_crit", "rel. Frobenius error"],
        rows: worst.map((r) => [r.c.data.kind, r.c.data.n, r.c.data.d, r.c.sigma, r.k.m, r.k.zeroSeMismatches > 0 ? "∞ (zero-variance entry mismatches)" : r.k.maxAbsZ, r.k.zCrit, r.k.relativeFrobeniusError]),
      },
    ],
  };
}

/** σ values of the pre-asymptotic table of N1's softmax variant (not part of its verdict). */
const N1_PRE_ASYMPTOTIC_SIGMAS = [0.5, 1, 2];

function judgeN1Bias(ms: readonly N1Measurement[], cases: readonly KernelCase[], profile: Profile, seed: number, kernel: KernelFn): Judgement {
  const widths = n1SoftmaxWidths(profile);
  const rows: (string | number | null)[][] = [];
  const slopes: number[] = [];
  let growth = 0;
  let droppedPoints = 0;
  let droppedCases = 0;
  ms.forEach((m, i) => {
    if (m.kind !== "bias") return;
    const c = cases[i];
    const usable = m.points.filter((p) => p.usable);
    droppedPoints += m.points.length - usable.length;
    if (m.slope === null) droppedCases++;
    else slopes.push(m.slope);
    if (usable.length >= 2) {
      const scaled = usable.map((p) => p.m * p.bias);
      growth = Math.max(growth, Math.max(...scaled) / Math.min(...scaled));
    }
    rows.push([c.data.kind, c.data.n, c.data.d, c.sigma, ...m.points.map((p) => (p.usable ? p.m * p.bias : null)), m.slope]);
  });
  // How the bias behaves at larger σ (pre-asymptotic while m ≲ e^{cσ²}): the SPEC's example size n = 3, d = 2.
  const X = buildData({ kind: "sphere", n: 3, d: 2, seed: seed >>> 0 });
  const rng = new Rng(seed >>> 0).fork("N1/pre-asymptotic");
  const preRows = N1_PRE_ASYMPTOTIC_SIGMAS.map((sigma) => {
    const Hstar = limitNtk(X, "softmax", sigma);
    const pts = widths.map((m) => softmaxBiasPoint(X, sigma, m, Math.max(2, Math.round(n1SoftmaxDraws(profile, m) / 4)), Hstar, rng.fork(`${sigma}/${m}`), kernel));
    const usable = pts.filter((p) => p.usable);
    const slope = usable.length >= 2 ? caseSlope(usable.map((p) => p.m), usable.map((p) => p.bias)).slope : null;
    return [sigma, ...pts.map((p) => (p.usable ? p.m * p.bias : null)), slope];
  });
  const tables: Table[] = [
    {
      title: `N1 (softmax): m·‖mean − H*‖_F per case (empty: bias below ${N1_NOISE_FACTOR}× its Monte-Carlo error, not fitted) and the fitted log–log slope of the bias`,
      columns: ["data", "n", "d", "σ", ...widths.map((m) => `m·bias @${m}`), "slope"],
      rows,
    },
    {
      title: "N1 (softmax), not part of the verdict: m·bias on the sphere (n = 3, d = 2) at larger σ — the 1/m regime starts only at m ≫ e^{cσ²}",
      columns: ["σ", ...widths.map((m) => `m·bias @${m}`), "slope"],
      rows: preRows,
    },
  ];
  const base = { growthOfMBias: growth, casesWithSlope: slopes.length, casesDropped: droppedCases, widthsBelowNoise: droppedPoints };
  if (slopes.length < 2) {
    return {
      verdict: "inconclusive",
      reason: `only ${slopes.length} case(s) had ≥ 2 widths with the bias above ${N1_NOISE_FACTOR}× its Monte-Carlo error`,
      keyNumber: { name: "fitted slope", value: slopes.length === 1 ? slopes[0] : null },
      slack: null,
      measurements: base,
      tables,
    };
  }
  const ci = meanWithInterval(slopes);
  return {
    verdict: rateVerdict(ci.lower, ci.upper, -1),
    reason:
      `bias ${describeRate(ci.mean, ci.lower, ci.upper, -1)} over ${ci.n} data sets (σ ≤ ${N1_SIGMA_MAX_HEAVY}), widths ${widths[0]}…${widths[widths.length - 1]}; ` +
      `m·bias varies by ≤ ${fmt(growth)}× within a case; ${droppedPoints} width(s) below the noise floor, ${droppedCases} case(s) without a slope`,
    keyNumber: { name: "fitted slope", value: ci.mean },
    slack: null,
    measurements: { ...base, slope: ci.mean, slopeLower: ci.lower, slopeUpper: ci.upper },
    tables,
  };
}

/**
 * Judges N1 measurements. exp / ReLU: a (case, width) trial exceeds when its max |z| passes the Bonferroni
 * threshold (family level {@link N1_ALPHA}) or a zero-variance entry mismatches; the count of exceedances is
 * violated when significantly above α (exact binomial test). Softmax: the mean of the per-case slopes of the
 * bias against m must lie in −1 ± RATE_MARGIN ({@link rateVerdict}). The softmax judge also tabulates the bias
 * at larger σ (not part of the verdict), evaluating H with `kernel` (default {@link empiricalNtk}).
 */
export function n1Judge(ms: readonly N1Measurement[], cases: readonly KernelCase[], activation: Activation, profile: Profile, seed: number, kernel: KernelFn = empiricalNtk): Judgement {
  return activation === "softmax" ? judgeN1Bias(ms, cases, profile, seed, kernel) : judgeN1Unbiased(ms, cases, activation);
}

/** The generator of N1 cases for a variant: σ ≤ {@link N1_SIGMA_MAX_HEAVY} for exp and softmax, [0.25, 2] for ReLU. */
function n1Generator(variant: Variant, profile: Profile): fc.Arbitrary<KernelCase> {
  return activationOf(variant.activation) === "relu" ? kernelCase(profile) : kernelCaseWith(profile, { sigmaMin: 0.25, sigmaMax: N1_SIGMA_MAX_HEAVY });
}

/**
 * Builds claim N1 against a given limit NTK (the default is the library's {@link limitNtk}; mutation tests
 * pass a wrong one and expect `violated`).
 */
export function makeN1Claim(limit: LimitNtkFn = limitNtk): RegisteredClaim {
  return defineClaim<KernelCase, N1Measurement>({
    id: "N1",
    family: "ntkInit",
    title: "The limit kernel H*",
    statement:
      "For exp and ReLU, E[H(W(0))] = H* at every width (the Monte-Carlo mean matches H* within its Monte-Carlo error); " +
      "for softmax the random normaliser adds a finite-width bias ‖E[H(W(0))] − H*‖_F of order 1/m.",
    provenance: "derived",
    paperLocation: "SPEC §3 (H* table) and §4 N1",
    implementation: NTK_ONLY,
    variants: () => ACTIVATION_VARIANTS,
    generator: n1Generator,
    // The softmax sweep costs far more per case than the others (draws ∝ m); half the profile's cases, but at
    // least 20 (the engine's case count cannot depend on the variant).
    cases: (profile) => Math.max(Math.min(profile.cases, 20), Math.round(profile.cases / 2)),
    classify: kernelLabels,
    rule: {
      kind: "aggregate",
      measure: (c, variant, ctx) => n1Measure(c, activationOf(variant.activation), ctx.profile, limit, activationNtkOf(ctx.impl)),
      judge: (ms, cases, variant, ctx) => n1Judge(ms, cases, activationOf(variant.activation), ctx.profile, ctx.seed, activationNtkOf(ctx.impl)),
    },
  });
}

/** N1: E[H(W(0))] = H* for exp and ReLU; an O(1/m) bias for softmax. */
export const N1 = makeN1Claim();

// ---------------------------------------------------------------------------------------------------------
// N2: concentration rate.
// ---------------------------------------------------------------------------------------------------------

/** The σ buckets of the coverage labels, the σ tables and the figures' legends, in order. */
const SIGMA_BUCKETS = ["σ<0.75", "σ∈[0.75,1.5)", "σ≥1.5"] as const;

/** σ bucket of a case (one of {@link SIGMA_BUCKETS}). */
function sigmaBucket(sigma: number): string {
  return sigma < 0.75 ? SIGMA_BUCKETS[0] : sigma < 1.5 ? SIGMA_BUCKETS[1] : SIGMA_BUCKETS[2];
}

/**
 * N2's figure: ‖H(W(0)) − H*‖_F against m for every case (one trace per data set, coloured by σ bucket), with
 * the power law of the fitted mean slope and the claimed m^{−1/2}, both through the data's log–log centroid.
 */
function n2Series(ms: readonly { errors: readonly number[]; sigma: number }[], widths: readonly number[], variant: string, ci: { mean: number; lower: number; upper: number }): Series {
  const points: SeriesPoint[] = ms.flatMap((m, k) => widths.map((w, j) => ({ x: w, y: m.errors[j], group: sigmaBucket(m.sigma), trace: `case ${k + 1}` })));
  const reference = [
    powerLawThrough(points, ci.mean, `fit: slope ${fmt(ci.mean)} [${fmt(ci.lower)}, ${fmt(ci.upper)}]`),
    powerLawThrough(points, -0.5, "claimed: slope −1/2"),
  ].filter((r): r is ReferenceLine => r !== null);
  return {
    id: "concentration",
    title: `N2 (${variant}): distance of the initial NTK from its limit vs width`,
    caption: "One line per generated data set (RMS over 3 initialisations per width). Parallel to the dashed 'claimed' line means the m^{−1/2} rate holds; the 'fit' line is the mean of the per-data-set slopes.",
    xLabel: "width m (neurons, log scale)",
    yLabel: "‖H(W(0)) − H*‖_F (log scale)",
    xScale: "log",
    yScale: "log",
    groupLabel: "σ bucket",
    groups: SIGMA_BUCKETS,
    mark: "line+point",
    points,
    reference,
  };
}

/** N2: ‖H(W(0)) − H*‖_F falls like m^{−1/2}. */
export const N2 = defineClaim<KernelCase, { slope: number; errors: number[]; sigma: number }>({
  id: "N2",
  family: "ntkInit",
  title: "Concentration of the NTK at initialisation",
  statement: "‖H(W(0)) − H*‖_F shrinks like m^{−1/2} as the width m grows.",
  provenance: "paper (reconstructed)",
  paperLocation: "initialisation lemma (Section 5; constants (?))",
  implementation: NTK_ONLY,
  variants: () => ACTIVATION_VARIANTS,
  generator: (_v, profile) => kernelCase(profile, ["sphere", "ball", "iris"]),
  cases: (profile) => Math.max(8, Math.round(profile.cases / 2)),
  classify: kernelLabels,
  rule: {
    kind: "aggregate",
    measure: (c, variant, ctx) => {
      const X = buildData(c.data);
      const activation = activationOf(variant.activation);
      const kernel = activationNtkOf(ctx.impl);
      const Hstar = limitNtk(X, activation, c.sigma);
      const rng = new Rng(c.data.seed).fork("N2");
      // Three independent draws per width, averaged in squared norm (E‖H − H*‖²_F ∝ 1/m), reduce the noise of
      // the per-case slope without changing its expectation.
      const errors = ctx.profile.widths.map((m) => {
        let acc = 0;
        for (let k = 0; k < 3; k++) {
          const w = initialWeights({ d: X.cols, m, sigma: c.sigma, init: "iid" }, rng.fork(`${m}/${k}`));
          acc += frobenius(subtract(kernel(X, w, activation), Hstar)) ** 2;
        }
        return Math.sqrt(acc / 3);
      });
      return { slope: caseSlope(ctx.profile.widths, errors).slope, errors, sigma: c.sigma };
    },
    judge: (ms, _cases, variant, ctx) => {
      const slopes = ms.map((m) => m.slope);
      const ci = meanWithInterval(slopes);
      const verdict = rateVerdict(ci.lower, ci.upper, -0.5);
      const widths = ctx.profile.widths;
      const bySigma = [
        ["σ<0.75", ms.filter((m) => m.sigma < 0.75)],
        ["σ∈[0.75,1.5)", ms.filter((m) => m.sigma >= 0.75 && m.sigma < 1.5)],
        ["σ≥1.5", ms.filter((m) => m.sigma >= 1.5)],
      ] as const;
      const tailRows = bySigma.map(([label, group]) => {
        if (group.length === 0) return [label, 0, null, null];
        const last = group.map((g) => g.errors[widths.length - 1] * Math.sqrt(widths[widths.length - 1])).sort((a, b) => a - b);
        const median = last[Math.floor(last.length / 2)];
        return [label, group.length, meanWithInterval(group.map((g) => g.slope)).mean, last[last.length - 1] / median];
      });
      return {
        verdict,
        reason: describeRate(ci.mean, ci.lower, ci.upper, -0.5) + ` over ${ci.n} data sets, widths ${widths[0]}…${widths[widths.length - 1]}`,
        keyNumber: { name: "fitted slope", value: ci.mean },
        slack: null,
        measurements: { slope: ci.mean, slopeLower: ci.lower, slopeUpper: ci.upper, cases: ci.n },
        tables: [
          {
            title: "Concentration by σ: fitted slope and heavy tails (max ÷ median of √m·‖H − H*‖_F at the largest width)",
            columns: ["σ bucket", "cases", "mean slope", "max/median"],
            rows: tailRows,
          },
        ],
        series: [n2Series(ms, widths, variant.label, ci)],
      };
    },
  },
});

// ---------------------------------------------------------------------------------------------------------
// N3: minimum eigenvalue at initialisation.
// ---------------------------------------------------------------------------------------------------------

/** N3's event is λ_min(H(W(0))) ≥ N3_EIGEN_FRACTION · λ. */
export const N3_EIGEN_FRACTION = 0.75;

/**
 * Data whose closest pair has 1 − |cos θ| below this (θ ≲ 2.6°) count as "tiny λ" for N3 (assumption
 * unmet): λ then is a small multiple of the angular gap, and the width N3 needs grows like λ^{−2}, beyond any
 * sweep (the generator's near-parallel data have gaps 10^{−4}…10^{−12}).
 */
export const N3_MIN_ANGULAR_GAP = 1e-3;

/** One width of one N3 case. */
export interface N3WidthResult {
  readonly m: number;
  readonly failures: number;
  readonly trials: number;
  readonly pValue: number;
  readonly significant: boolean;
  /** Median over trials of λ_min(H(W(0)))/λ. */
  readonly medianRatio: number;
}

/** N3 measurement of one case. */
export type N3Measurement =
  | { readonly status: "unmet"; readonly reason: string }
  | {
      readonly status: "met";
      readonly lambda: number;
      readonly B: number;
      /** m_paper = λ^{-2} n² d² e^{18B} log²(nd/δ), and its log10 (m_paper may exceed 10^300). */
      readonly mPaper: number;
      readonly log10MPaper: number;
      readonly widths: readonly N3WidthResult[];
      /** Smallest width from which on the failure rate is ≤ δ and not significantly above it; null if none. */
      readonly mEmp: number | null;
    };

/** log10 of m_paper = λ^{-2} n² d² e^{18B} log²(nd/δ) (SPEC §4 N3, constants (?)). */
export function log10PaperWidth(lambda: number, n: number, d: number, B: number, delta = PAPER_DELTA): number {
  const L = Math.log((n * d) / delta);
  return (-2 * Math.log(lambda) + 2 * Math.log(n * d) + 18 * B + 2 * Math.log(L)) / Math.LN10;
}

/**
 * Measures N3 on one case: failure counts of λ_min(H(W(0))) ≥ ¾λ over profile.trials seeds per width, H evaluated
 * by `kernel` (the implementation under test; default {@link empiricalNtk}).
 */
export function n3Measure(c: KernelCase, init: Init, profile: Profile, kernel: KernelFn = empiricalNtk): N3Measurement {
  const X = buildData(c.data);
  const geometry = inspectInputs(X);
  if (geometry.lambdaIsZero) return { status: "unmet", reason: "duplicate or zero inputs (λ = 0)" };
  if (!geometry.nonParallel) return { status: "unmet", reason: "parallel inputs" };
  if (geometry.minGap < N3_MIN_ANGULAR_GAP) return { status: "unmet", reason: `tiny λ (angular gap 1 − |cos θ| < ${N3_MIN_ANGULAR_GAP})` };
  const lambda = extremeEigenpairs(limitKernel(X, "softmax", c.sigma)).lambdaMin;
  if (!(lambda > 0)) return { status: "unmet", reason: "λ ≤ 0 numerically" };
  const { rows: n, cols: d } = X;
  const B = paperB(c.sigma, n, d);
  const log10MPaper = log10PaperWidth(lambda, n, d, B);
  const root = new Rng(c.data.seed).fork(`N3/${init}`);
  const threshold = N3_EIGEN_FRACTION * lambda;
  const widths = profile.widths.map((m): N3WidthResult => {
    let failures = 0;
    const ratios: number[] = [];
    for (let t = 0; t < profile.trials; t++) {
      const weights = initialWeights({ d, m, sigma: c.sigma, init }, root.fork(`${m}/${t}`));
      const lmin = extremeEigenpairs(kernel(X, weights, "softmax")).lambdaMin;
      ratios.push(lmin / lambda);
      if (!(lmin >= threshold)) failures++;
    }
    const test = binomialExcessTest(failures, profile.trials, PAPER_DELTA);
    return { m, failures, trials: profile.trials, pValue: test.pValue, significant: test.significant, medianRatio: median(ratios) };
  });
  let mEmp: number | null = null;
  for (let k = widths.length - 1; k >= 0; k--) {
    const w = widths[k];
    if (w.significant || w.failures / w.trials > PAPER_DELTA) break;
    mEmp = w.m;
  }
  return { status: "met", lambda, B, mPaper: 10 ** log10MPaper, log10MPaper, widths, mEmp };
}

/**
 * N3's figure: the median over seeds of λ_min(H(W(0)))/λ against m, one trace per data set meeting the
 * assumptions, with the claimed level ¾.
 */
function n3Series(met: readonly { c: KernelCase; m: Extract<N3Measurement, { status: "met" }> }[], widths: readonly number[], variant: string): Series {
  const points: SeriesPoint[] = met.flatMap(({ c, m }, k) => m.widths.map((w) => ({ x: w.m, y: w.medianRatio, group: sigmaBucket(c.sigma), trace: `case ${k + 1}` })));
  return {
    id: "min-eigenvalue",
    title: `N3 (${variant}): smallest eigenvalue of the initial NTK relative to λ vs width`,
    caption: `One line per data set meeting the assumptions (median over ${met[0]?.m.widths[0]?.trials ?? 0} seeds per width). The claim needs λ_min(H(W(0)))/λ ≥ ¾ in all but a fraction δ = ${PAPER_DELTA} of seeds once m ≥ m_paper; m_paper lies far beyond these widths (see the table).`,
    xLabel: "width m (neurons, log scale)",
    yLabel: "median λ_min(H(W(0))) / λ",
    xScale: "log",
    yScale: "linear",
    groupLabel: "σ bucket",
    groups: SIGMA_BUCKETS,
    mark: "line+point",
    points,
    reference: [horizontalLine(`claimed level ${N3_EIGEN_FRACTION}`, N3_EIGEN_FRACTION, widths[0], widths[widths.length - 1])],
  };
}

function judgeN3(ms: readonly N3Measurement[], cases: readonly KernelCase[], profile: Profile, variant: string): Judgement {
  const met: { c: KernelCase; m: Extract<N3Measurement, { status: "met" }> }[] = [];
  const unmet: Record<string, number> = {};
  ms.forEach((m, i) => {
    if (m.status === "met") met.push({ c: cases[i], m });
    else unmet[`unmet: ${m.reason}`] = (unmet[`unmet: ${m.reason}`] ?? 0) + 1;
  });
  const widths = profile.widths;
  const maxWidth = widths[widths.length - 1];
  const rows = met.map(({ c, m }) => [
    c.data.kind,
    c.data.n,
    c.data.d,
    c.sigma,
    m.lambda,
    m.B,
    m.mEmp,
    m.mPaper,
    m.mEmp === null ? null : m.mPaper / m.mEmp,
    m.widths.map((w) => `${w.failures}`).join(" "),
    m.widths[m.widths.length - 1].medianRatio,
  ]);
  const reached = met.filter((x) => x.m.mEmp !== null);
  const ratios = reached.map((x) => x.m.mPaper / (x.m.mEmp as number));
  const log10Ratios = reached.map((x) => x.m.log10MPaper - Math.log10(x.m.mEmp as number));
  if (ratios.length > 0) {
    rows.push(["median", null, null, null, null, null, median(reached.map((x) => x.m.mEmp as number)), median(met.map((x) => x.m.mPaper)), median(ratios), "", null]);
  }
  const table: Table = {
    title: `N3: m_emp (smallest width from which on λ_min(H(W(0))) < ¾λ in ≤ δ = ${PAPER_DELTA} of ${profile.trials} seeds, not significantly more) vs m_paper = λ⁻² n² d² e^{18B} log²(nd/δ) (C = ${PAPER_C} (?)); failures per width ${widths[0]}…${maxWidth}; median λ_min(H)/λ at the largest width`,
    columns: ["data", "n", "d", "σ", "λ", "B", "m_emp", "m_paper", "m_paper/m_emp", `failures of ${profile.trials} per width`, `median λ_min(H)/λ @${maxWidth}`],
    rows,
  };
  const series = [n3Series(met, widths, variant)];
  const measurements = {
    casesMet: met.length,
    casesReached: reached.length,
    medianMEmp: reached.length > 0 ? median(reached.map((x) => x.m.mEmp as number)) : null,
    medianLog10MPaper: met.length > 0 ? median(met.map((x) => x.m.log10MPaper)) : null,
    medianLog10Ratio: log10Ratios.length > 0 ? median(log10Ratios) : null,
    ...unmet,
  };
  const keyNumber = { name: "median m_paper ÷ m_emp", value: ratios.length > 0 ? median(ratios) : null };
  const slack = ratios.length > 0 ? Math.min(...ratios) : null;
  const judged = judgementsSharing({ keyNumber, slack, measurements, tables: [table], series });
  if (met.length === 0) return judged("assumption-unmet", `no case met the assumptions (${Object.keys(unmet).join("; ")})`);
  const beyondPaper = met.flatMap(({ c, m }) => m.widths.filter((w) => w.m >= m.mPaper && w.significant).map((w) => ({ c, w })));
  if (beyondPaper.length > 0) {
    const first = beyondPaper[0];
    return judged(
      "violated",
      `at width ${first.w.m} ≥ m_paper the failure rate ${fmt(first.w.failures / first.w.trials)} is significantly above δ = ${PAPER_DELTA} (p = ${fmt(first.w.pValue)}; ${first.c.data.kind}, σ = ${fmt(first.c.sigma)})`,
    );
  }
  const testedAtPaper = met.some(({ m }) => m.widths.some((w) => w.m >= m.mPaper));
  const paperNote = testedAtPaper ? "" : `; no tested width reaches m_paper (median m_paper = 10^${fmt(median(met.map((x) => x.m.log10MPaper)))})`;
  if (met.length < cases.length * MIN_MET_FRACTION) return judged("inconclusive", `only ${met.length} of ${cases.length} cases met the assumptions${paperNote}`);
  const unreached = met.filter((x) => x.m.mEmp === null);
  if (unreached.length > 0) {
    const sig = unreached.map((x) => fmt(x.c.sigma)).join(", ");
    return judged(
      "inconclusive",
      `m_emp not reached within the sweep (≤ ${maxWidth}) for ${unreached.length} of ${met.length} cases (σ = ${sig}); where reached, median m_emp = ${fmt(measurements.medianMEmp)} and m_paper/m_emp = 10^${fmt(measurements.medianLog10Ratio)}${paperNote}`,
    );
  }
  return judged(
    "holds",
    `m_emp reached for all ${met.length} cases: median m_emp = ${fmt(measurements.medianMEmp)}, median m_paper/m_emp = 10^${fmt(measurements.medianLog10Ratio)}${paperNote}`,
  );
}

/** Variants of N3: the softmax network under both initialisations. */
export const N3_VARIANTS: readonly Variant[] = [
  { label: "init=iid", init: "iid", activation: "softmax" },
  { label: "init=coupled", init: "coupled", activation: "softmax" },
];

/** N3: λ_min(H(W(0))) ≥ ¾λ with probability ≥ 1 − δ once m is large enough; m_emp vs m_paper. */
export const N3 = defineClaim<KernelCase, N3Measurement>({
  id: "N3",
  family: "ntkInit",
  title: "Minimum eigenvalue at initialisation",
  statement: "λ_min(H(W(0))) ≥ ¾λ with probability ≥ 1 − δ once m ≥ m_paper = λ⁻² n² d² e^{18B} log²(nd/δ) (constants (?)).",
  provenance: "paper (reconstructed)",
  paperLocation: "initialisation lemma (Section 5; constants (?))",
  implementation: NTK_ONLY,
  variants: () => N3_VARIANTS,
  // d ≥ 2: with d = 1 every pair of rows is parallel, so such cases could only be skipped.
  generator: (_v, profile) => kernelCaseWith(profile, { sigmaMin: 0.25, sigmaMax: 2, minD: 2 }),
  // Duplicate and near-parallel data (2 of 5 kinds) are skipped as unmet, so the profile's full case count.
  cases: (profile) => profile.cases,
  classify: kernelLabels,
  rule: {
    kind: "aggregate",
    measure: (c, variant, ctx) => n3Measure(c, variant.init ?? "iid", ctx.profile, activationNtkOf(ctx.impl)),
    judge: (ms, cases, variant, ctx) => judgeN3(ms, cases, ctx.profile, variant.label),
  },
});

// ---------------------------------------------------------------------------------------------------------
// N4: positive definiteness of H*.
// ---------------------------------------------------------------------------------------------------------

/**
 * Builds claim N4 against a given limit kernel (the default is the library's {@link limitKernel}; mutation
 * tests pass a kernel that is not PSD and expect `violated`).
 */
export function makeN4Claim(kernel: LimitKernelFn = limitKernel): RegisteredClaim {
  return defineClaim<KernelCase, never>({
    id: "N4",
    family: "ntkInit",
    title: "Positive definiteness of H*",
    statement: "λ = λ_min(H*) > 0 whenever the inputs are pairwise non-parallel; duplicates make λ = 0 (assumption unmet).",
    provenance: "derived",
    paperLocation: "SPEC §3 (Schur product theorem on K = Σ_k σ^{2k}/k! P^{∘(k+1)})",
    variants: () => ACTIVATION_VARIANTS,
    generator: (_v, profile) => kernelCase(profile),
    cases: (profile) => profile.cases * 2,
    examples: () => [
      { data: { kind: "duplicate", n: 3, d: 2, seed: 1 }, sigma: 1 },
      { data: { kind: "nearParallel", n: 4, d: 2, seed: 2 }, sigma: 0.25 },
    ],
    classify: kernelLabels,
    rule: {
      kind: "each",
      // Near-parallel and duplicate inputs are generated on purpose (2 of 5 data kinds), so a large unmet
      // fraction is expected and is not by itself inconclusive.
      maxUnmetFraction: 0.8,
      check: (c, variant) => {
        const X = buildData(c.data);
        const geometry = inspectInputs(X);
        if (geometry.lambdaIsZero) return { status: "unmet", reason: "duplicate or zero inputs (λ = 0)" };
        if (!geometry.nonParallel) return { status: "unmet", reason: "parallel inputs" };
        const K = kernel(X, activationOf(variant.activation), c.sigma);
        const cert = certifyMinEigenvalue(K, 0);
        if (cert.status === "certified") {
          // Slack: how many rounding margins λ̂_min(K) lies above zero (the certificate needs ≥ 1).
          const lambda = extremeEigenpairs(K).lambdaMin;
          return { status: "holds", slack: lambda / cert.margin, measured: { lambdaMin: lambda, margin: cert.margin, minAngleGap: geometry.minGap } };
        }
        if (cert.status === "refuted") return { status: "violated", slack: null, detail: `λ_min(K) < 0 proven: ${cert.reason}` };
        return { status: "unmet", reason: "λ below the rounding margin (near-parallel inputs)" };
      },
    },
  });
}

/** N4: λ = λ_min(K) > 0 for pairwise non-parallel inputs, certified by Cholesky with a rounding margin. */
export const N4 = makeN4Claim();

// ---------------------------------------------------------------------------------------------------------
// N5: bounded pre-activations.
// ---------------------------------------------------------------------------------------------------------

/** One width of one N5 case. */
export interface N5WidthResult {
  readonly m: number;
  /** Seeds with B̂ > B. */
  readonly failures: number;
  readonly trials: number;
  /** The empirical (1 − δ)-quantile of B̂ over the seeds. */
  readonly quantile: number;
  /** Smallest C for which B = max{C·σ·√log(nd/δ), 1} ≥ that quantile (0 when the floor 1 already suffices). */
  readonly cNeeded: number;
  /** max over seeds of max_{i,r} |log(m·S_{i,r})| / (2B̂): the deterministic part needs ≤ 1. */
  readonly worstLogRatio: number;
  /** Seeds where e^{−2B̂} ≤ m·S_{i,r} ≤ e^{2B̂} failed beyond rounding (each one is a violation). */
  readonly deterministicViolations: number;
}

/** N5 measurement of one case. */
export interface N5Measurement {
  readonly B: number;
  readonly widths: readonly N5WidthResult[];
}

/** Measures N5 on one case: B̂ against B and the ratio bounds of m·S over profile.trials seeds per width. */
export function n5Measure(c: KernelCase, profile: Profile): N5Measurement {
  const X = buildData(c.data);
  const { rows: n, cols: d } = X;
  const B = paperB(c.sigma, n, d);
  const scaleC = c.sigma * Math.sqrt(Math.log((n * d) / PAPER_DELTA));
  const root = new Rng(c.data.seed).fork("N5");
  const widths = profile.widths.map((m): N5WidthResult => {
    const bHats: number[] = [];
    let failures = 0;
    let worstLogRatio = 0;
    let deterministicViolations = 0;
    // Rounding: m·S carries relative error ≤ (m + 3 + 2B̂)·u (a sum of m positive terms, one exp whose argument
    // is off by ≤ 2B̂·u, a division and the product by m); γ_{2m+64} covers it for B̂ ≤ 30 with room.
    const tol = gamma(2 * m + 64);
    for (let t = 0; t < profile.trials; t++) {
      const { W } = initialWeights({ d, m, sigma: c.sigma, init: "iid" }, root.fork(`${m}/${t}`));
      const U = matmul(X, W);
      let bHat = 0;
      for (const u of U.data) bHat = Math.max(bHat, Math.abs(u));
      bHats.push(bHat);
      if (bHat > B) failures++;
      const S = softmaxRows(U);
      const hi = Math.exp(2 * bHat);
      const lo = Math.exp(-2 * bHat);
      let bad = false;
      for (const s of S.data) {
        const ms = m * s;
        if (ms > hi * (1 + tol) || ms < lo * (1 - tol)) bad = true;
        if (bHat > 0) worstLogRatio = Math.max(worstLogRatio, Math.abs(Math.log(ms)) / (2 * bHat));
      }
      if (bad) deterministicViolations++;
    }
    bHats.sort((a, b) => a - b);
    const quantile = bHats[Math.max(0, Math.ceil((1 - PAPER_DELTA) * bHats.length) - 1)];
    return { m, failures, trials: profile.trials, quantile, cNeeded: quantile <= 1 ? 0 : quantile / scaleC, worstLogRatio, deterministicViolations };
  });
  return { B, widths };
}

function judgeN5(ms: readonly N5Measurement[], cases: readonly KernelCase[], profile: Profile): Judgement {
  const widths = profile.widths;
  const perWidth = widths.map((m, k) => {
    const at = ms.map((x) => x.widths[k]);
    const failures = at.reduce((a, w) => a + w.failures, 0);
    const trials = at.reduce((a, w) => a + w.trials, 0);
    const test = binomialExcessTest(failures, trials, PAPER_DELTA);
    const c = at.map((w) => w.cNeeded);
    return { m, failures, trials, test, medianC: median(c), maxC: Math.max(...c) };
  });
  const deterministic = ms.flatMap((x, i) => x.widths.filter((w) => w.deterministicViolations > 0).map((w) => ({ c: cases[i], w })));
  const worstLogRatio = Math.max(...ms.flatMap((x) => x.widths.map((w) => w.worstLogRatio)));
  const buckets = [
    ["σ<0.75", (s: number) => s < 0.75],
    ["σ∈[0.75,1.5)", (s: number) => s >= 0.75 && s < 1.5],
    ["σ≥1.5", (s: number) => s >= 1.5],
  ] as const;
  const bucketRows = buckets.map(([label, inBucket]) => {
    const idx = cases.map((c, i) => (inBucket(c.sigma) ? i : -1)).filter((i) => i >= 0);
    return [label, idx.length, ...widths.map((_, k) => (idx.length === 0 ? null : idx.reduce((a, i) => a + ms[i].widths[k].failures, 0) / idx.reduce((a, i) => a + ms[i].widths[k].trials, 0)))];
  });
  const slacks = ms.flatMap((x) => x.widths.map((w) => x.B / w.quantile));
  const slack = slacks.length > 0 ? Math.min(...slacks) : null;
  const last = perWidth[perWidth.length - 1];
  const significant = perWidth.filter((w) => w.test.significant);
  const tables: Table[] = [
    {
      title: `N5: P(B̂ > B) per width, pooled over ${ms.length} cases × ${profile.trials} seeds (B = max{C·σ·√log(nd/δ), 1}, C = ${PAPER_C} (?), δ = ${PAPER_DELTA}); Clopper–Pearson 99% interval; C_needed = (1−δ)-quantile of B̂ ÷ (σ√log(nd/δ)), or 0 when that quantile is ≤ 1 (the floor of B covers it for any C)`,
      columns: ["m", "failures", "trials", "rate", "CP lower", "CP upper", "p-value", "significant", "median C_needed", "max C_needed"],
      rows: perWidth.map((w) => [w.m, w.failures, w.trials, w.test.rate, w.test.interval.lower, w.test.interval.upper, w.test.pValue, w.test.significant ? "yes" : "no", w.medianC, w.maxC]),
    },
    { title: "N5: failure rate P(B̂ > B) by σ bucket and width", columns: ["σ bucket", "cases", ...widths.map((m) => `m=${m}`)], rows: bucketRows },
  ];
  const series: Series[] = [
    {
      id: "failure-rate",
      title: "N5: how often the realised pre-activation bound B̂ exceeds the paper's B, by width",
      caption: `Fraction of initialisations with B̂ = max|⟨w_r(0), x_i⟩| > B = max{C·σ·√log(nd/δ), 1} (C = ${PAPER_C} (?)), pooled over all cases and by σ bucket. The claim allows a rate up to δ = ${PAPER_DELTA} (dashed); B̂ grows like σ√(2 log(nm)), so the rate rises with m.`,
      xLabel: "width m (neurons, log scale)",
      yLabel: "P(B̂ > B) (fraction of seeds)",
      xScale: "log",
      yScale: "linear",
      groupLabel: "cases",
      mark: "line+point",
      points: [
        ...perWidth.map((w) => ({ x: w.m, y: w.test.rate, group: "all cases" })),
        ...bucketRows.flatMap((row) =>
          widths.flatMap((m, k): SeriesPoint[] => {
            const rate = row[2 + k];
            return typeof rate === "number" ? [{ x: m, y: rate, group: `${String(row[0])} (${String(row[1])} cases)` }] : [];
          }),
        ),
      ],
      reference: [horizontalLine(`δ = ${PAPER_DELTA} (allowed rate)`, PAPER_DELTA, widths[0], widths[widths.length - 1])],
    },
  ];
  const measurements = {
    failureRateAtLargestWidth: last.test.rate,
    rateLowerAtLargestWidth: last.test.interval.lower,
    rateUpperAtLargestWidth: last.test.interval.upper,
    maxCNeededAtLargestWidth: last.maxC,
    smallestSignificantWidth: significant.length > 0 ? significant[0].m : null,
    significantWidths: significant.map((w) => w.m),
    failureRates: perWidth.map((w) => w.test.rate),
    worstDeterministicLogRatio: worstLogRatio,
    deterministicViolations: deterministic.reduce((a, x) => a + x.w.deterministicViolations, 0),
  };
  const keyNumber = { name: `P(B̂ > B) at m = ${last.m}`, value: last.test.rate };
  const judged = judgementsSharing({ keyNumber, slack, measurements, tables, series });
  if (deterministic.length > 0) {
    const first = deterministic[0];
    return judged(
      "violated",
      `deterministic part violated: m·S outside [e^{−2B̂}, e^{2B̂}] in ${first.w.deterministicViolations} seed(s) at m = ${first.w.m} (${first.c.data.kind}, σ = ${fmt(first.c.sigma)})`,
    );
  }
  if (significant.length > 0) {
    const w0 = significant[0];
    return judged(
      "violated",
      `P(B̂ ≤ B) ≥ 1 − δ fails from m = ${w0.m} on (${significant.length} of ${widths.length} widths significant): rate ${fmt(w0.test.rate)} ` +
        `[${fmt(w0.test.interval.lower)}, ${fmt(w0.test.interval.upper)}] at m = ${w0.m}, ${fmt(last.test.rate)} at m = ${last.m}; ` +
        `C would have to be ≥ ${fmt(last.maxC)} at m = ${last.m}. The deterministic part held (max |log(m·S)|/(2B̂) = ${fmt(worstLogRatio)})`,
    );
  }
  return judged(
    "holds",
    `P(B̂ > B) not significantly above δ = ${PAPER_DELTA} at any width (rate ${fmt(last.test.rate)} at m = ${last.m}); deterministic part held (max |log(m·S)|/(2B̂) = ${fmt(worstLogRatio)})`,
  );
}

/** N5: P(B̂ ≤ B) ≥ 1 − δ, and e^{−2B} ≤ m·S_{i,r} ≤ e^{2B} on that event (deterministic). */
export const N5 = defineClaim<KernelCase, N5Measurement>({
  id: "N5",
  family: "ntkInit",
  title: "Bounded pre-activations at initialisation",
  statement: "P(B̂ ≤ B) ≥ 1 − δ for B̂ = max_{r,i}|⟨w_r(0), x_i⟩| and B = max{C·σ·√log(nd/δ), 1}; on that event e^{−2B} ≤ m·S_{i,r} ≤ e^{2B}.",
  provenance: "paper (reconstructed)",
  paperLocation: "initialisation lemma (Section 5; C (?))",
  variants: () => SINGLE_VARIANT,
  generator: (_v, profile) => kernelCase(profile),
  cases: (profile) => Math.max(6, Math.round(profile.cases / 2)),
  classify: kernelLabels,
  rule: {
    kind: "aggregate",
    measure: (c, _variant, ctx) => n5Measure(c, ctx.profile),
    judge: (ms, cases, _variant, ctx) => judgeN5(ms, cases, ctx.profile),
  },
});

/** The claims of this family, in id order. */
export const NTK_INIT_CLAIMS: readonly RegisteredClaim[] = [N1, N2, N3, N4, N5];
