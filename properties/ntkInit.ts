/**
 * Claims about the NTK at initialisation (SPEC §4 "NTK at initialisation"): N1–N5.
 *
 * @module
 */
import fc from "fast-check";
import { frobenius, subtract } from "../src/linalg/dense.js";
import { certifyMinEigenvalue } from "../src/linalg/cholesky.js";
import { extremeEigenpairs } from "../src/linalg/spectrum.js";
import { inspectInputs } from "../src/data/parallelInputs.js";
import { initialWeights } from "../src/network/init.js";
import type { Activation } from "../src/network/types.js";
import { empiricalNtk } from "../src/ntk/empirical.js";
import { limitKernel, limitNtk } from "../src/ntk/limit.js";
import { Rng } from "../src/random/rng.js";
import { type DataSpec, buildData, dataLabels, dataSpec } from "./arbitraries/dataSet.js";
import { type RegisteredClaim, defineClaim } from "./engine/registry.js";
import { caseSlope, describeRate, meanWithInterval, rateVerdict } from "./engine/judges.js";
import type { Profile } from "./engine/profiles.js";
import { ACTIVATION_VARIANTS } from "./engine/variants.js";

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

/** Coverage labels of a kernel case: data kind, n-vs-d regime and a σ bucket. */
export function kernelLabels(c: KernelCase): string[] {
  return [...dataLabels(c.data), c.sigma < 0.75 ? "σ<0.75" : c.sigma < 1.5 ? "σ∈[0.75,1.5)" : "σ≥1.5"];
}

function activationOf(label: string | undefined): Activation {
  return (label ?? "softmax") as Activation;
}

/** N2: ‖H(W(0)) − H*‖_F falls like m^{−1/2}. */
export const N2 = defineClaim<KernelCase, { slope: number; errors: number[]; sigma: number }>({
  id: "N2",
  family: "ntkInit",
  title: "Concentration of the NTK at initialisation",
  statement: "‖H(W(0)) − H*‖_F shrinks like m^{−1/2} as the width m grows.",
  provenance: "paper (reconstructed)",
  paperLocation: "initialisation lemma (Section 5; constants (?))",
  variants: () => ACTIVATION_VARIANTS,
  generator: (_v, profile) => kernelCase(profile, ["sphere", "ball", "iris"]),
  cases: (profile) => Math.max(8, Math.round(profile.cases / 2)),
  classify: kernelLabels,
  rule: {
    kind: "aggregate",
    measure: (c, variant, ctx) => {
      const X = buildData(c.data);
      const activation = activationOf(variant.activation);
      const Hstar = limitNtk(X, activation, c.sigma);
      const rng = new Rng(c.data.seed).fork("N2");
      // Three independent draws per width, averaged in squared norm (E‖H − H*‖²_F ∝ 1/m), reduce the noise of
      // the per-case slope without changing its expectation.
      const errors = ctx.profile.widths.map((m) => {
        let acc = 0;
        for (let k = 0; k < 3; k++) {
          const w = initialWeights({ d: X.cols, m, sigma: c.sigma, init: "iid" }, rng.fork(`${m}/${k}`));
          acc += frobenius(subtract(empiricalNtk(X, w, activation), Hstar)) ** 2;
        }
        return Math.sqrt(acc / 3);
      });
      return { slope: caseSlope(ctx.profile.widths, errors).slope, errors, sigma: c.sigma };
    },
    judge: (ms, _cases, _variant, ctx) => {
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
      };
    },
  },
});

/** N4: λ = λ_min(K) > 0 for pairwise non-parallel inputs, certified by Cholesky with a rounding margin. */
export const N4 = defineClaim<KernelCase, never>({
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
      const K = limitKernel(X, activationOf(variant.activation), c.sigma);
      const cert = certifyMinEigenvalue(K, 0);
      if (cert.status === "certified") {
        // Slack: how many rounding margins λ̂_min(K) lies above zero (≥ 1 is what the certificate needs).
        const lambda = extremeEigenpairs(K).lambdaMin;
        return { status: "holds", slack: lambda / cert.margin, measured: { lambdaMin: lambda, margin: cert.margin, minAngleGap: geometry.minGap } };
      }
      if (cert.status === "refuted") return { status: "violated", slack: null, detail: `λ_min(K) < 0 proven: ${cert.reason}` };
      return { status: "unmet", reason: "λ below the rounding margin (near-parallel inputs)" };
    },
  },
});

/** The claims of this family, in id order. */
export const NTK_INIT_CLAIMS: readonly RegisteredClaim[] = [N2, N4];

