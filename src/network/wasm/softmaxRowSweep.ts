/**
 * The softmax network's forward pass, squared loss and gradient (SPEC §2) in one sweep over blocks of input rows,
 * with a WebAssembly SIMD kernel for everything except the exponentials: the fast path behind
 * `../lossGradient.ts` (which falls back to `forward` + `squaredError` + `gradientFromPass` when this returns null).
 *
 * Shapes: X n×p, Y n×p, W p×m, A p×m (row ℓ is a_ℓ), as in `../forward.ts`. In the kernels' memory the rows of W,
 * A, the gradient G and the block of pre-activations are padded to mp = m rounded up to even (padding zero), so
 * that two neurons (r, r+1) fill one f64x2 vector. Per block of rows:
 * 1. `pre` (wasm): U_i = Σ_k X(i,k)·W_k, k increasing from an all-zero row, zero X(i,k) skipped (`matmul`'s sums);
 * 2. JavaScript: e_{i,r} = exp(U_{i,r} − max_s U_{i,s}) and 1/Σ_r e_{i,r} per row (`shiftedExponentials`, the
 *    same loop `softmaxRows` runs, so `Math.exp` is the only exponential either path uses);
 * 3. `post` (wasm): S_i = e_i·(1/Σ), F̄_{i,ℓ} = (Σ_{r<⌊m/2⌋} S_{i,r}a_{ℓ,r}) + (Σ_{r≥⌊m/2⌋} S_{i,r}a_{ℓ,r}) (each
 *    half summed left to right from 0, `halfSplitOutputs`; two outputs ℓ per vector, at most 4 pairs of outputs
 *    per sweep, A packed neuron-major),
 *    F = c·F̄; with the gradient also E = F − Y, ‖E‖² accumulated entry by entry in row-major order
 *    (`squaredError`), centre_i = Σ_ℓ E_{i,ℓ}F̄_{i,ℓ}, (E A)_{i,r} = Σ_ℓ E_{i,ℓ}a_{ℓ,r} (ℓ increasing from 0, zero
 *    E_{i,ℓ} skipped), q_{i,r} = (c·S_{i,r})·((E A)_{i,r} − centre_i) and G_k += X(i,k)·q_i (rows i increasing,
 *    zero X(i,k) skipped: `matmulTransA`'s sums), as branch-free passes over the row.
 * f64x2 operations round each lane exactly like the scalar f64 operation (IEEE, no fused multiply-add) and every
 * sum adds the same terms in the same order as the JavaScript path, so the results are bit for bit the same
 * (test/network/lossGradient.test.ts checks it on random shapes, including odd m, zero inputs and zero residuals).
 *
 * A kernel module is generated per (p, m) with 1 ≤ p ≤ {@link MAX_SWEEP_DIMENSION} (unrolled over outputs and
 * inputs, constant strides) and cached.
 *
 * @module
 */
import { F64, I32, module, op, V128 } from "../../linalg/wasm/encoding.js";
import { compileKernels, ensureMemory, type WasmMemory, wasmKernelsEnabled } from "../../linalg/wasm/runtime.js";

/**
 * Largest p (input = output dimension) the kernels are generated for; larger p takes the JavaScript path.
 * Measured (sweep vs forward + gradientFromPass, n·m ∈ {32·4096, 1638·64, 6·2048}): 1.8–2.5× faster for p ≤ 24,
 * 1.4–1.9× at p = 32, 1.3–1.6× at p = 64 and 0.6–1.3× at p = 100; the unrolled code grows with p.
 */
export const MAX_SWEEP_DIMENSION = 32;

/** Pairs of outputs whose F̄ accumulators one sweep keeps in registers (2 per pair, so 8 vectors). */
const FBAR_GROUP = 4;

/** Rows per block: the block of pre-activations (rows × mp doubles) stays within about 16 KiB (L1). */
function blockRows(mp: number): number {
  return Math.max(4, Math.floor(2048 / mp));
}

/** Local-index allocator for one function: parameters first, then i32, f64 and v128 locals in that order. */
class Locals {
  private readonly counts = { i32: 0, f64: 0, v128: 0 };
  private readonly pending: { type: "i32" | "f64" | "v128"; slot: { index: number } }[] = [];
  constructor(private readonly params: number) {}
  /** A new local of the type; its index is final after {@link declarations}. */
  take(type: "i32" | "f64" | "v128"): { index: number } {
    const slot = { index: -1 };
    this.counts[type]++;
    this.pending.push({ type, slot });
    return slot;
  }
  /** Assigns the indices and returns the local declarations. */
  declarations(): [number, number][] {
    const start = { i32: this.params, f64: this.params + this.counts.i32, v128: this.params + this.counts.i32 + this.counts.f64 };
    const next = { ...start };
    for (const { type, slot } of this.pending) slot.index = next[type]++;
    return [
      [this.counts.i32, I32],
      [this.counts.f64, F64],
      [this.counts.v128, V128],
    ];
  }
}

/** Instruction builders over local slots (resolved lazily, after the declarations fixed the indices). */
type Code = (() => number[]) | readonly number[];
const get = (l: { index: number }): Code => () => op.localGet(l.index);
const set = (l: { index: number }): Code => () => op.localSet(l.index);
function emit(parts: readonly Code[]): number[] {
  return parts.flatMap((c) => (typeof c === "function" ? c() : c));
}

/** `while (ptr < end) { body }`. */
function whileBelow(ptr: { index: number }, end: { index: number }, body: readonly Code[]): Code[] {
  return [op.block, op.loop, get(ptr), get(end), op.i32LtU, op.i32Eqz, op.brIf(1), ...body, op.br(0), op.end, op.end];
}

/** ptr ← ptr + step. */
function advance(ptr: { index: number }, step: number): Code[] {
  return [get(ptr), op.i32Const(step), op.i32Add, set(ptr)];
}

/** `if (x ≠ 0) { body }` for an f64 local x (NaN counts as non-zero, ±0 as zero: the JavaScript `=== 0` skip). */
function ifNonZero(x: { index: number }, body: readonly Code[]): Code[] {
  return [get(x), op.f64Const(0), op.f64Ne, op.if, ...body, op.end];
}

/** A zero vector on the stack. */
const zeroVector: Code[] = [op.f64Const(0), op.f64x2Splat];

/**
 * `pre(xPtr, wPtr, uPtr, rows)`: for each of `rows` rows, u ← 0 then u ← u + X(i,k)·W_k for k < p with
 * X(i,k) ≠ 0 (two neurons per vector over the padded row); xPtr advances by 8p, uPtr by 8mp per row.
 */
function preBody(p: number, mp: number): { body: number[]; locals: [number, number][] } {
  const [X, W, U, ROWS] = [0, 1, 2, 3].map((index) => ({ index }));
  const L = new Locals(4);
  const t = L.take("i32");
  const ptr = L.take("i32");
  const wk = L.take("i32");
  const end = L.take("i32");
  const x = L.take("f64");
  const xs = L.take("v128");
  const ldu = 8 * mp;
  const code: Code[] = [op.i32Const(0), set(t)];
  const row: Code[] = [
    get(U), op.i32Const(ldu), op.i32Add, set(end),
    get(U), set(ptr),
    ...whileBelow(ptr, end, [get(ptr), ...zeroVector, op.v128Store(0), ...advance(ptr, 16)]),
  ];
  for (let k = 0; k < p; k++) {
    row.push(
      get(X), op.f64Load(8 * k), set(x),
      ...ifNonZero(x, [
        get(x), op.f64x2Splat, set(xs),
        get(U), set(ptr),
        get(W), set(wk),
        ...whileBelow(ptr, end, [
          get(ptr), get(ptr), op.v128Load(0), get(xs), get(wk), op.v128Load(k * ldu), op.f64x2Mul, op.f64x2Add, op.v128Store(0),
          ...advance(ptr, 16),
          ...advance(wk, 16),
        ]),
      ]),
    );
  }
  row.push(...advance(X, 8 * p), ...advance(U, ldu), ...advance(t, 1));
  code.push(op.block, op.loop, get(t), get(ROWS), op.i32LtU, op.i32Eqz, op.brIf(1), ...row, op.br(0), op.end, op.end);
  const locals = L.declarations();
  return { body: emit(code), locals };
}

/**
 * `post(uPtr, invPtr, aPtr, apPtr, xPtr, yPtr, fPtr, gPtr, sqPtr, rows, c)` (module doc, step 3). With
 * `withGradient` false only S and F are computed (yPtr, gPtr, sqPtr unused).
 */
function postBody(p: number, m: number, withGradient: boolean): { body: number[]; locals: [number, number][] } {
  const mp = m + (m & 1);
  const h = m >> 1;
  const pairs = (p + 1) >> 1;
  const ldu = 8 * mp;
  const apRow = 16 * pairs;
  const [U, INV, A, AP, X, Y, F, G, SQ, ROWS, C, SCRATCH] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((index) => ({ index }));
  const L = new Locals(12);
  const t = L.take("i32");
  const ptr = L.take("i32");
  const end = L.take("i32");
  const hiPtr = L.take("i32");
  const apLo = L.take("i32");
  const apHi = L.take("i32");
  const aPtr = L.take("i32");
  const gPtr = L.take("i32");
  const sq = L.take("f64");
  const centre = L.take("f64");
  const fb = Array.from({ length: p }, () => L.take("f64"));
  const e = Array.from({ length: p }, () => L.take("f64"));
  const x = Array.from({ length: p }, () => L.take("f64"));
  const invs = L.take("v128");
  const cs = L.take("v128");
  const s1 = L.take("v128");
  const s2 = L.take("v128");
  const lo = Array.from({ length: Math.min(pairs, FBAR_GROUP) }, () => L.take("v128"));
  const hi = Array.from({ length: Math.min(pairs, FBAR_GROUP) }, () => L.take("v128"));
  const es = Array.from({ length: p }, () => L.take("v128"));
  const xs = Array.from({ length: p }, () => L.take("v128"));
  const centres = L.take("v128");

  /**
   * The gradient part of one row as branch-free passes over the padded row: E A into the scratch row (one pass
   * per output ℓ with E_{i,ℓ} ≠ 0, adding ℓ by ℓ as `matmul` does), q over S (one pass), G_k += X(i,k)·q (one pass
   * per input k with X(i,k) ≠ 0). Measured faster than one pass with a branch per ℓ and k inside it at every p
   * (1.0–1.2× at p ≤ 3, 2× and more from p = 8: the per-iteration branches and the 2p live vectors are gone).
   */
  const gradientPasses = (): Code[] => {
    const code: Code[] = [
      get(SCRATCH), op.i32Const(ldu), op.i32Add, set(end),
      get(SCRATCH), set(ptr),
      ...whileBelow(ptr, end, [get(ptr), ...zeroVector, op.v128Store(0), ...advance(ptr, 16)]),
    ];
    for (let l = 0; l < p; l++) {
      code.push(...ifNonZero(e[l], [
        get(SCRATCH), set(ptr), get(A), set(aPtr),
        ...whileBelow(ptr, end, [get(ptr), get(ptr), op.v128Load(0), get(es[l]), get(aPtr), op.v128Load(l * ldu), op.f64x2Mul, op.f64x2Add, op.v128Store(0), ...advance(ptr, 16), ...advance(aPtr, 16)]),
      ]));
    }
    code.push(
      get(U), set(ptr), get(SCRATCH), set(aPtr),
      get(U), op.i32Const(ldu), op.i32Add, set(end),
      ...whileBelow(ptr, end, [get(ptr), get(cs), get(ptr), op.v128Load(0), op.f64x2Mul, get(aPtr), op.v128Load(0), get(centres), op.f64x2Sub, op.f64x2Mul, op.v128Store(0), ...advance(ptr, 16), ...advance(aPtr, 16)]),
    );
    for (let k = 0; k < p; k++) {
      code.push(...ifNonZero(x[k], [
        get(U), set(ptr), get(G), set(gPtr),
        ...whileBelow(ptr, end, [get(gPtr), get(gPtr), op.v128Load(k * ldu), get(xs[k]), get(ptr), op.v128Load(0), op.f64x2Mul, op.f64x2Add, op.v128Store(k * ldu), ...advance(ptr, 16), ...advance(gPtr, 16)]),
      ]));
    }
    return code;
  };

  const row: Code[] = [];
  // S = e·(1/Σ) over the padded row.
  row.push(
    get(INV), op.f64Load(0), op.f64x2Splat, set(invs),
    get(U), op.i32Const(ldu), op.i32Add, set(end),
    get(U), set(ptr),
    ...whileBelow(ptr, end, [get(ptr), get(ptr), op.v128Load(0), get(invs), op.f64x2Mul, op.v128Store(0), ...advance(ptr, 16)]),
  );
  // F̄: both halves at once, two outputs per vector, at most FBAR_GROUP pairs per sweep (their accumulators stay in
  // registers); then the odd neuron of the second half.
  const addPairs = (sv: { index: number }, acc: readonly { index: number }[], ap: { index: number }, first: number): Code[] =>
    acc.flatMap((a, k) => [get(a), get(sv), get(ap), op.v128Load(16 * (first + k)), op.f64x2Mul, op.f64x2Add, set(a)]);
  for (let g0 = 0; g0 < pairs; g0 += FBAR_GROUP) {
    const g1 = Math.min(pairs, g0 + FBAR_GROUP);
    const los = lo.slice(0, g1 - g0);
    const his = hi.slice(0, g1 - g0);
    for (let k = 0; k < los.length; k++) row.push(...zeroVector, set(los[k]), ...zeroVector, set(his[k]));
    row.push(
      get(U), set(ptr),
      get(U), op.i32Const(8 * h), op.i32Add, set(hiPtr),
      get(U), op.i32Const(8 * h), op.i32Add, set(end),
      get(AP), set(apLo),
      get(AP), op.i32Const(apRow * h), op.i32Add, set(apHi),
      ...whileBelow(ptr, end, [
        get(ptr), op.v128Load64Splat(0), set(s1),
        get(hiPtr), op.v128Load64Splat(0), set(s2),
        ...addPairs(s1, los, apLo, g0),
        ...addPairs(s2, his, apHi, g0),
        ...advance(ptr, 8), ...advance(hiPtr, 8), ...advance(apLo, apRow), ...advance(apHi, apRow),
      ]),
    );
    if (m & 1) row.push(get(hiPtr), op.v128Load64Splat(0), set(s2), ...addPairs(s2, his, apHi, g0));
    for (let k = g0; k < g1; k++) {
      for (let lane = 0; lane < 2 && 2 * k + lane < p; lane++) {
        row.push(get(los[k - g0]), get(his[k - g0]), op.f64x2Add, op.f64x2ExtractLane(lane), set(fb[2 * k + lane]));
      }
    }
  }
  // F = c·F̄ (stored); with the gradient: E = F − Y, ‖E‖², centre.
  if (withGradient) row.push(op.f64Const(0), set(centre));
  for (let l = 0; l < p; l++) {
    row.push(get(F), get(C), get(fb[l]), op.f64Mul, op.f64Store(8 * l));
    if (!withGradient) continue;
    row.push(
      get(C), get(fb[l]), op.f64Mul, get(Y), op.f64Load(8 * l), op.f64Sub, set(e[l]),
      get(sq), get(e[l]), get(e[l]), op.f64Mul, op.f64Add, set(sq),
      get(centre), get(e[l]), get(fb[l]), op.f64Mul, op.f64Add, set(centre),
    );
  }
  if (withGradient) {
    for (let l = 0; l < p; l++) row.push(get(e[l]), op.f64x2Splat, set(es[l]));
    for (let k = 0; k < p; k++) row.push(get(X), op.f64Load(8 * k), set(x[k]), get(x[k]), op.f64x2Splat, set(xs[k]));
    row.push(get(centre), op.f64x2Splat, set(centres));
    row.push(...gradientPasses());
    row.push(...advance(Y, 8 * p));
  }
  row.push(...advance(U, ldu), ...advance(INV, 8), ...advance(X, 8 * p), ...advance(F, 8 * p), ...advance(t, 1));

  const code: Code[] = [get(C), op.f64x2Splat, set(cs), op.i32Const(0), set(t)];
  if (withGradient) code.push(get(SQ), op.f64Load(0), set(sq));
  code.push(op.block, op.loop, get(t), get(ROWS), op.i32LtU, op.i32Eqz, op.brIf(1), ...row, op.br(0), op.end, op.end);
  if (withGradient) code.push(get(SQ), get(sq), op.f64Store(0));
  const locals = L.declarations();
  return { body: emit(code), locals };
}

/** `post` / `outputs`: (u, inv, a, ap, x, y, f, g, sq, rows, c, scratch), byte addresses but for rows and c. */
type PostKernel = (u: number, inv: number, a: number, ap: number, x: number, y: number, f: number, g: number, sq: number, rows: number, c: number, scratch: number) => void;

/** The compiled kernels for one (p, m). */
interface SweepKernels {
  readonly memory: WasmMemory;
  readonly pre: (xPtr: number, wPtr: number, uPtr: number, rows: number) => void;
  readonly post: PostKernel;
  readonly outputs: PostKernel;
}

/** Compiled kernels kept (each has its own memory); the least recently compiled goes first beyond this. */
const MAX_CACHED_KERNELS = 64;

const cache = new Map<string, SweepKernels | null>();

/** The kernels for (p, m), compiled once; null when WebAssembly SIMD is unavailable. */
function kernelsFor(p: number, m: number): SweepKernels | null {
  const key = `${p}/${m}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const mp = m + (m & 1);
  const pre = preBody(p, mp);
  const post = postBody(p, m, true);
  const outputs = postBody(p, m, false);
  const postParams = [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F64, I32];
  const bytes = module([
    { exportName: "pre", params: [I32, I32, I32, I32], locals: pre.locals, body: pre.body },
    { exportName: "post", params: postParams, locals: post.locals, body: post.body },
    { exportName: "outputs", params: postParams, locals: outputs.locals, body: outputs.body },
  ]);
  const compiled = compileKernels(bytes);
  const kernels =
    compiled === null
      ? null
      : {
          memory: compiled.memory,
          pre: compiled.exports.pre as SweepKernels["pre"],
          post: compiled.exports.post as SweepKernels["post"],
          outputs: compiled.exports.outputs as SweepKernels["outputs"],
        };
  if (cache.size >= MAX_CACHED_KERNELS) cache.delete(cache.keys().next().value as string);
  cache.set(key, kernels);
  return kernels;
}

/**
 * Ap (m × stride, at `at` in f): row r holds a_{0,r} … a_{p−1,r} and zeros up to `stride` (the output-pair lanes
 * of the F̄ sweep), from A (p×m row-major). One row of A at a time, so both arrays are read and written in order.
 */
function packNeuronMajor(f: Float64Array, at: number, stride: number, ad: Float64Array, p: number, m: number): void {
  for (let l = 0; l < p; l++) {
    const src = l * m;
    for (let r = 0, o = at + l; r < m; r++, o += stride) f[o] = ad[src + r];
  }
  for (let l = p; l < stride; l++) for (let r = 0, o = at + l; r < m; r++, o += stride) f[o] = 0;
}

/** What one sweep returns: outputs F (n×p) and, with targets, ‖F − Y‖²_F and ∇_W L (p×m). */
export interface RowSweepResult {
  readonly F: Float64Array;
  readonly squaredError: number;
  readonly gradient: Float64Array | null;
}

/** Computes e_r = exp(u_r − max) in place on one row and returns Σ_r e_r (the loop of `softmaxRows`). */
export type ShiftedExponentials = (src: Float64Array, from: number, dst: Float64Array, to: number, m: number) => number;

/**
 * One sweep (module doc) over all n rows: outputs F and, when `Y` is given, ‖F − Y‖²_F and the gradient.
 * Returns null (nothing computed) when the kernels are off or unavailable, p is outside 1…{@link MAX_SWEEP_DIMENSION},
 * or the memory cannot grow.
 *
 * @param xd - X, n×p row-major.
 * @param yd - Y, n×p row-major, or null for outputs only.
 * @param wd - W, p×m row-major.
 * @param ad - A, p×m row-major.
 * @param c - the output multiplier.
 * @param exps - the exponential loop (shared with `softmaxRows`).
 */
export function softmaxRowSweep(
  n: number,
  p: number,
  m: number,
  xd: Float64Array,
  yd: Float64Array | null,
  wd: Float64Array,
  ad: Float64Array,
  c: number,
  exps: ShiftedExponentials,
): RowSweepResult | null {
  if (!wasmKernelsEnabled() || p < 1 || p > MAX_SWEEP_DIMENSION || m < 1 || n < 1) return null;
  const k = kernelsFor(p, m);
  if (k === null) return null;
  const mp = m + (m & 1);
  const pairs = (p + 1) >> 1;
  const B = blockRows(mp);
  const even = (v: number): number => v + (v & 1);
  // Layout (in doubles, every region starting at an even index): W, A, G (p×mp each), Ap (m × 2·pairs),
  // sq (2), X, Y, F (n×p each), U (B×mp), inv (B), scratch (mp).
  const wAt = 0;
  const aAt = wAt + p * mp;
  const gAt = aAt + p * mp;
  const apAt = gAt + p * mp;
  const sqAt = apAt + m * 2 * pairs;
  const xAt = sqAt + 2;
  const yAt = even(xAt + n * p);
  const fAt = even(yAt + n * p);
  const uAt = even(fAt + n * p);
  const invAt = uAt + B * mp;
  const scratchAt = even(invAt + B);
  if (!ensureMemory(k.memory, (scratchAt + mp) * 8)) return null;
  const f = new Float64Array(k.memory.buffer);
  // Zero only what is accumulated into (G, sq) and the padding (column m of W and A when m is odd, output lane p
  // of Ap when p is odd); everything else is overwritten.
  f.fill(0, gAt, gAt + p * mp);
  f[sqAt] = 0;
  for (let l = 0; l < p; l++) {
    f.set(wd.subarray(l * m, (l + 1) * m), wAt + l * mp);
    f.set(ad.subarray(l * m, (l + 1) * m), aAt + l * mp);
    if (mp !== m) f[wAt + l * mp + m] = f[aAt + l * mp + m] = 0;
  }
  packNeuronMajor(f, apAt, 2 * pairs, ad, p, m);
  f.set(xd.subarray(0, n * p), xAt);
  if (yd !== null) f.set(yd.subarray(0, n * p), yAt);
  const run = yd !== null ? k.post : k.outputs;
  for (let i0 = 0; i0 < n; i0 += B) {
    const rows = Math.min(B, n - i0);
    k.pre(8 * (xAt + i0 * p), 8 * wAt, 8 * uAt, rows);
    for (let t = 0; t < rows; t++) {
      const o = uAt + t * mp;
      f[invAt + t] = 1 / exps(f, o, f, o, m);
      if (mp !== m) f[o + m] = 0;
    }
    run(8 * uAt, 8 * invAt, 8 * aAt, 8 * apAt, 8 * (xAt + i0 * p), 8 * (yAt + i0 * p), 8 * (fAt + i0 * p), 8 * gAt, 8 * sqAt, rows, c, 8 * scratchAt);
  }
  const F = f.slice(fAt, fAt + n * p);
  if (yd === null) return { F, squaredError: NaN, gradient: null };
  const gradient = new Float64Array(p * m);
  for (let l = 0; l < p; l++) gradient.set(f.subarray(gAt + l * mp, gAt + l * mp + m), l * m);
  return { F, squaredError: f[sqAt], gradient };
}
