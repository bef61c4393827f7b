/**
 * The diffusion claims D1–D5 (SPEC §4) at the quick profile: the derived claims D1–D3 hold for every variant;
 * D4 and D5 produce verdicts, key numbers, tables and figures, and a violated paper claim is printed as a finding,
 * not a failure. Mutation checks: a score model with α_t and h_t swapped in Tweedie's map, or with the score's sign
 * flipped, makes D1 violated; the softmax-network form of D3 catches a wrong bias.
 */
import { describe, expect, it } from "vitest";
import { type Dense, zeros } from "../../src/linalg/dense.js";
import { coefficients } from "../../src/diffusion/ornsteinUhlenbeck.js";
import { pointSet } from "../../src/diffusion/distributions/points.js";
import { tweedieRows } from "../../src/diffusion/scoreModel.js";
import { PROFILES } from "../../properties/engine/profiles.js";
import { runRegistered } from "../../properties/engine/registry.js";
import type { ClaimResult } from "../../properties/engine/types.js";
import type { RegisteredClaim } from "../../properties/engine/registry.js";
import { D4, D5, DIFFUSION_CLAIMS, inputBound, makeD1Claim, posteriorMeanNetwork, signTestPValue, softmaxPosteriorMean } from "../../properties/diffusion.js";
import { CLAIMS } from "../../properties/index.js";
import { SEED, expectWellFormedResults } from "./helpers.js";

const quick = PROFILES.quick;

/** Each claim runs once at the quick profile; later tests reuse the result. */
const cache = new Map<string, ClaimResult>();
function quickResult(claim: RegisteredClaim): ClaimResult {
  const hit = cache.get(claim.id);
  if (hit) return hit;
  const result = runRegistered(claim, quick, SEED);
  cache.set(claim.id, result);
  return result;
}

/** Tweedie's map with α_t and h_t swapped: (h_t·m − x)/α_t. */
function swappedTweedie(times: Float64Array, X: Dense, M: Dense): Dense {
  const d = X.cols;
  const out = zeros(X.rows, d);
  for (let i = 0; i < X.rows; i++) {
    const { alpha, h } = coefficients(times[i]);
    for (let j = 0; j < d; j++) out.data[i * d + j] = (h * M.data[i * d + j] - X.data[i * d + j]) / alpha;
  }
  return out;
}

/** Tweedie's map with the sign flipped: (x − α_t m)/h_t. */
function flippedTweedie(times: Float64Array, X: Dense, M: Dense): Dense {
  const s = tweedieRows(times, X, M);
  for (let k = 0; k < s.data.length; k++) s.data[k] = -s.data[k];
  return s;
}

describe("diffusion claims at the quick profile", () => {
  it("the family registers D1–D5 in id order", () => {
    expect(DIFFUSION_CLAIMS.map((c) => c.id)).toEqual(["D1", "D2", "D3", "D4", "D5"]);
  });

  for (const claim of DIFFUSION_CLAIMS) {
    const derived = claim.provenance === "derived";
    it(`${claim.id}: every variant has a verdict, a key number and coverage${derived ? ", and holds" : ", tables and figures"}`, () => {
      expectWellFormedResults(claim, quickResult(claim), quick, (r, where) => {
        if (derived) expect(r.verdict, where).toBe("holds");
        else {
          expect(r.tables.length, where).toBeGreaterThan(0);
          for (const t of r.tables) for (const row of t.rows) expect(row.length, t.title).toBe(t.columns.length);
          expect((r.series ?? []).length, where).toBeGreaterThan(0);
          if (r.verdict === "violated") console.log(`finding (paper claim violated): ${where}`);
        }
      });
    });
  }

  it("D4 reports its three parts; D5 reports every dimension and is deterministic given the run seed", () => {
    const d5a = quickResult(D5).results;
    const d5b = runRegistered(D5, quick, SEED).results;
    expect(d5b).toEqual(d5a);
    expect(d5a[0].measurements.dimensions).toEqual([1, 2, 4, 8]);
    const d4 = quickResult(D4).results[0];
    for (const key of ["rateSlope", "rateVerdict", "signTestP", "stoppingVerdict", "gapSlope", "gapVerdict", "rateAgainstHalf"]) expect(d4.measurements, key).toHaveProperty(key);
  });

  it("the diffusion claims are registered in the claim registry", () => {
    for (const id of ["D1", "D2", "D3", "D4", "D5"]) expect(CLAIMS.map((c) => c.id)).toContain(id);
  });
});

describe("mutation checks", () => {
  it("D1 is violated when Tweedie's map swaps α_t and h_t", () => {
    const r = runRegistered(makeD1Claim(swappedTweedie), quick, SEED).results;
    for (const v of r) {
      expect(v.verdict, v.reason).toBe("violated");
      expect(v.reason).toContain("pointwise identity fails");
      expect(v.replay).toBeDefined();
    }
  });

  it("D1 is violated when the score's sign is flipped", () => {
    for (const v of runRegistered(makeD1Claim(flippedTweedie), quick, SEED).results) expect(v.verdict, v.reason).toBe("violated");
  });

  it("D3's network form is exact, and a wrong bias (dropping −α²‖z‖²/(2h)) changes the posterior mean", () => {
    const Z = { rows: 3, cols: 2, data: new Float64Array([0.9, 0, -0.2, 0.3, 0.1, -0.8]) };
    const X = { rows: 2, cols: 2, data: new Float64Array([0.3, 0.1, -0.5, 0.4]) };
    const t = 0.3;
    const lib = pointSet(Z).posteriorMean(t, X);
    const net = posteriorMeanNetwork(Z, t, X);
    const formula = softmaxPosteriorMean(Z, t, X);
    for (let k = 0; k < 4; k++) {
      expect(Math.abs(net.data[k] - lib.data[k])).toBeLessThan(1e-14);
      expect(Math.abs(formula.data[k] - lib.data[k])).toBeLessThan(1e-14);
    }
    // Without the bias the weights are softmax(α⟨x, z⟩/h): a different function.
    const { alpha, h } = coefficients(t);
    let diff = 0;
    for (let i = 0; i < 2; i++) {
      const logits = [0, 1, 2].map((k) => (alpha * (X.data[i * 2] * Z.data[k * 2] + X.data[i * 2 + 1] * Z.data[k * 2 + 1])) / h);
      const mx = Math.max(...logits);
      const w = logits.map((l) => Math.exp(l - mx));
      const s = w.reduce((a, b) => a + b, 0);
      for (let j = 0; j < 2; j++) diff = Math.max(diff, Math.abs([0, 1, 2].reduce((a, k) => a + (w[k] / s) * Z.data[k * 2 + j], 0) - lib.data[i * 2 + j]));
    }
    expect(diff).toBeGreaterThan(1e-3);
  });
});

describe("helpers", () => {
  it("inputBound is r_0 + C·√(d log(n/δ)) and the sign test is the binomial tail", () => {
    expect(inputBound(1, 2, 512, 1, 0.1)).toBeCloseTo(1 + Math.sqrt(2 * Math.log(5120)), 12);
    expect(signTestPValue(8, 8)).toBeCloseTo(1 / 256, 14);
    expect(signTestPValue(0, 8)).toBe(1);
    expect(signTestPValue(7, 8)).toBeCloseTo(9 / 256, 14);
  });
});
