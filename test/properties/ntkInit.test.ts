/**
 * The "NTK at initialisation" claims N1–N5 (SPEC §4) at the quick profile: every variant yields a verdict, a
 * key number and coverage; the derived claims (N1, N4) are never violated; violated paper claims are printed
 * as findings, not failures. Mutation checks show that N1 catches a wrong limit kernel and N4 a kernel that
 * is not positive semi-definite.
 */
import { describe, expect, it } from "vitest";
import { type Dense, gram, zeros } from "../../src/linalg/dense.js";
import type { Activation } from "../../src/network/types.js";
import { blockDiagonal, limitKernel, limitNtk } from "../../src/ntk/limit.js";
import { buildData } from "../../properties/arbitraries/dataSet.js";
import { PROFILES } from "../../properties/engine/profiles.js";
import { runRegistered } from "../../properties/engine/registry.js";
import type { Variant } from "../../properties/engine/types.js";
import { N1, N5, NTK_INIT_CLAIMS, makeN1Claim, makeN4Claim, n1Judge, n1Measure, type KernelCase } from "../../properties/ntkInit.js";
import { SEED, expectWellFormedResults } from "./helpers.js";

const quick = PROFILES.quick;

const variant = (activation: Activation): Variant => ({ label: activation, activation });

/** exp "limit" missing the factor exp(σ²(‖x_i‖² + ‖x_j‖²)/2): the softmax kernel p·exp(σ²p) in its place. */
function expWithoutExpFactor(X: Dense, activation: Activation, sigma: number): Dense {
  return limitNtk(X, activation === "exp" ? "softmax" : activation, sigma);
}

/** ReLU "limit" with the angle taken as arccos of the unnormalised inner product p (wrong off the unit sphere). */
function reluUnnormalisedAngle(X: Dense, activation: Activation, sigma: number): Dense {
  if (activation !== "relu") return limitNtk(X, activation, sigma);
  const P = gram(X);
  const n = P.rows;
  const K = zeros(n, n);
  for (let k = 0; k < n * n; k++) {
    const p = P.data[k];
    K.data[k] = (p * (Math.PI - Math.acos(Math.max(-1, Math.min(1, p))))) / (2 * Math.PI);
  }
  return blockDiagonal(K, X.cols);
}

/** A kernel that is not PSD: the softmax kernel with the sign of the exponent flipped, p·exp(−σ²p). */
function flippedExponentKernel(X: Dense, _activation: Activation, sigma: number): Dense {
  const K = gram(X);
  for (let k = 0; k < K.data.length; k++) K.data[k] *= Math.exp(-sigma * sigma * K.data[k]);
  return K;
}

describe("NTK-at-initialisation claims at the quick profile", () => {
  it("the family registers N1–N5 in id order", () => {
    expect(NTK_INIT_CLAIMS.map((c) => c.id)).toEqual(["N1", "N2", "N3", "N4", "N5"]);
  });

  for (const claim of NTK_INIT_CLAIMS) {
    const derived = claim.provenance === "derived";
    it(`${claim.id}: every variant has a verdict, a key number and coverage${derived ? ", and is not violated" : ""}`, () => {
      expectWellFormedResults(claim, runRegistered(claim, quick, SEED), quick, (r, where) => {
        if (derived) expect(r.verdict, where).not.toBe("violated");
        else if (r.verdict === "violated") console.log(`finding (paper claim violated): ${where}`);
      });
    });
  }

  it("N5 is deterministic given the run seed", () => {
    const a = runRegistered(N5, quick, SEED).results;
    const b = runRegistered(N5, quick, SEED).results;
    expect(b).toEqual(a);
  });
});

describe("N1 mutation checks: a wrong limit kernel is caught", () => {
  it("exp: H* without the factor exp(σ²(‖x_i‖² + ‖x_j‖²)/2) is violated (the correct H* is not)", () => {
    const broken = makeN1Claim(expWithoutExpFactor).run(variant("exp"), quick, SEED);
    expect(broken.verdict, broken.reason).toBe("violated");
    const correct = N1.run(variant("exp"), quick, SEED);
    expect(correct.verdict, correct.reason).not.toBe("violated");
  });

  it("ReLU: arccos of the unnormalised inner product is violated (the correct H* is not)", () => {
    const broken = makeN1Claim(reluUnnormalisedAngle).run(variant("relu"), quick, SEED);
    expect(broken.verdict, broken.reason).toBe("violated");
    const correct = N1.run(variant("relu"), quick, SEED);
    expect(correct.verdict, correct.reason).not.toBe("violated");
  });

  it("the seam n1Measure/n1Judge: the broken ReLU kernel on ball data exceeds the threshold at every width", () => {
    const cases: KernelCase[] = [1, 2, 3].map((seed) => ({ data: { kind: "ball", n: 3, d: 2, seed }, sigma: 1 }));
    const ms = cases.map((c) => n1Measure(c, "relu", quick, reluUnnormalisedAngle));
    for (const m of ms) {
      expect(m.kind).toBe("unbiased");
      if (m.kind === "unbiased") for (const k of m.checks) expect(k.exceeded, `m = ${k.m}: max|z| = ${k.maxAbsZ}, z_crit = ${k.zCrit}`).toBe(true);
    }
    expect(n1Judge(ms, cases, "relu", quick, SEED).verdict).toBe("violated");
  });

  it("exp with x_j = −x_i: the entry e^{u}·e^{−u} is deterministic up to rounding and is not a false alarm", () => {
    // Find a one-dimensional sphere data set whose two rows have opposite signs (rows are ±1).
    let seed = 0;
    while (buildData({ kind: "sphere", n: 2, d: 1, seed }).data[0] === buildData({ kind: "sphere", n: 2, d: 1, seed }).data[1]) seed++;
    const m = n1Measure({ data: { kind: "sphere", n: 2, d: 1, seed }, sigma: 0.5 }, "exp", quick);
    expect(m.kind).toBe("unbiased");
    if (m.kind === "unbiased") {
      for (const k of m.checks) {
        expect(k.zeroSeMismatches).toBe(0);
        expect(k.entries).toBe(2); // the two diagonal entries; the antiparallel one has no variance
      }
    }
  });
});

describe("N4 mutation check: a kernel that is not PSD is caught", () => {
  it("p·exp(−σ²p) gives violated with a shrunk, replayable counterexample", () => {
    const r = makeN4Claim(flippedExponentKernel).run(variant("softmax"), quick, SEED);
    expect(r.verdict, r.reason).toBe("violated");
    expect(r.reason).toMatch(/λ_min\(K\) < 0 proven/);
    expect(r.replay).toBeDefined();
  });

  it("the library kernel passes the same run", () => {
    const r = makeN4Claim(limitKernel).run(variant("softmax"), quick, SEED);
    expect(r.verdict, r.reason).toBe("holds");
  });
});
