/**
 * Row dot products out(i, j) += Σ_{kFrom ≤ k < kTo} A(i, k)·B(j, k) with a hand-written WebAssembly SIMD
 * micro-kernel: the fast path behind `gram` / `matmulTransB` in dense.ts (which falls back to its JavaScript
 * kernel when this returns false).
 *
 * Shapes: A p×q and B s×q row-major (`ad`, `bd`), out p×s row-major. Per k-panel of {@link PANEL} columns,
 * the full 4-row blocks of A are copied into wasm memory row by row (stride kc = panel width) and those of
 * B are packed k-major, [block][k][4 rows], so that the kernel reads (B(j₀, k), B(j₀+1, k)) and
 * (B(j₀+2, k), B(j₀+3, k)) as two 128-bit vectors; A(i, k) is loaded into both lanes. The kernel keeps the
 * 4×4 block of out in eight f64x2 accumulators and adds a·b per k in increasing k. f64x2.mul and f64x2.add
 * round each lane exactly like scalar f64 operations (no fused multiply-add), so every entry is the same
 * left-to-right sum as the plain loop's, bit for bit. Rows and columns beyond the last full block of four
 * are summed in JavaScript on the same running values.
 *
 * The wasm memory (out plus two panels: (p·s + (p + s)·PANEL) doubles) is kept between calls and grown on
 * demand; when WebAssembly SIMD is unavailable or the memory cannot grow, {@link rowDotsWasm} returns false.
 *
 * @module
 */
import { I32, module, op, V128 } from "./encoding.js";
import { compileKernels, ensureMemory, type WasmMemory, wasmKernelsEnabled } from "./runtime.js";

/** Width kc of one k-panel (columns of A and B copied per pass): 4 KiB per row, as in dense.ts. */
export const PANEL = 512;

/**
 * The kernel `dots4x4(aPtr, lda, bPtr, kc, outPtr, ldo)` (all byte addresses / strides, i32): for the rows
 * aPtr + t·lda (t < 4) of the A panel and the packed B block at bPtr ([k][4]), out(t, u) at
 * outPtr + t·ldo + 8u gets Σ_{k < kc} a_t[k]·b[k][u] added, k increasing.
 */
function dots4x4Body(): number[] {
  const [A_PTR, LDA, B_PTR, KC, OUT_PTR, LDO] = [0, 1, 2, 3, 4, 5];
  const row = (t: number): number => 6 + t; // i32 locals 6..9: current A address of row t
  const B_END = 10; // i32: bPtr + 32·kc
  const acc = (t: number, half: number): number => 11 + 2 * t + half; // v128 locals 11..18
  const [A_SPLAT, B01, B23] = [19, 20, 21];
  const code: number[] = [];
  code.push(...op.localGet(A_PTR), ...op.localSet(row(0)));
  for (let t = 1; t < 4; t++) code.push(...op.localGet(row(t - 1)), ...op.localGet(LDA), ...op.i32Add, ...op.localSet(row(t)));
  const outRow = (t: number): number[] => [...op.localGet(OUT_PTR), ...op.localGet(LDO), ...op.i32Const(t), ...op.i32Mul, ...op.i32Add];
  for (let t = 0; t < 4; t++) for (let h = 0; h < 2; h++) code.push(...outRow(t), ...op.v128Load(16 * h), ...op.localSet(acc(t, h)));
  code.push(...op.localGet(B_PTR), ...op.localGet(KC), ...op.i32Const(32), ...op.i32Mul, ...op.i32Add, ...op.localSet(B_END));
  // block { if !(bPtr < bEnd) break; loop { … ; bPtr += 32; continue while bPtr < bEnd } }
  code.push(...op.block, ...op.localGet(B_PTR), ...op.localGet(B_END), ...op.i32LtU, ...op.i32Eqz, ...op.brIf(0), ...op.loop);
  code.push(...op.localGet(B_PTR), ...op.v128Load(0), ...op.localSet(B01), ...op.localGet(B_PTR), ...op.v128Load(16), ...op.localSet(B23));
  for (let t = 0; t < 4; t++) {
    code.push(...op.localGet(row(t)), ...op.v128Load64Splat(0), ...op.localSet(A_SPLAT));
    for (const [h, b] of [
      [0, B01],
      [1, B23],
    ]) {
      code.push(...op.localGet(acc(t, h)), ...op.localGet(A_SPLAT), ...op.localGet(b), ...op.f64x2Mul, ...op.f64x2Add, ...op.localSet(acc(t, h)));
    }
    code.push(...op.localGet(row(t)), ...op.i32Const(8), ...op.i32Add, ...op.localSet(row(t)));
  }
  code.push(...op.localGet(B_PTR), ...op.i32Const(32), ...op.i32Add, ...op.localTee(B_PTR), ...op.localGet(B_END), ...op.i32LtU, ...op.brIf(0));
  code.push(...op.end, ...op.end);
  for (let t = 0; t < 4; t++) for (let h = 0; h < 2; h++) code.push(...outRow(t), ...op.localGet(acc(t, h)), ...op.v128Store(16 * h));
  return code;
}

/** The compiled kernel with its memory, or null when WebAssembly SIMD is not available. */
interface Kernel {
  readonly memory: WasmMemory;
  readonly dots4x4: (aPtr: number, lda: number, bPtr: number, kc: number, outPtr: number, ldo: number) => void;
}

let kernel: Kernel | null | undefined;

/** Compiles the kernel once. */
function getKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const bytes = module([{ exportName: "dots4x4", params: [I32, I32, I32, I32, I32, I32], locals: [[5, I32], [11, V128]], body: dots4x4Body() }]);
  const compiled = compileKernels(bytes);
  kernel = compiled === null ? null : { memory: compiled.memory, dots4x4: compiled.exports.dots4x4 as Kernel["dots4x4"] };
  return kernel;
}

/** True when this host compiled the SIMD kernel (WebAssembly with the SIMD proposal, Node ≥ 16.4). */
export function wasmKernelsAvailable(): boolean {
  return getKernel() !== null;
}

/**
 * out(i, j) += Σ_{kFrom ≤ k < kTo} A(i, k)·B(j, k), each entry's terms added in increasing k (see the
 * module doc); with `lowerOnly` (A = B, p = s) only the 4×4 blocks on or below the diagonal and, for the
 * last p mod 4 rows, the entries j ≤ i. Returns false (out untouched) when the wasm path is unavailable.
 */
export function rowDotsWasm(
  ad: Float64Array,
  p: number,
  bd: Float64Array,
  s: number,
  q: number,
  out: Float64Array,
  lowerOnly: boolean,
  kFrom: number,
  kTo: number,
): boolean {
  if (!wasmKernelsEnabled()) return false;
  const k = getKernel();
  if (k === null) return false;
  const p4 = p & ~3;
  const s4 = s & ~3;
  const outAt = 0;
  const aAt = p * s;
  const bAt = aAt + p4 * PANEL;
  if (!ensureMemory(k.memory, (bAt + s4 * PANEL) * 8)) return false;
  const f = new Float64Array(k.memory.buffer);
  f.set(out, outAt);
  for (let k0 = kFrom; k0 < kTo; k0 += PANEL) {
    const k1 = Math.min(kTo, k0 + PANEL);
    const kc = k1 - k0;
    for (let i = 0; i < p4; i++) f.set(ad.subarray(i * q + k0, i * q + k1), aAt + i * kc);
    for (let j0 = 0; j0 < s4; j0 += 4) {
      const base = bAt + j0 * kc;
      for (let t = 0; t < 4; t++) {
        const src = (j0 + t) * q + k0;
        for (let kk = 0; kk < kc; kk++) f[base + 4 * kk + t] = bd[src + kk];
      }
    }
    for (let i0 = 0; i0 < p4; i0 += 4) {
      const jEnd = lowerOnly ? i0 + 4 : s4;
      for (let j0 = 0; j0 < jEnd; j0 += 4) k.dots4x4((aAt + i0 * kc) * 8, kc * 8, (bAt + j0 * kc) * 8, kc, (outAt + i0 * s + j0) * 8, s * 8);
      if (!lowerOnly) for (let i = i0; i < i0 + 4; i++) for (let j = s4; j < s; j++) f[outAt + i * s + j] = dotFrom(f[outAt + i * s + j], ad, i, bd, j, q, k0, k1);
    }
    for (let i = p4; i < p; i++) {
      const jEnd = lowerOnly ? i + 1 : s;
      for (let j = 0; j < jEnd; j++) f[outAt + i * s + j] = dotFrom(f[outAt + i * s + j], ad, i, bd, j, q, k0, k1);
    }
  }
  out.set(f.subarray(outAt, outAt + p * s));
  return true;
}

/** start + Σ_{k0 ≤ k < k1} A(i, k)·B(j, k), left to right (the edges outside the 4×4 blocks). */
function dotFrom(start: number, ad: Float64Array, i: number, bd: Float64Array, j: number, q: number, k0: number, k1: number): number {
  let acc = start;
  for (let k = k0; k < k1; k++) acc += ad[i * q + k] * bd[j * q + k];
  return acc;
}
