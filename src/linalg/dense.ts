/**
 * Dense row-major matrices on contiguous `Float64Array`s: the storage every hot loop of the suite uses.
 *
 * Element (i, j) of a `rows × cols` matrix lives at `data[i * cols + j]` (row stride `cols`, column stride 1).
 * ml-matrix's `Matrix` is the type at the public API boundary and for decompositions; conversions live here.
 *
 * @module
 */
import { Matrix } from "ml-matrix";

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

/** `A · B` for `A` (p×q) and `B` (q×s); i-k-j loop order so the inner loop runs along contiguous rows. */
export function matmul(a: Dense, b: Dense): Dense {
  if (a.cols !== b.rows) throw new RangeError(`matmul: ${a.rows}×${a.cols} times ${b.rows}×${b.cols}`);
  const p = a.rows;
  const q = a.cols;
  const s = b.cols;
  const out = new Float64Array(p * s);
  const ad = a.data;
  const bd = b.data;
  for (let i = 0; i < p; i++) {
    const oi = i * s;
    for (let k = 0; k < q; k++) {
      const aik = ad[i * q + k];
      if (aik === 0) continue;
      const bk = k * s;
      for (let j = 0; j < s; j++) out[oi + j] += aik * bd[bk + j];
    }
  }
  return { rows: p, cols: s, data: out };
}

/** `A · Bᵀ` for `A` (p×q) and `B` (s×q): dot products of rows, both contiguous. */
export function matmulTransB(a: Dense, b: Dense): Dense {
  if (a.cols !== b.cols) throw new RangeError(`matmulTransB: ${a.rows}×${a.cols} times (${b.rows}×${b.cols})ᵀ`);
  const p = a.rows;
  const q = a.cols;
  const s = b.rows;
  const out = new Float64Array(p * s);
  for (let i = 0; i < p; i++) {
    const ai = i * q;
    for (let j = 0; j < s; j++) {
      const bj = j * q;
      let acc = 0;
      for (let k = 0; k < q; k++) acc += a.data[ai + k] * b.data[bj + k];
      out[i * s + j] = acc;
    }
  }
  return { rows: p, cols: s, data: out };
}

/** The Gram matrix `A Aᵀ` (p×p), computing one triangle and mirroring it (exactly symmetric). */
export function gram(a: Dense): Dense {
  const p = a.rows;
  const q = a.cols;
  const out = new Float64Array(p * p);
  const ad = a.data;
  for (let i = 0; i < p; i++) {
    const ai = i * q;
    for (let j = 0; j <= i; j++) {
      const aj = j * q;
      let acc = 0;
      for (let k = 0; k < q; k++) acc += ad[ai + k] * ad[aj + k];
      out[i * p + j] = acc;
      out[j * p + i] = acc;
    }
  }
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
