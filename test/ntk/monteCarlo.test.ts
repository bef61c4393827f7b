/**
 * SPEC §3 / N1 (implementation side): for exp and ReLU, E[H(W(0))] = H* exactly at every width, so the
 * Monte-Carlo mean must match H* within its standard error; for softmax the finite-width bias is O(1/m).
 */
import { describe, expect, it } from "vitest";
import { frobenius, subtract } from "../../src/linalg/dense.js";
import { limitNtk } from "../../src/ntk/limit.js";
import { empiricalNtk } from "../../src/ntk/empirical.js";
import { initialWeights } from "../../src/network/init.js";
import { gamma } from "../../src/numerics/tolerance.js";
import { expectedNtk } from "../../src/ntk/monteCarlo.js";
import { Rng } from "../../src/random/rng.js";
import { unitBallRows } from "../../src/data/unitBall.js";

const X = unitBallRows(3, 2, 0.3, new Rng(2024));

describe("expectedNtk", () => {
  for (const activation of ["exp", "relu"] as const) {
    it(`${activation}: every entry of the mean is within 5 standard errors of H*`, () => {
      // 36 entries; with a 5-SE band the chance that an unbiased estimate fails anywhere is < 36·6e-7.
      // Entries with zero variance (structural zeros: none here) must match exactly.
      const est = expectedNtk(X, { activation, m: 16, sigma: 0.5, init: "iid", draws: 400 }, new Rng(7));
      const Hstar = limitNtk(X, activation, 0.5);
      for (let k = 0; k < Hstar.data.length; k++) {
        expect(Math.abs(est.mean.data[k] - Hstar.data[k])).toBeLessThanOrEqual(5 * est.standardError.data[k] + 1e-15);
      }
    });
  }

  it("softmax: the finite-width bias ‖E[H(W(0))] − H*‖_F falls like 1/m (fitted log–log slope ≈ −1)", () => {
    // Measured here (2000 draws): m·bias ≈ 2.7, 3.1, 3.4, 3.6, 3.75 for m = 4 … 64, approaching a constant.
    // The Monte-Carlo error of each bias is ≤ ‖SE‖_F ≈ 0.007–0.02; at 3·‖SE‖_F it moves log(bias) by at most
    // 0.37 at m = 64 (0.12 at m = 8), which moves the least-squares slope over log m ∈ [log 8, log 64] by at
    // most ≈ 0.2. The band [−1.25, −0.75] therefore separates a 1/m bias from a 1/√m one (−0.5) or none (0).
    const widths = [8, 16, 32, 64];
    const logs = widths.map((m) => {
      const est = expectedNtk(X, { activation: "softmax", m, sigma: 0.5, init: "iid", draws: 2000 }, new Rng(11));
      const bias = frobenius(subtract(est.mean, limitNtk(X, "softmax", 0.5)));
      expect(bias).toBeGreaterThan(3 * frobenius(est.standardError));
      return [Math.log(m), Math.log(bias)] as const;
    });
    const mx = logs.reduce((s, [x]) => s + x, 0) / logs.length;
    const my = logs.reduce((s, [, y]) => s + y, 0) / logs.length;
    const slope = logs.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / logs.reduce((s, [x]) => s + (x - mx) ** 2, 0);
    expect(slope).toBeGreaterThan(-1.25);
    expect(slope).toBeLessThan(-0.75);
  });

  it("the mean and standard error are the sample mean and s/√draws of the individual draws", () => {
    const draws = 5;
    const rng = new Rng(3);
    const est = expectedNtk(X, { activation: "relu", m: 4, sigma: 1, init: "iid", draws }, rng);
    const Hs = Array.from({ length: draws }, (_, k) => empiricalNtk(X, initialWeights({ d: 2, m: 4, sigma: 1, init: "iid" }, rng.fork(k)), "relu"));
    for (let e = 0; e < est.mean.data.length; e++) {
      const vals = Hs.map((H) => H.data[e]);
      const mean = vals.reduce((a, b) => a + b, 0) / draws;
      const sd = Math.sqrt(vals.reduce((a, v) => a + (v - mean) ** 2, 0) / (draws - 1));
      // Welford vs two-pass: both within a few γ_5 of the exact values relative to max |H|.
      const scale = Math.max(...vals.map(Math.abs));
      expect(Math.abs(est.mean.data[e] - mean)).toBeLessThanOrEqual(8 * gamma(draws) * scale + Number.MIN_VALUE);
      // Variances: Welford's and the two-pass sum of squares each carry ≤ 4γ_{2·draws}·scale² (Chan, Golub &
      // LeVeque 1983), so the squared standard errors differ by ≤ 8γ_{2·draws}·scale²/draws.
      const seSq = est.standardError.data[e] ** 2;
      expect(Math.abs(seSq - (sd * sd) / draws)).toBeLessThanOrEqual((8 * gamma(2 * draws) * scale * scale) / draws + Number.MIN_VALUE);
    }
    expect(() => expectedNtk(X, { activation: "relu", m: 4, sigma: 1, init: "iid", draws: 0 }, new Rng(3))).toThrow(/draws/);
  });
});
