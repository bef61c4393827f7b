import { describe, expect, it } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { fromRows } from "../../src/linalg/dense.js";
import { inspectInputs, parallelTolerance } from "../../src/data/parallelInputs.js";
import { Rng } from "../../src/random/rng.js";
import { unitBallRows } from "../../src/data/unitBall.js";

describe("inspectInputs", () => {
  it("finds zero rows, duplicates and (anti-)parallel pairs", () => {
    const X = fromRows([
      [0.3, 0.4],
      [0, 0],
      [0.3, 0.4],
      [-0.6, -0.8],
      [0.1, -0.9],
    ]);
    const g = inspectInputs(X);
    expect(g.degenerate.map((e) => `${e.kind}:${e.i},${e.j}`)).toEqual(["zero:1,1", "duplicate:0,2", "parallel:0,3", "parallel:2,3"]);
    expect(g.lambdaIsZero).toBe(true);
    expect(g.nonParallel).toBe(false);
  });

  it("parallel but not duplicate: the sufficient condition fails but λ = 0 is not implied", () => {
    const g = inspectInputs(fromRows([[0.2, 0.1], [0.4, 0.2]]));
    expect(g.lambdaIsZero).toBe(false);
    expect(g.nonParallel).toBe(false);
  });

  test.prop([fc.integer({ min: 2, max: 8 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 0xffffffff })])(
    "generic Gaussian rows are non-parallel, and the reported gap is the smallest 1 − |cos θ|",
    (n, d, seed) => {
      const X = unitBallRows(n, d, 0.1, new Rng(seed));
      const g = inspectInputs(X);
      // Generic rows have 1 − |cos θ| far above the rounding tolerance (probability of a gap below 1e-12 is
      // of order n²·1e-6 for d = 2, smaller for larger d); a failure here would be a real, reportable draw.
      fc.pre(g.minGap > 1e-9);
      expect(g.nonParallel).toBe(true);
      expect(g.minGap).toBeGreaterThan(parallelTolerance(d));
    },
  );

  it("a perturbation well above the rounding tolerance is not parallel; one at rounding level is", () => {
    const tiny = inspectInputs(fromRows([[0.5, 0.5], [0.5, 0.5 * (1 + 2 ** -50)]]));
    expect(tiny.degenerate[0]?.kind).toBe("parallel");
    const clear = inspectInputs(fromRows([[0.5, 0.5], [0.5, 0.5 + 1e-6]]));
    expect(clear.nonParallel).toBe(true);
  });
});
