/**
 * Dense row-major matrices on contiguous `Float64Array`s: the storage every hot loop of the suite uses.
 *
 * Element (i, j) of a `rows × cols` matrix lives at `data[i * cols + j]` (row stride `cols`, column stride 1).
 * ml-matrix's `Matrix` is the type at the public API boundary and for decompositions; conversions live here.
 *
 * @module
 */
import { Matrix } from "ml-matrix";
import { gramLowerInParallel } from "./threads/gramThreads.js";
import { rowDotsWasm } from "./wasm/rowDots.js";

/** A dense row-major matrix: element (i, j) is `data[i * cols + j]`. */
export interface Dense {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Row-major entries, length `rows * cols`. */
  readonly data: Float64Array;
}

/** A new zero-filled `rows × cols` matrix. */
export function zeros(rows: number, cols: number): Dense {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Copies a rectangular `number[][]` into a dense matrix (rows must all have the same length). */
export function fromRows(rows: readonly (readonly number[])[]): Dense {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const out = zeros(r, c);
  for (let i = 0; i < r; i++) {
    const row = rows[i];
    if (row.length !== c) throw new RangeError(`fromRows: row ${i} has ${row.length} entries, expected ${c}`);
    for (let j = 0; j < c; j++) out.data[i * c + j] = row[j];
  }
  return out;
}

/** Copies a dense matrix into a `number[][]` (for JSON output). */
export function toRows(m: Dense): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
  return out;
}

/** Converts to an ml-matrix `Matrix` (copy). */
export function toMatrix(m: Dense): Matrix {
  const out = new Matrix(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out.set(i, j, m.data[i * m.cols + j]);
  return out;
}

/** A deep copy. */
export function clone(m: Dense): Dense {
  return { rows: m.rows, cols: m.cols, data: m.data.slice() };
}

/**
 * out[o .. o+s) += Σ_t c_t · B[rows_t .. rows_t+s) for the `count` pairs (c_t, rows_t) (coefficients and row
 * offsets into `bd`), adding the terms in increasing t, four rows per sweep over the output row: each entry
 * becomes (((out + c₀b₀) + c₁b₁) + c₂b₂) + c₃b₃, exactly the one-term-per-sweep order with a quarter of
 * the loads and stores of `out`.
 */
function addRowCombination(out: Float64Array, o: number, s: number, coef: Float64Array, rows: Int32Array, count: number, bd: Float64Array): void {
  let t = 0;
  for (; t + 4 <= count; t += 4) {
    const c0 = coef[t], c1 = coef[t + 1], c2 = coef[t + 2], c3 = coef[t + 3];
    const b0 = rows[t], b1 = rows[t + 1], b2 = rows[t + 2], b3 = rows[t + 3];
    for (let j = 0; j < s; j++) out[o + j] = out[o + j] + c0 * bd[b0 + j] + c1 * bd[b1 + j] + c2 * bd[b2 + j] + c3 * bd[b3 + j];
  }
  // The last 1–3 terms in one sweep, in the same order (each entry ((out + c₀b₀) + c₁b₁) + c₂b₂).
  const left = count - t;
  if (left === 3) {
    const c0 = coef[t], c1 = coef[t + 1], c2 = coef[t + 2];
    const b0 = rows[t], b1 = rows[t + 1], b2 = rows[t + 2];
    for (let j = 0; j < s; j++) out[o + j] = out[o + j] + c0 * bd[b0 + j] + c1 * bd[b1 + j] + c2 * bd[b2 + j];
  } else if (left === 2) {
    const c0 = coef[t], c1 = coef[t + 1];
    const b0 = rows[t], b1 = rows[t + 1];
    for (let j = 0; j < s; j++) out[o + j] = out[o + j] + c0 * bd[b0 + j] + c1 * bd[b1 + j];
  } else if (left === 1) {
    const c0 = coef[t];
    const b0 = rows[t];
    for (let j = 0; j < s; j++) out[o + j] += c0 * bd[b0 + j];
  }
}

/**
 * Rows of `op(A) · B` accumulated as combinations of B's rows: row i of the result is Σ_k op(A)(i, k) · B(k, :)
 * with the terms in increasing k and zero coefficients skipped (so a zero never multiplies an entry of B).
 * op(A)(i, k) = `ad[i * iStride + k * kStride]`; B is q×s row-major; the result is p×s.
 */
function rowCombinations(ad: Float64Array, p: number, q: number, iStride: number, kStride: number, bd: Float64Array, s: number): Float64Array {
  const out = new Float64Array(p * s);
  const coef = new Float64Array(q);
  const rows = new Int32Array(q);
  for (let i = 0; i < p; i++) {
    let count = 0;
    for (let k = 0; k < q; k++) {
      const aik = ad[i * iStride + k * kStride];
      if (aik === 0) continue;
      coef[count] = aik;
      rows[count] = k * s;
      count++;
    }
    addRowCombination(out, i * s, s, coef, rows, count, bd);
  }
  return out;
}

/**
 * `A · B` for `A` (p×q) and `B` (q×s): row i is Σ_k A(i, k)·B(k, :), k increasing, zero A(i, k) skipped;
 * four rows of B per sweep along the contiguous output row (bit for bit the plain i-k-j loop).
 */
export function matmul(a: Dense, b: Dense): Dense {
  if (a.cols !== b.rows) throw new RangeError(`matmul: ${a.rows}×${a.cols} times ${b.rows}×${b.cols}`);
  return { rows: a.rows, cols: b.cols, data: rowCombinations(a.data, a.rows, a.cols, a.cols, 1, b.data, b.cols) };
}

/**
 * `Aᵀ · B` for `A` (q×p) and `B` (q×s), without forming Aᵀ: row k of the result is Σ_i A(i, k)·B(i, :),
 * i increasing, zero A(i, k) skipped (bit for bit the plain loop in that order).
 */
export function matmulTransA(a: Dense, b: Dense): Dense {
  if (a.rows !== b.rows) throw new RangeError(`matmulTransA: (${a.rows}×${a.cols})ᵀ times ${b.rows}×${b.cols}`);
  return { rows: a.cols, cols: b.cols, data: rowCombinations(a.data, a.cols, a.rows, 1, a.cols, b.data, b.cols) };
}

/**
 * Depth of one k-panel of the row-dot kernel: each pass reads `ROW_DOT_PANEL` consecutive columns of the
 * operands' rows (4 KiB per row), so a 4-row block of A and every row of B it meets stay in cache.
 */
const ROW_DOT_PANEL = 512;

/**
 * out(i, j) += Σ_{k0 ≤ k < k1} A(i, k)·B(j, k) for the 4×4 block of rows i0..i0+3 of A and j0..j0+3 of B
 * (row strides q; out row stride s). Register-blocked: 16 running sums, 8 loads per 16 multiply-adds. Each
 * sum starts from out(i, j) and adds the terms in increasing k, so splitting k into panels gives bit for bit
 * the plain loop's result.
 */
function rowDots4x4(ad: Float64Array, i0: number, bd: Float64Array, j0: number, q: number, k0: number, k1: number, out: Float64Array, s: number): void {
  const r0 = i0 * q;
  const r1 = r0 + q;
  const r2 = r1 + q;
  const r3 = r2 + q;
  const t0 = j0 * q;
  const t1 = t0 + q;
  const t2 = t1 + q;
  const t3 = t2 + q;
  const o0 = i0 * s + j0;
  const o1 = o0 + s;
  const o2 = o1 + s;
  const o3 = o2 + s;
  let c00 = out[o0], c01 = out[o0 + 1], c02 = out[o0 + 2], c03 = out[o0 + 3];
  let c10 = out[o1], c11 = out[o1 + 1], c12 = out[o1 + 2], c13 = out[o1 + 3];
  let c20 = out[o2], c21 = out[o2 + 1], c22 = out[o2 + 2], c23 = out[o2 + 3];
  let c30 = out[o3], c31 = out[o3 + 1], c32 = out[o3 + 2], c33 = out[o3 + 3];
  for (let k = k0; k < k1; k++) {
    const a0 = ad[r0 + k], a1 = ad[r1 + k], a2 = ad[r2 + k], a3 = ad[r3 + k];
    const b0 = bd[t0 + k], b1 = bd[t1 + k], b2 = bd[t2 + k], b3 = bd[t3 + k];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  out[o0] = c00; out[o0 + 1] = c01; out[o0 + 2] = c02; out[o0 + 3] = c03;
  out[o1] = c10; out[o1 + 1] = c11; out[o1 + 2] = c12; out[o1 + 3] = c13;
  out[o2] = c20; out[o2 + 1] = c21; out[o2 + 2] = c22; out[o2 + 3] = c23;
  out[o3] = c30; out[o3 + 1] = c31; out[o3 + 2] = c32; out[o3 + 3] = c33;
}

/** out(i, j) += Σ_{k0 ≤ k < k1} A(i, k)·B(j, k) for one entry (edges the 4×4 blocks do not cover). */
function rowDot1(ad: Float64Array, i: number, bd: Float64Array, j: number, q: number, k0: number, k1: number, out: Float64Array, s: number): void {
  const ai = i * q;
  const bj = j * q;
  let acc = out[i * s + j];
  for (let k = k0; k < k1; k++) acc += ad[ai + k] * bd[bj + k];
  out[i * s + j] = acc;
}

/** Fewer rows of B than this go to the JavaScript row-dot kernel (see {@link rowDotsInto}). */
const THIN_ROWS = 8;

/**
 * Row dot products out(i, j) = Σ_{kFrom ≤ k < kTo} A(i, k)·B(j, k) (out p×s, row-major, zero on entry; the
 * whole rows by default) for A p×q and B s×q, all rows of A and B contiguous. With `lowerOnly` (A = B, p = s) only the blocks on or below the diagonal
 * are computed: every (i, j) with j ≤ i is set, some entries just above the diagonal may be set too.
 *
 * Every entry is the left-to-right sum of its q terms, exactly as the plain triple loop computes it
 * (k-panels and register blocks change the order of the entries, never of the terms within one), so
 * results are bit for bit those of the plain loop. Uses the WebAssembly SIMD kernel of wasm/rowDots.ts
 * (same sums, bit for bit) when available, else the JavaScript kernel below.
 */
function rowDotsInto(
  ad: Float64Array,
  p: number,
  bd: Float64Array,
  s: number,
  q: number,
  out: Float64Array,
  lowerOnly: boolean,
  kFrom = 0,
  kTo = q,
): void {
  // Thin B (fewer than THIN_ROWS rows, e.g. F̄ = Φ Aᵀ with d outputs): the wasm kernel's packing of A costs more
  // than it saves; the JavaScript kernel gives the same sums.
  if (s >= THIN_ROWS && rowDotsWasm(ad, p, bd, s, q, out, lowerOnly, kFrom, kTo)) return;
  for (let k0 = kFrom; k0 < kTo; k0 += ROW_DOT_PANEL) {
    const k1 = Math.min(kTo, k0 + ROW_DOT_PANEL);
    let i0 = 0;
    for (; i0 + 4 <= p; i0 += 4) {
      // Lower mode: block columns up to and including the diagonal block (its end i0 + 4 is a multiple of 4).
      const jEnd = lowerOnly ? i0 + 4 : s;
      let j0 = 0;
      for (; j0 + 4 <= jEnd; j0 += 4) rowDots4x4(ad, i0, bd, j0, q, k0, k1, out, s);
      for (let i = i0; i < i0 + 4; i++) for (let j = j0; j < jEnd; j++) rowDot1(ad, i, bd, j, q, k0, k1, out, s);
    }
    for (let i = i0; i < p; i++) {
      const jEnd = lowerOnly ? i + 1 : s;
      for (let j = 0; j < jEnd; j++) rowDot1(ad, i, bd, j, q, k0, k1, out, s);
    }
  }
}

/**
 * `A · Bᵀ` (p×s) for `A` (p×q) and `B` (s×q): dot products of rows, both contiguous; cache-blocked over k and
 * register-blocked 4×4 (see {@link rowDotsInto}), bit for bit the plain loop's sums.
 */
export function matmulTransB(a: Dense, b: Dense): Dense {
  if (a.cols !== b.cols) throw new RangeError(`matmulTransB: ${a.rows}×${a.cols} times (${b.rows}×${b.cols})ᵀ`);
  const out = new Float64Array(a.rows * b.rows);
  rowDotsInto(a.data, a.rows, b.data, b.rows, a.cols, out, false);
  return { rows: a.rows, cols: b.rows, data: out };
}

/**
 * `A · Bᵀ` restricted to the columns kFrom ≤ k < kTo of A and B (p×s): out(i, j) = Σ_{kFrom ≤ k < kTo}
 * A(i, k)·B(j, k), each entry summed left to right from 0 (see {@link rowDotsInto}).
 */
export function matmulTransBColumns(a: Dense, b: Dense, kFrom: number, kTo: number): Dense {
  if (a.cols !== b.cols) throw new RangeError(`matmulTransBColumns: ${a.rows}×${a.cols} times (${b.rows}×${b.cols})ᵀ`);
  if (!(0 <= kFrom && kFrom <= kTo && kTo <= a.cols)) throw new RangeError(`matmulTransBColumns: column range [${kFrom}, ${kTo}) outside [0, ${a.cols}]`);
  const out = new Float64Array(a.rows * b.rows);
  rowDotsInto(a.data, a.rows, b.data, b.rows, a.cols, out, false, kFrom, kTo);
  return { rows: a.rows, cols: b.rows, data: out };
}

/**
 * Rows from ≤ i < to of the Gram matrix A Aᵀ's lower triangle into `out` (P×P, row stride P): every (i, j) with
 * j ≤ i is set (some entries just above the diagonal may be set too), for A P×q row-major. The rows j < from
 * are one rectangular block product, the rows from…to−1 among themselves one triangular one; every entry is the
 * same left-to-right sum as in a whole-matrix call, so any split of the rows gives bit for bit the same matrix.
 */
export function gramRowsInto(ad: Float64Array, P: number, q: number, out: Float64Array, from: number, to: number): void {
  const rows = to - from;
  if (rows <= 0) return;
  const slab = ad.subarray(from * q, to * q);
  if (from > 0) {
    const rect = new Float64Array(rows * from);
    rowDotsInto(slab, rows, ad.subarray(0, from * q), from, q, rect, false);
    for (let i = 0; i < rows; i++) out.set(rect.subarray(i * from, (i + 1) * from), (from + i) * P);
  }
  const tri = from === 0 && to === P ? out : new Float64Array(rows * rows);
  rowDotsInto(slab, rows, slab, rows, q, tri, true);
  if (tri !== out) for (let i = 0; i < rows; i++) out.set(tri.subarray(i * rows, i * rows + i + 1), (from + i) * P + from);
}

/**
 * The Gram matrix `A Aᵀ` (p×p): the lower triangle by the blocked row-dot kernel ({@link rowDotsInto}), on two
 * threads when the product is large and this is the main thread (`./threads/gramThreads.ts`), then mirrored,
 * so the result is exactly symmetric and bit for bit the plain loop's sums.
 */
export function gram(a: Dense): Dense {
  const p = a.rows;
  const out = new Float64Array(p * p);
  if (!gramLowerInParallel(a.data, p, a.cols, out)) gramRowsInto(a.data, p, a.cols, out, 0, p);
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) out[j * p + i] = out[i * p + j];
  return { rows: p, cols: p, data: out };
}

/** Frobenius norm ‖A‖_F, with scaling to avoid overflow for huge entries. */
export function frobenius(a: Dense | Float64Array): number {
  const d = a instanceof Float64Array ? a : a.data;
  let scale = 0;
  for (let i = 0; i < d.length; i++) scale = Math.max(scale, Math.abs(d[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let acc = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] / scale;
    acc += v * v;
  }
  return scale * Math.sqrt(acc);
}

/** `A − B` elementwise (same shape). */
export function subtract(a: Dense, b: Dense): Dense {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new RangeError(`subtract: ${a.rows}×${a.cols} vs ${b.rows}×${b.cols}`);
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = a.data[i] - b.data[i];
  return { rows: a.rows, cols: a.cols, data: out };
}

/** Largest absolute entry max_ij |A_ij| (0 for an empty matrix). */
export function maxAbs(a: Dense | Float64Array): number {
  const d = a instanceof Float64Array ? a : a.data;
  let m = 0;
  for (let i = 0; i < d.length; i++) m = Math.max(m, Math.abs(d[i]));
  return m;
}

/** True when every entry is finite (no NaN, no ±Infinity). */
export function allFinite(a: Dense | Float64Array): boolean {
  const d = a instanceof Float64Array ? a : a.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
  return true;
}

/** vec(M) in the output-major order of SPEC §1 for an n×d matrix M: entry ℓ·n + i is M_{i,ℓ}. */
export function vecOutputMajor(M: Dense): Float64Array {
  const { rows: n, cols: d } = M;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let l = 0; l < d; l++) out[l * n + i] = M.data[i * d + l];
  return out;
}
