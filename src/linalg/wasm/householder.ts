/**
 * WebAssembly SIMD kernels for the two row operations of the Householder tridiagonalisation (tridiagonal.ts),
 * with the work arrays living in the kernels' memory.
 *
 * - `updateRow`: a[j] ← a[j] − (vᵢ·w[j] + wᵢ·v[j]) for `count` consecutive j (one row of the symmetric rank-2
 *   update A ← A − v wᵀ − w vᵀ);
 * - `pairTail`: for the rows r₀ = i, r₁ = i + 1 and j = i+2 … n−1: acc₀ += a_{r₀}[j]·u[j],
 *   acc₁ += a_{r₁}[j]·u[j], p[j] ← (p[j] + a_{r₀}[j]·u_i) + a_{r₁}[j]·u_{i+1}; then p[i] += acc₀ and
 *   p[i+1] += acc₁ (the bulk of the symmetric matrix–vector product p = A u, two rows at a time).
 *
 * Two j at a time in f64x2 lanes. Elementwise results round exactly like the scalar expressions (lane-wise
 * IEEE operations, no fused multiply-add, same parenthesisation); the running sums acc₀ and acc₁ take the
 * lanes one after the other (lane 0 = j, then lane 1 = j + 1), so they add the same terms in the same order
 * as the scalar loop. Results are therefore bit for bit those of the JavaScript loops in tridiagonal.ts.
 * Odd counts finish with one scalar step. All pointers are byte addresses in the kernels' memory.
 *
 * @module
 */
import { F64, I32, module, op, V128 } from "./encoding.js";
import { compileKernels, type WasmMemory } from "./runtime.js";

/** The kernels over their memory. */
export interface HouseholderKernels {
  /** The memory the work arrays must live in. */
  readonly memory: WasmMemory;
  /** a[j] −= vi·w[j] + wi·v[j] for j < count, starting at the given byte addresses. */
  readonly updateRow: (aPtr: number, vPtr: number, wPtr: number, count: number, vi: number, wi: number) => void;
  /** The pair tail of the symmetric product (see the module doc); piPtr is the address of p[i]. */
  readonly pairTail: (
    a0Ptr: number,
    a1Ptr: number,
    uPtr: number,
    pPtr: number,
    count: number,
    piPtr: number,
    u0: number,
    u1: number,
    acc0: number,
    acc1: number,
  ) => void;
}

/** `block { loop { if !(ptr < end) break; body; br loop } }` over a pointer local. */
function whileBelow(ptr: number, end: number, body: readonly number[]): number[] {
  return [...op.block, ...op.loop, ...op.localGet(ptr), ...op.localGet(end), ...op.i32LtU, ...op.i32Eqz, ...op.brIf(1), ...body, ...op.br(0), ...op.end, ...op.end];
}

/** `block { if count is even, skip; body }`. */
function ifOdd(count: number, body: readonly number[]): number[] {
  return [...op.block, ...op.localGet(count), ...op.i32Const(1), ...op.i32And, ...op.i32Eqz, ...op.brIf(0), ...body, ...op.end];
}

/** ptr ← ptr + step. */
function advance(ptr: number, step: number): number[] {
  return [...op.localGet(ptr), ...op.i32Const(step), ...op.i32Add, ...op.localSet(ptr)];
}

/** end ← start + 8·(count & ~1): the address after the last full pair. */
function pairEnd(start: number, count: number, end: number): number[] {
  return [...op.localGet(start), ...op.localGet(count), ...op.i32Const(-2), ...op.i32And, ...op.i32Const(8), ...op.i32Mul, ...op.i32Add, ...op.localSet(end)];
}

/** updateRow(aPtr, vPtr, wPtr, count, vi, wi); locals: 6 end (i32), 7 VI, 8 WI (v128). */
function updateRowBody(): number[] {
  const [A, V, W, COUNT, VI, WI, END, VIV, WIV] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const vector = [
    ...op.localGet(A),
    ...[...op.localGet(A), ...op.v128Load(0)],
    ...[...op.localGet(VIV), ...op.localGet(W), ...op.v128Load(0), ...op.f64x2Mul],
    ...[...op.localGet(WIV), ...op.localGet(V), ...op.v128Load(0), ...op.f64x2Mul],
    ...op.f64x2Add,
    ...op.f64x2Sub,
    ...op.v128Store(0),
    ...advance(A, 16),
    ...advance(V, 16),
    ...advance(W, 16),
  ];
  const scalar = [
    ...op.localGet(A),
    ...[...op.localGet(A), ...op.f64Load(0)],
    ...[...op.localGet(VI), ...op.localGet(W), ...op.f64Load(0), ...op.f64Mul],
    ...[...op.localGet(WI), ...op.localGet(V), ...op.f64Load(0), ...op.f64Mul],
    ...op.f64Add,
    ...op.f64Sub,
    ...op.f64Store(0),
  ];
  return [
    ...op.localGet(VI), ...op.f64x2Splat, ...op.localSet(VIV),
    ...op.localGet(WI), ...op.f64x2Splat, ...op.localSet(WIV),
    ...pairEnd(A, COUNT, END),
    ...whileBelow(A, END, vector),
    ...ifOdd(COUNT, scalar),
  ];
}

/**
 * pairTail(a0, a1, u, p, count, pi, u0, u1, acc0, acc1); locals: 10 end (i32), 11 U0, 12 U1, 13 X0, 14 X1,
 * 15 U, 16 T (v128), 17 x0, 18 x1, 19 uj (f64).
 */
function pairTailBody(): number[] {
  const [A0, A1, U, P, COUNT, PI, S0, S1, ACC0, ACC1] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [END, U0V, U1V, X0V, X1V, UV, T, x0, x1, uj] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const addLanes = (acc: number, x: number): number[] => [
    ...op.localGet(x), ...op.localGet(UV), ...op.f64x2Mul, ...op.localSet(T),
    ...op.localGet(acc), ...op.localGet(T), ...op.f64x2ExtractLane(0), ...op.f64Add,
    ...op.localGet(T), ...op.f64x2ExtractLane(1), ...op.f64Add, ...op.localSet(acc),
  ];
  const vector = [
    ...op.localGet(A0), ...op.v128Load(0), ...op.localSet(X0V),
    ...op.localGet(A1), ...op.v128Load(0), ...op.localSet(X1V),
    ...op.localGet(U), ...op.v128Load(0), ...op.localSet(UV),
    ...addLanes(ACC0, X0V),
    ...addLanes(ACC1, X1V),
    ...op.localGet(P),
    ...[...op.localGet(P), ...op.v128Load(0)],
    ...[...op.localGet(X0V), ...op.localGet(U0V), ...op.f64x2Mul, ...op.f64x2Add],
    ...[...op.localGet(X1V), ...op.localGet(U1V), ...op.f64x2Mul, ...op.f64x2Add],
    ...op.v128Store(0),
    ...advance(A0, 16), ...advance(A1, 16), ...advance(U, 16), ...advance(P, 16),
  ];
  const scalar = [
    ...op.localGet(A0), ...op.f64Load(0), ...op.localSet(x0),
    ...op.localGet(A1), ...op.f64Load(0), ...op.localSet(x1),
    ...op.localGet(U), ...op.f64Load(0), ...op.localSet(uj),
    ...op.localGet(ACC0), ...op.localGet(x0), ...op.localGet(uj), ...op.f64Mul, ...op.f64Add, ...op.localSet(ACC0),
    ...op.localGet(ACC1), ...op.localGet(x1), ...op.localGet(uj), ...op.f64Mul, ...op.f64Add, ...op.localSet(ACC1),
    ...op.localGet(P),
    ...[...op.localGet(P), ...op.f64Load(0)],
    ...[...op.localGet(x0), ...op.localGet(S0), ...op.f64Mul, ...op.f64Add],
    ...[...op.localGet(x1), ...op.localGet(S1), ...op.f64Mul, ...op.f64Add],
    ...op.f64Store(0),
  ];
  const addInto = (offset: number, acc: number): number[] => [
    ...op.localGet(PI), ...op.localGet(PI), ...op.f64Load(offset), ...op.localGet(acc), ...op.f64Add, ...op.f64Store(offset),
  ];
  return [
    ...op.localGet(S0), ...op.f64x2Splat, ...op.localSet(U0V),
    ...op.localGet(S1), ...op.f64x2Splat, ...op.localSet(U1V),
    ...pairEnd(A0, COUNT, END),
    ...whileBelow(A0, END, vector),
    ...ifOdd(COUNT, scalar),
    ...addInto(0, ACC0),
    ...addInto(8, ACC1),
  ];
}

let kernels: HouseholderKernels | null | undefined;

/** The compiled kernels (once), or null when WebAssembly SIMD is unavailable. */
export function householderKernels(): HouseholderKernels | null {
  if (kernels !== undefined) return kernels;
  const bytes = module([
    { exportName: "updateRow", params: [I32, I32, I32, I32, F64, F64], locals: [[1, I32], [2, V128]], body: updateRowBody() },
    {
      exportName: "pairTail",
      params: [I32, I32, I32, I32, I32, I32, F64, F64, F64, F64],
      locals: [[1, I32], [6, V128], [3, F64]],
      body: pairTailBody(),
    },
  ]);
  const compiled = compileKernels(bytes);
  kernels =
    compiled === null
      ? null
      : {
          memory: compiled.memory,
          updateRow: compiled.exports.updateRow as HouseholderKernels["updateRow"],
          pairTail: compiled.exports.pairTail as HouseholderKernels["pairTail"],
        };
  return kernels;
}
