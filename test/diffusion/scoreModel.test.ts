/**
 * The score model, its training and the NTK kernel regression (src/diffusion/scoreModel.ts, scoreTraining.ts,
 * kernelRegression.ts, src/ntk/operator.ts):
 * - input scaling puts ‖u‖ ≤ 1 for ‖x‖ ≤ R_x, t ≤ t_1; coupled initialisation gives f ≡ 0 and s = −x/h_t;
 * - the padded network's gradient (src/network/gradient.ts) is the gradient of the rectangular denoiser's loss,
 *   and the score's directional derivative in W is (α_t/h_t)·J·V, both checked by Richardson-checked central
 *   differences (tolerances derived as in test/network/gradient.test.ts);
 * - the matrix-free J, Jᵀ agree with the explicit Jacobian, J Jᵀ = κ·H (cross NTK), and power iteration finds λ_max;
 * - kernel regression in function space (explicit cross kernels) equals the linearised network trained in parameter
 *   space, and both equal the network's own gradient step to first order in η;
 * - early stopping returns the step of the smallest held-out loss; interpolation stops at its threshold.
 */
import { describe, expect, it } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { type Dense, clone, frobenius, matmulTransB, subtract, zeros } from "../../src/linalg/dense.js";
import { extremeEigenpairs } from "../../src/linalg/spectrum.js";
import { pointSet } from "../../src/diffusion/distributions/points.js";
import { coefficients, sampleTrainingPairs } from "../../src/diffusion/ornsteinUhlenbeck.js";
import { crossNtk, kernelRegressionPath, linearisedDenoise, trainLinearised } from "../../src/diffusion/kernelRegression.js";
import {
  type ScoreModel,
  type ScoreModelSpec,
  denoise,
  initialScoreModel,
  inputDimension,
  modelScore,
  networkInputs,
  paddedLabels,
  withWeights,
} from "../../src/diffusion/scoreModel.js";
import { dsmWeights, holdoutCount, holdoutSplit, trainScoreModel } from "../../src/diffusion/scoreTraining.js";
import { forward, kernelFactor } from "../../src/network/forward.js";
import { gradient } from "../../src/network/gradient.js";
import { jacobian } from "../../src/network/jacobian.js";
import { jacobianTimes, jacobianTransposeTimes, tangentKernelTopEigenvalue } from "../../src/ntk/operator.js";
import { gamma } from "../../src/numerics/tolerance.js";
import { Rng } from "../../src/random/rng.js";

function pointsIn(d: number, K: number, rng: Rng): Dense {
  const Z = zeros(K, d);
  for (let k = 0; k < Z.data.length; k++) Z.data[k] = 1.4 * rng.uniform() - 0.7;
  return Z;
}

interface Setup {
  readonly spec: ScoreModelSpec;
  readonly model: ScoreModel;
  readonly pairs: ReturnType<typeof sampleTrainingPairs>;
}

/** A random problem: d ∈ [1, 3], time feature or fixed time, scale m or sqrt, n pairs, width m. */
function setup(seed: number, opts: { d: number; n: number; m: number; scale: "m" | "sqrt"; fixed: boolean; init?: "iid" | "coupled" }): Setup {
  const rng = new Rng(seed);
  const p0 = pointSet(pointsIn(opts.d, 5, rng.fork("points")));
  const t0 = opts.fixed ? 0.4 : 0.2;
  const t1 = opts.fixed ? 0.4 : 1;
  const spec: ScoreModelSpec = { d: opts.d, inputRadius: 3, time: opts.fixed ? { kind: "fixed", t: 0.4 } : { kind: "feature", t1 }, network: { activation: "softmax", scale: opts.scale } };
  const model = initialScoreModel(spec, { m: opts.m, sigma: 1, init: opts.init ?? "iid" }, rng.fork("init"));
  const pairs = sampleTrainingPairs(p0, { count: opts.n, t0, t1 }, rng.fork("pairs"));
  return { spec, model, pairs };
}

const problem = fc.record({
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  d: fc.integer({ min: 1, max: 3 }),
  n: fc.integer({ min: 2, max: 6 }),
  m: fc.integer({ min: 1, max: 4 }).map((k) => 2 * k),
  scale: fc.constantFrom("m" as const, "sqrt" as const),
  fixed: fc.boolean(),
});

function unitDirection(length: number, seed: number): Float64Array {
  const V = new Rng(seed).fillGaussian(new Float64Array(length));
  let norm = 0;
  for (const v of V) norm += v * v;
  for (let k = 0; k < V.length; k++) V[k] /= Math.sqrt(norm);
  return V;
}

function shiftedModel(model: ScoreModel, V: Float64Array, s: number): ScoreModel {
  const W = clone(model.weights.W);
  for (let k = 0; k < W.data.length; k++) W.data[k] += s * V[k];
  return withWeights(model, W);
}

describe("score model: inputs and initialisation", () => {
  test.prop([problem])("‖u‖ ≤ 1 for ‖x‖ ≤ R_x and t ≤ t_1; p = d + 1 with the time feature, d at a fixed time", (c) => {
    const { spec, pairs } = setup(c.seed, c);
    const X = clone(pairs.xt);
    // Rescale every row into the ball of radius R_x (the premise of the statement).
    for (let i = 0; i < X.rows; i++) {
      let s = 0;
      for (let j = 0; j < c.d; j++) s += X.data[i * c.d + j] ** 2;
      const f = Math.sqrt(s) > spec.inputRadius ? spec.inputRadius / Math.sqrt(s) : 1;
      for (let j = 0; j < c.d; j++) X.data[i * c.d + j] *= f;
    }
    const U = networkInputs(spec, pairs.t, X);
    expect(U.cols).toBe(inputDimension(spec));
    expect(U.cols).toBe(c.fixed ? c.d : c.d + 1);
    for (let i = 0; i < U.rows; i++) {
      let s = 0;
      for (let j = 0; j < U.cols; j++) s += U.data[i * U.cols + j] ** 2;
      expect(Math.sqrt(s)).toBeLessThanOrEqual(1 + 1e-15);
    }
  });

  it("a fixed-time model refuses other times; bad specs are refused", () => {
    const { spec, pairs } = setup(1, { d: 2, n: 3, m: 4, scale: "m", fixed: true });
    expect(() => networkInputs(spec, new Float64Array([0.4, 0.4, 0.5]), pairs.xt)).toThrow(RangeError);
    expect(() => initialScoreModel({ ...spec, inputRadius: 0 }, { m: 4, sigma: 1, init: "iid" }, new Rng(1))).toThrow(RangeError);
  });

  test.prop([problem])("coupled initialisation: f_{W(0)} ≡ 0 and s_{W(0)}(t, x) = −x/h_t exactly; padding rows of A are 0", (c) => {
    const { model, pairs } = setup(c.seed, { ...c, init: "coupled" });
    const f = denoise(model, pairs.t, pairs.xt);
    for (const v of f.data) expect(v).toBe(0);
    const s = modelScore(model, pairs.t, pairs.xt);
    for (let i = 0; i < pairs.t.length; i++) {
      const { h } = coefficients(pairs.t[i]);
      for (let j = 0; j < c.d; j++) expect(s.data[i * c.d + j]).toBe(-pairs.xt.data[i * c.d + j] / h);
    }
    const { A } = model.weights;
    for (let l = c.d; l < A.rows; l++) for (let r = 0; r < A.cols; r++) expect(A.data[l * A.cols + r] === 0).toBe(true);
  });
});

describe("score model: gradients by central finite differences (Richardson-checked)", () => {
  test.prop([problem, fc.integer({ min: 0, max: 0xffffffff })], { numRuns: 150 })(
    "the padded network's ∇L equals the derivative of ½Σ‖f_W(t_i, x_i) − x_0^{(i)}‖² (padding contributes nothing)",
    (c, dirSeed) => {
      const { spec, model, pairs } = setup(c.seed, c);
      const U = networkInputs(spec, pairs.t, pairs.xt);
      const Y = paddedLabels(spec, pairs.x0);
      const g = gradient(U, Y, model.weights, spec.network);
      const V = unitDirection(g.data.length, dirSeed);
      let analytic = 0;
      for (let k = 0; k < V.length; k++) analytic += g.data[k] * V[k];
      // The loss of the d-dimensional denoiser, computed without the padding.
      const L = (s: number): number => {
        const f = denoise(shiftedModel(model, V, s), pairs.t, pairs.xt);
        let acc = 0;
        for (let k = 0; k < f.data.length; k++) acc += (f.data[k] - pairs.x0.data[k]) ** 2;
        return 0.5 * acc;
      };
      const h = 1e-4;
      const [p1, m1, p2, m2] = [L(h), L(-h), L(h / 2), L(-h / 2)];
      const D1 = (p1 - m1) / (2 * h);
      const D2 = (p2 - m2) / h;
      const Lbar = Math.max(Math.abs(p1), Math.abs(m1), Math.abs(p2), Math.abs(m2));
      const rounding = (2 * gamma(c.m + 2 * c.d + c.n * c.d + 12) * Lbar) / h;
      const tol = 4 * (Math.abs(D1 - D2) / 3 + rounding);
      expect(Math.abs(D2 - analytic)).toBeLessThanOrEqual(tol);
    },
  );

  test.prop([problem, fc.integer({ min: 0, max: 0xffffffff })], { numRuns: 150 })(
    "∂_ε s_{W+εV}(t, x) = (α_t/h_t)·(J V)(t, x) for every point (J from the matrix-free operator)",
    (c, dirSeed) => {
      const { spec, model, pairs } = setup(c.seed, c);
      const U = networkInputs(spec, pairs.t, pairs.xt);
      const pass = forward(U, model.weights, spec.network);
      const V = unitDirection(model.weights.W.data.length, dirSeed);
      const JV = jacobianTimes(U, model.weights, spec.network, pass, { rows: model.weights.W.rows, cols: model.weights.W.cols, data: V });
      const S = (s: number): Dense => modelScore(shiftedModel(model, V, s), pairs.t, pairs.xt);
      const h = 1e-4;
      const [p1, m1, p2, m2] = [S(h), S(-h), S(h / 2), S(-h / 2)];
      const p = U.cols;
      for (let i = 0; i < pairs.t.length; i++) {
        const { alpha, h: ht } = coefficients(pairs.t[i]);
        for (let j = 0; j < c.d; j++) {
          const k = i * c.d + j;
          const analytic = (alpha / ht) * JV.data[i * p + j];
          const D1 = (p1.data[k] - m1.data[k]) / (2 * h);
          const D2 = (p2.data[k] - m2.data[k]) / h;
          const sbar = Math.max(Math.abs(p1.data[k]), Math.abs(m1.data[k]), Math.abs(p2.data[k]), Math.abs(m2.data[k]));
          const rounding = (2 * gamma(c.m + 2 * p + 16) * (sbar + Math.abs(pairs.xt.data[k]) / ht)) / h;
          const tol = 4 * (Math.abs(D1 - D2) / 3 + rounding);
          expect(Math.abs(D2 - analytic), `row ${i}, coordinate ${j}`).toBeLessThanOrEqual(tol);
        }
      }
    },
  );
});

describe("matrix-free Jacobian and tangent kernel", () => {
  test.prop([problem, fc.integer({ min: 0, max: 0xffffffff })])("J·V and Jᵀ·R agree with the explicit Jacobian; J Jᵀ = κ·H (cross NTK)", (c, seed) => {
    const { spec, model, pairs } = setup(c.seed, c);
    const U = networkInputs(spec, pairs.t, pairs.xt);
    const pass = forward(U, model.weights, spec.network);
    const J = jacobian(U, model.weights, spec.network); // rows (ℓ, i) output-major over p outputs, columns (r, k)
    const { W } = model.weights;
    const p = W.rows;
    const m = W.cols;
    const n = U.rows;
    const V = new Rng(seed).fillGaussian(new Float64Array(p * m));
    const JV = jacobianTimes(U, model.weights, spec.network, pass, { rows: p, cols: m, data: V });
    const R = { rows: n, cols: p, data: new Rng((seed ^ 1) >>> 0).fillGaussian(new Float64Array(n * p)) };
    const JtR = jacobianTransposeTimes(U, model.weights, spec.network, pass, R);
    let scale = 0;
    for (const v of J.data) scale = Math.max(scale, Math.abs(v));
    const tol = 1e-12 * Math.max(1, scale) * (p * m + n * p);
    for (let l = 0; l < p; l++) {
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let r = 0; r < m; r++) for (let k = 0; k < p; k++) acc += J.data[(l * n + i) * J.cols + r * p + k] * V[k * m + r];
        expect(Math.abs(acc - JV.data[i * p + l])).toBeLessThanOrEqual(tol);
      }
    }
    for (let k = 0; k < p; k++) {
      for (let r = 0; r < m; r++) {
        let acc = 0;
        for (let l = 0; l < p; l++) for (let i = 0; i < n; i++) acc += J.data[(l * n + i) * J.cols + r * p + k] * R.data[i * p + l];
        expect(Math.abs(acc - JtR.data[k * m + r])).toBeLessThanOrEqual(tol);
      }
    }
    // J Jᵀ restricted to the d real outputs equals κ·H with H the cross NTK of the inputs with themselves.
    const H = crossNtk(spec, model.weights, U, U);
    const JJt = matmulTransB(J, J);
    const kappa = kernelFactor(spec.network, m);
    const N = c.d * n;
    let hScale = 0;
    for (const v of H.data) hScale = Math.max(hScale, Math.abs(v));
    for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) expect(Math.abs(JJt.data[a * JJt.cols + b] - kappa * H.data[a * N + b])).toBeLessThanOrEqual(1e-11 * kappa * Math.max(1, hScale));
  });

  it("power iteration finds λ_max(J Jᵀ) = κ·λ_max(H) (also when the top eigenvector changes sign across outputs)", () => {
    for (const [seed, scale] of [[1, "m"], [2, "sqrt"], [3, "sqrt"]] as const) {
      const { spec, model, pairs } = setup(seed, { d: 2, n: 40, m: 16, scale, fixed: false });
      const U = networkInputs(spec, pairs.t, pairs.xt);
      const pass = forward(U, model.weights, spec.network);
      const top = tangentKernelTopEigenvalue(U, model.weights, spec.network, pass);
      const exact = kernelFactor(spec.network, 16) * extremeEigenpairs(crossNtk(spec, model.weights, U, U)).lambdaMax;
      expect(Math.abs(top.value - exact) / exact).toBeLessThan(1e-5);
    }
  });
});

describe("NTK kernel regression trained by the same gradient flow", () => {
  test.prop([problem.filter((c) => c.n >= 3), fc.integer({ min: 1, max: 12 })], { numRuns: 40 })(
    "function space with explicit cross kernels = parameter-space linearised network, on fresh test points",
    (c, steps) => {
      const { spec, model, pairs } = setup(c.seed, c);
      const test = sampleTrainingPairs(pointSet(pointsIn(c.d, 3, new Rng(c.seed).fork("t"))), { count: 5, t0: c.fixed ? 0.4 : 0.2, t1: c.fixed ? 0.4 : 1 }, new Rng(c.seed).fork("test"));
      const U = networkInputs(spec, pairs.t, pairs.xt);
      const top = tangentKernelTopEigenvalue(U, model.weights, spec.network, forward(U, model.weights, spec.network));
      // Equal output signs (e.g. m = 2 with a_1 = a_2) make J = 0: no gradient flow to compare.
      fc.pre(top.value > 1e-12);
      const eta = 1 / top.value;
      const explicit = kernelRegressionPath(model, pairs, test.t, test.xt, eta, steps);
      const lin = linearisedDenoise(trainLinearised(model, pairs, eta, steps), test.t, test.xt);
      const diff = frobenius(subtract(explicit, lin));
      expect(diff).toBeLessThanOrEqual(1e-10 * Math.max(1, frobenius(lin)) * steps);
    },
  );

  it("the linearisation is the network's own step to first order: the gap shrinks like η²", () => {
    const { spec, model, pairs } = setup(7, { d: 2, n: 12, m: 32, scale: "sqrt", fixed: false });
    const test = sampleTrainingPairs(pointSet(pointsIn(2, 3, new Rng(8))), { count: 6, t0: 0.2, t1: 1 }, new Rng(9));
    const f0 = denoise(model, test.t, test.xt);
    const gaps = [1e-2, 5e-3, 2.5e-3].map((eta) => {
      const net = trainScoreModel(model, pairs, { rule: { kind: "fixed", steps: 1 }, eta });
      const fNet = denoise(net.model, test.t, test.xt);
      const fLin = linearisedDenoise(trainLinearised(model, pairs, eta, 1), test.t, test.xt);
      return { gap: frobenius(subtract(fNet, fLin)), move: frobenius(subtract(fLin, f0)) };
    });
    for (const g of gaps) expect(g.gap).toBeLessThan(0.05 * g.move);
    // Halving η divides the second-order gap by ≈ 4 (the first-order move by 2).
    expect(gaps[0].gap / gaps[1].gap).toBeGreaterThan(3.5);
    expect(gaps[1].gap / gaps[2].gap).toBeGreaterThan(3.5);
  });
});

describe("training rules", () => {
  it("early stopping returns the weights of the step with the smallest held-out DSM loss, on an 80/20 split", () => {
    const { model, pairs } = setup(11, { d: 2, n: 40, m: 16, scale: "m", fixed: false, init: "coupled" });
    const res = trainScoreModel(model, pairs, { rule: { kind: "early", holdoutFraction: 0.2, patience: 20, maxSteps: 300 }, stepScale: 1.5 });
    expect(res.holdoutCount).toBe(holdoutCount(40, 0.2));
    expect(res.holdoutCount).toBe(8);
    expect(res.trainCount).toBe(32);
    const losses = res.holdoutLoss as Float64Array;
    expect(losses.length).toBe(res.stepsRun + 1);
    let best = 0;
    for (let k = 1; k < losses.length; k++) if (losses[k] < losses[best]) best = k;
    expect(res.selectedStep).toBe(best);
    if (res.stoppedBy === "patience") expect(res.stepsRun - best).toBe(Math.max(20, best));
    // The returned weights reproduce the recorded held-out loss at the selected step.
    const { holdout } = holdoutSplit(pairs, 0.2);
    const f = denoise(res.model, holdout.t, holdout.xt);
    const w = dsmWeights(holdout.t);
    let acc = 0;
    for (let i = 0; i < holdout.t.length; i++) for (let j = 0; j < 2; j++) acc += w[i] * (f.data[i * 2 + j] - holdout.x0.data[i * 2 + j]) ** 2;
    expect(acc / holdout.t.length).toBeCloseTo(losses[best], 12);
  });

  it("interpolation stops at its threshold or cap; training is deterministic", () => {
    const { model, pairs } = setup(12, { d: 1, n: 6, m: 32, scale: "sqrt", fixed: false, init: "coupled" });
    const a = trainScoreModel(model, pairs, { rule: { kind: "interpolate", relativeLoss: 0.05, maxSteps: 20000 }, stepScale: 1.5 });
    expect(a.stoppedBy === "threshold" || a.stepsRun === 20000).toBe(true);
    if (a.stoppedBy === "threshold") expect(a.trainRelativeLoss[a.stepsRun]).toBeLessThanOrEqual(0.05);
    const b = trainScoreModel(model, pairs, { rule: { kind: "interpolate", relativeLoss: 0.05, maxSteps: 20000 }, stepScale: 1.5 });
    expect(b.model.weights.W.data).toEqual(a.model.weights.W.data);
    expect(() => holdoutCount(1, 0.2)).toThrow(RangeError);
    expect(() => holdoutCount(10, 1)).toThrow(RangeError);
  });
});
