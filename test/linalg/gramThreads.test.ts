/**
 * The two-thread Gram (src/linalg/threads/gramThreads.ts) and its row split (`gramRowsInto`): any split of the rows,
 * and the helper thread's half, give bit for bit the one-thread Gram matrix.
 */
import { afterEach, describe, expect, it } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { gram, gramRowsInto } from "../../src/linalg/dense.js";
import { gramLowerInParallel, kernelThreads, PARALLEL_MIN_WORK, setKernelThreads } from "../../src/linalg/threads/gramThreads.js";

function matrix(P: number, q: number, seed: number): Float64Array {
  return Float64Array.from({ length: P * q }, (_, k) => Math.sin(seed + 0.37 * k) * (k % 11 === 0 ? 0 : 1));
}

function lowerOf(out: Float64Array, P: number): number[] {
  const v: number[] = [];
  for (let i = 0; i < P; i++) for (let j = 0; j <= i; j++) v.push(out[i * P + j]);
  return v;
}

afterEach(() => {
  setKernelThreads({ threads: 2 });
});

describe("Gram rows and threads", () => {
  test.prop([fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 70 }), fc.nat(), fc.nat()], { numRuns: 100 })(
    "gramRowsInto over any two row ranges = the whole lower triangle, bit for bit",
    (P, q, cut, seed) => {
      const a = matrix(P, q, seed);
      const whole = new Float64Array(P * P);
      gramRowsInto(a, P, q, whole, 0, P);
      const split = new Float64Array(P * P);
      const s = cut % (P + 1);
      gramRowsInto(a, P, q, split, 0, s);
      gramRowsInto(a, P, q, split, s, P);
      expect(lowerOf(split, P).every((v, k) => Object.is(v, lowerOf(whole, P)[k]))).toBe(true);
    },
  );

  it("the helper thread's half gives the one-thread Gram bit for bit (sizes around the block edges)", () => {
    for (const [P, q, seed] of [[8, 3, 1], [37, 129, 2], [130, 515, 3], [257, 1024, 4]]) {
      const A = { rows: P, cols: q, data: matrix(P, q, seed) };
      setKernelThreads({ threads: 1 });
      const one = gram(A);
      setKernelThreads({ threads: 2, minWork: 0 });
      expect(kernelThreads()).toBe(2);
      const out = new Float64Array(P * P);
      // The parallel path must really run here (vitest's forks are main threads), or the comparison is vacuous.
      expect(gramLowerInParallel(A.data, P, q, out)).toBe(true);
      const two = gram(A);
      expect(two.data.every((v, k) => Object.is(v, one.data[k])), `P=${P} q=${q}`).toBe(true);
      expect(lowerOf(out, P).every((v, k) => Object.is(v, lowerOf(one.data, P)[k]))).toBe(true);
    }
  });

  it("stays on one thread below the work threshold, when set to 1 thread, and for tiny matrices", () => {
    const P = 64, q = 64;
    expect((P * P * q) / 2).toBeLessThan(PARALLEL_MIN_WORK);
    const a = matrix(P, q, 7);
    setKernelThreads({ threads: 2 });
    expect(gramLowerInParallel(a, P, q, new Float64Array(P * P))).toBe(false);
    setKernelThreads({ threads: 1, minWork: 0 });
    expect(gramLowerInParallel(a, P, q, new Float64Array(P * P))).toBe(false);
    setKernelThreads({ threads: 2, minWork: 0 });
    expect(gramLowerInParallel(matrix(4, 3, 1), 4, 3, new Float64Array(16))).toBe(false);
  });
});
