/**
 * Householder reduction of a real symmetric matrix to tridiagonal form (LAPACK `dsytd2`, unblocked).
 *
 * Shapes: the input `H` is n×n, symmetric, row-major ({@link Dense}); only its upper triangle (j ≥ i) is read.
 * The output is the symmetric tridiagonal T = Qᵀ H Q given by its diagonal (length n) and off-diagonal
 * (length max(n − 1, 0), `offDiagonal[k] = T[k, k+1] = T[k+1, k]`), and Q = P₀ P₁ ⋯ P_{n−3} as a product of
 * Householder reflectors P_k = I − τ_k v_k v_kᵀ, where v_k is zero in positions 0..k, 1 in position k+1.
 *
 * Step k annihilates row k of the trailing block beyond its first off-diagonal entry (by symmetry the same
 * as column k). The trailing block A₂₂ (rows and columns k+1..n−1) becomes P A₂₂ P through the symmetric
 * rank-2 update
 *
 *     p = τ A₂₂ v,   w = p − ½ τ (pᵀv) v,   A₂₂ ← A₂₂ − v wᵀ − w vᵀ,
 *
 * applied to the upper triangle only (2m² flops for the symmetric matrix–vector product plus 2m² for the
 * update, m = n − k − 1), so the reduction costs ≈ 4/3 n³ flops. The work array is one n×n copy of H; after
 * step k its row k (columns k+1..n−1) is free and stores v_k, so the reflectors cost no extra memory.
 *
 * Backward stability (Wilkinson; Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., §19.3):
 * the computed T̂ is exactly Q̃ᵀ (H + E) Q̃ for an exactly orthogonal Q̃ close to the computed Q̂ and
 * ‖E‖_F = O(n · u) ‖H‖_F in practice (u = 2⁻⁵³; the worst-case constants grow faster, see spectrum.ts).
 *
 * @module
 */
import type { Dense } from "./dense.js";
import { type HouseholderKernels, householderKernels } from "./wasm/householder.js";
import { ensureMemory, wasmKernelsEnabled } from "./wasm/runtime.js";

/** The Householder reflectors of a tridiagonal reduction, compactly stored. */
export interface HouseholderReflectors {
  /** Order n of the reduced matrix. */
  readonly n: number;
  /**
   * n×n row-major buffer: row k, columns k+1..n−1, holds v_k (with `vectors[k*n + k+1] = 1`), for
   * k = 0..n−3. All other entries are unspecified scratch.
   */
  readonly vectors: Float64Array;
  /** τ_k for k = 0..max(n − 3, −1); length max(n − 2, 0). τ_k = 0 means P_k = I. */
  readonly tau: Float64Array;
}

/** Result of {@link tridiagonalize}: T = Qᵀ H Q. */
export interface Tridiagonalization {
  /** Diagonal of T, length n. */
  readonly diagonal: Float64Array;
  /** Off-diagonal of T, length max(n − 1, 0): `offDiagonal[k] = T[k, k+1]`. May be negative. */
  readonly offDiagonal: Float64Array;
  /** The reflectors whose product is Q (see {@link applyQ}). */
  readonly reflectors: HouseholderReflectors;
}

/**
 * Euclidean norm of `x[from..to)`, scaled by the largest magnitude so that neither squares of huge
 * entries overflow nor squares of tiny entries underflow to zero.
 */
function scaledNorm(x: Float64Array, from: number, to: number): number {
  let scale = 0;
  for (let i = from; i < to; i++) {
    const a = Math.abs(x[i]);
    if (a > scale) scale = a;
  }
  if (scale === 0) return 0;
  let acc = 0;
  for (let i = from; i < to; i++) {
    const t = x[i] / scale;
    acc += t * t;
  }
  return scale * Math.sqrt(acc);
}

/**
 * Computes the reflector of step k (LAPACK `dlarfg`) from row k of the work array `a` (n×n).
 * On return `v[k+1..n)` holds v_k with v_k[k+1] = 1, and the returned pair is {τ, β}: P x = β e₁ for
 * x = a[k, k+1..n). If x has no component beyond its first entry, τ = 0 (P = I) and β = x₀.
 */
function householderVector(a: Float64Array, n: number, k: number, v: Float64Array): { tau: number; beta: number } {
  const row = k * n;
  const alpha = a[row + k + 1];
  const tailNorm = scaledNorm(a, row + k + 2, row + n);
  v[k + 1] = 1;
  if (tailNorm === 0) {
    for (let j = k + 2; j < n; j++) v[j] = 0;
    return { tau: 0, beta: alpha };
  }
  // β has the sign opposite to α so that α − β does not cancel.
  const norm = Math.hypot(alpha, tailNorm);
  const beta = alpha >= 0 ? -norm : norm;
  const tau = (beta - alpha) / beta;
  // |α − β| ≥ ‖x‖ > 0, and |x_j| ≤ ‖x‖, so every v_j has magnitude ≤ 1 (divide: 1/(α − β) could overflow).
  const pivot = alpha - beta;
  for (let j = k + 2; j < n; j++) v[j] = a[row + j] / pivot;
  return { tau, beta };
}

/**
 * Row i of the upper triangle, columns i..n−1, after the pending rank-2 update A ← A − v wᵀ − w vᵀ of the
 * previous step (LAPACK `dsyr2`, `uplo = 'U'`, one row).
 */
function updateRowJs(a: Float64Array, n: number, i: number, v: Float64Array, w: Float64Array): void {
  const row = i * n;
  const vi = v[i];
  const wi = w[i];
  for (let j = i; j < n; j++) a[row + j] -= vi * w[j] + wi * v[j];
}

/**
 * The bulk of the product for the row pair (i, i+1), columns j ≥ i+2: acc₀ += a[i, j]·u[j],
 * acc₁ += a[i+1, j]·u[j], p[j] ← (p[j] + a[i, j]·u_i) + a[i+1, j]·u_{i+1}; then p[i] += acc₀, p[i+1] += acc₁.
 */
function pairTailJs(a: Float64Array, n: number, i: number, u: Float64Array, p: Float64Array, u0: number, u1: number, acc0: number, acc1: number): void {
  const r0 = i * n;
  const r1 = r0 + n;
  for (let j = i + 2; j < n; j++) {
    const x0 = a[r0 + j];
    const x1 = a[r1 + j];
    const uj = u[j];
    acc0 += x0 * uj;
    acc1 += x1 * uj;
    p[j] = p[j] + x0 * u0 + x1 * u1;
  }
  p[i] += acc0;
  p[i + 1] += acc1;
}

/** The two row operations of the reduction: JavaScript loops, or WebAssembly kernels on views of their memory. */
interface RowOps {
  /** Row i of the pending rank-2 update (see {@link updateRowJs}). */
  readonly updateRow: (a: Float64Array, n: number, i: number, v: Float64Array, w: Float64Array) => void;
  /** The pair tail of the symmetric product (see {@link pairTailJs}). */
  readonly pairTail: (a: Float64Array, n: number, i: number, u: Float64Array, p: Float64Array, u0: number, u1: number, acc0: number, acc1: number) => void;
}

const JS_OPS: RowOps = { updateRow: updateRowJs, pairTail: pairTailJs };

/** The kernels of wasm/householder.ts addressed through the byte offsets of views of their memory. */
function wasmOps(K: HouseholderKernels): RowOps {
  return {
    updateRow: (a, n, i, v, w) => K.updateRow(a.byteOffset + (i * n + i) * 8, v.byteOffset + i * 8, w.byteOffset + i * 8, n - i, v[i], w[i]),
    pairTail: (a, n, i, u, p, u0, u1, acc0, acc1) =>
      K.pairTail(
        a.byteOffset + (i * n + i + 2) * 8,
        a.byteOffset + ((i + 1) * n + i + 2) * 8,
        u.byteOffset + (i + 2) * 8,
        p.byteOffset + (i + 2) * 8,
        n - i - 2,
        p.byteOffset + i * 8,
        u0,
        u1,
        acc0,
        acc1,
      ),
  };
}

/** Work arrays of one reduction: the n×n copy of H and the four vectors, with the row operations to use. */
interface Workspace {
  readonly a: Float64Array;
  readonly vectors: [Float64Array, Float64Array, Float64Array, Float64Array];
  readonly ops: RowOps;
  /** True when `a` lives in the kernels' (reused) memory, so the result must copy it out. */
  readonly borrowed: boolean;
}

/** A copy of H and four zero vectors of length n, in the WebAssembly kernels' memory when they are available. */
function workspace(H: Dense): Workspace {
  const n = H.rows;
  const K = wasmKernelsEnabled() ? householderKernels() : null;
  if (K !== null && ensureMemory(K.memory, (n * n + 4 * n) * 8)) {
    const buffer = K.memory.buffer;
    const a = new Float64Array(buffer, 0, n * n);
    a.set(H.data);
    const vector = (k: number): Float64Array => new Float64Array(buffer, (n * n + k * n) * 8, n).fill(0);
    return { a, vectors: [vector(0), vector(1), vector(2), vector(3)], ops: wasmOps(K), borrowed: true };
  }
  const vectors: Workspace["vectors"] = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  return { a: H.data.slice(), vectors, ops: JS_OPS, borrowed: false };
}

/**
 * The trailing block's symmetric matrix–vector product p[k+1..n) := τ · A₂₂ u (LAPACK `dsymv`, `uplo = 'U'`,
 * reading the upper triangle) fused with the previous step's pending rank-2 update A₂₂ ← A₂₂ − v wᵀ − w vᵀ
 * (`dsyr2`; skipped when `pending` is false): rows are updated just before they are multiplied, two at a
 * time, so the block travels through the cache once per step instead of twice. Row k+1 must already be up
 * to date (the reflector u was built from row k). Every entry of A and p sees the same operations in the
 * same order as the textbook two-sweep, one-row-at-a-time loops, so the result is bit for bit theirs.
 */
function updateAndMultiply(
  ops: RowOps,
  a: Float64Array,
  n: number,
  k: number,
  tau: number,
  u: Float64Array,
  p: Float64Array,
  pending: boolean,
  v: Float64Array,
  w: Float64Array,
): void {
  for (let i = k + 1; i < n; i++) p[i] = 0;
  let i = k + 1;
  // Two rows at a time: they share the loads of u[j], v[j], w[j] and p[j]. p[j] still receives row i's term
  // before row i+1's, as in the one-row order.
  for (; i + 1 < n; i += 2) {
    const r0 = i * n;
    const r1 = r0 + n;
    // Rows k+2.. still carry the pending update (row k+1 is up to date): apply it just before use, while
    // the two rows are being brought into cache anyway.
    if (pending) {
      if (i > k + 1) ops.updateRow(a, n, i, v, w);
      ops.updateRow(a, n, i + 1, v, w);
    }
    const u0 = u[i];
    const u1 = u[i + 1];
    const x01 = a[r0 + i + 1];
    const acc0 = a[r0 + i] * u0 + x01 * u1;
    p[i + 1] += x01 * u0;
    const acc1 = a[r1 + i + 1] * u1;
    ops.pairTail(a, n, i, u, p, u0, u1, acc0, acc1);
  }
  if (i < n) {
    if (pending && i > k + 1) ops.updateRow(a, n, i, v, w);
    p[i] += a[i * n + i] * u[i];
  }
  for (let i2 = k + 1; i2 < n; i2++) p[i2] *= tau;
}

/**
 * Reduces a symmetric matrix to tridiagonal form T = Qᵀ H Q by Householder reflections.
 *
 * Reads only the upper triangle of `H` (entries with j ≥ i); the caller is responsible for symmetry.
 * `H` is not modified. Cost ≈ 4/3 n³ flops and one n×n work array. The rank-2 update of step k is deferred
 * and fused with the matrix–vector product of step k + 1 ({@link updateAndMultiply}): one sweep over the
 * trailing block per step, same arithmetic as the textbook two-sweep order.
 *
 * @param H - symmetric n×n matrix (n ≥ 0).
 * @returns the diagonal and off-diagonal of T and the reflectors defining Q.
 * @throws RangeError if `H` is not square.
 */
export function tridiagonalize(H: Dense): Tridiagonalization {
  if (H.rows !== H.cols) throw new RangeError(`tridiagonalize: matrix must be square, got ${H.rows}×${H.cols}`);
  const n = H.rows;
  const { a, vectors, ops, borrowed } = workspace(H);
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(Math.max(n - 1, 0));
  const tau = new Float64Array(Math.max(n - 2, 0));
  // (v, w) of the previous step, whose rank-2 update of rows k.. is still pending when `pending` is true;
  // (u, p) the current step's reflector vector and product. The pairs swap roles after each step.
  let [v, w, u, p] = vectors;
  let pending = false;
  for (let k = 0; k + 2 < n; k++) {
    const row = k * n;
    if (pending) ops.updateRow(a, n, k, v, w);
    diagonal[k] = a[row + k];
    const h = householderVector(a, n, k, u);
    offDiagonal[k] = h.beta;
    tau[k] = h.tau;
    for (let j = k + 1; j < n; j++) a[row + j] = u[j];
    if (h.tau === 0) {
      if (pending) for (let i = k + 1; i < n; i++) ops.updateRow(a, n, i, v, w);
      pending = false;
      continue;
    }
    if (pending) ops.updateRow(a, n, k + 1, v, w);
    updateAndMultiply(ops, a, n, k, h.tau, u, p, pending, v, w);
    // w = p − ½ τ (pᵀu) u, stored over p.
    let pu = 0;
    for (let j = k + 1; j < n; j++) pu += p[j] * u[j];
    const shift = -0.5 * h.tau * pu;
    for (let j = k + 1; j < n; j++) p[j] += shift * u[j];
    [v, u] = [u, v];
    [w, p] = [p, w];
    pending = true;
  }
  // The last 2×2 (or 1×1) block is already tridiagonal once the last pending update is applied.
  if (pending) for (let i = Math.max(n - 2, 0); i < n; i++) ops.updateRow(a, n, i, v, w);
  if (n >= 2) {
    diagonal[n - 2] = a[(n - 2) * n + n - 2];
    offDiagonal[n - 2] = a[(n - 2) * n + n - 1];
    // The reflector storage of row n−2 is never read (there are only n−2 reflectors).
  }
  if (n >= 1) diagonal[n - 1] = a[(n - 1) * n + n - 1];
  return { diagonal, offDiagonal, reflectors: { n, vectors: borrowed ? a.slice() : a, tau } };
}

/** x ← P_k x for the reflector of step k: x[k+1..] −= τ_k (v_kᵀ x[k+1..]) v_k. */
function applyReflector(r: HouseholderReflectors, k: number, x: Float64Array): void {
  const t = r.tau[k];
  if (t === 0) return;
  const n = r.n;
  const vec = r.vectors;
  const row = k * n;
  let dot = 0;
  for (let j = k + 1; j < n; j++) dot += vec[row + j] * x[j];
  const s = t * dot;
  if (s === 0) return;
  for (let j = k + 1; j < n; j++) x[j] -= s * vec[row + j];
}

/**
 * Computes Q y, mapping an eigenvector y of T to an eigenvector of H (Q = P₀ P₁ ⋯ P_{n−3}, applied from
 * the right-most factor). O(n²).
 *
 * @param reflectors - from {@link tridiagonalize}.
 * @param y - vector of length n (not modified).
 * @returns a new vector Q y.
 */
export function applyQ(reflectors: HouseholderReflectors, y: Float64Array): Float64Array {
  if (y.length !== reflectors.n) throw new RangeError(`applyQ: vector length ${y.length}, expected ${reflectors.n}`);
  const x = y.slice();
  for (let k = reflectors.tau.length - 1; k >= 0; k--) applyReflector(reflectors, k, x);
  return x;
}

/**
 * Computes Qᵀ x (= P_{n−3} ⋯ P₁ P₀ x; each P_k is symmetric). O(n²).
 *
 * @param reflectors - from {@link tridiagonalize}.
 * @param x - vector of length n (not modified).
 * @returns a new vector Qᵀ x.
 */
export function applyQTranspose(reflectors: HouseholderReflectors, x: Float64Array): Float64Array {
  if (x.length !== reflectors.n) throw new RangeError(`applyQTranspose: vector length ${x.length}, expected ${reflectors.n}`);
  const y = x.slice();
  for (let k = 0; k < reflectors.tau.length; k++) applyReflector(reflectors, k, y);
  return y;
}

/**
 * Forms Q explicitly as an n×n row-major matrix (column j is Q e_j). O(n³); meant for tests and
 * diagnostics, not for the eigenvalue path.
 */
export function formQ(reflectors: HouseholderReflectors): Dense {
  const n = reflectors.n;
  const q = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = applyQ(reflectors, e);
    for (let i = 0; i < n; i++) q[i * n + j] = col[i];
  }
  return { rows: n, cols: n, data: q };
}

/** The tridiagonal T as a dense n×n matrix (for tests and diagnostics). */
export function tridiagonalToDense(diagonal: Float64Array, offDiagonal: Float64Array): Dense {
  const n = diagonal.length;
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    t[i * n + i] = diagonal[i];
    if (i + 1 < n) {
      t[i * n + i + 1] = offDiagonal[i];
      t[(i + 1) * n + i] = offDiagonal[i];
    }
  }
  return { rows: n, cols: n, data: t };
}
