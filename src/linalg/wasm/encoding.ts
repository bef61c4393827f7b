/**
 * A minimal WebAssembly binary encoder: just what the suite's hand-written kernels need (LEB128 integers,
 * sections, a few instructions of the core and SIMD instruction sets). Instructions are byte arrays that a
 * kernel concatenates into a function body; see {@link module} for the module layout.
 *
 * Reference: WebAssembly Core Specification 2.0, §5 (binary format); SIMD opcodes from §5.4.8.
 *
 * @module
 */

/** Unsigned LEB128 encoding of a non-negative integer below 2³². */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 encoding of a 32-bit integer. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A vector: its length then its items, concatenated. */
export function vec(items: readonly (readonly number[])[]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** A name (UTF-8 bytes with their length). */
export function name(text: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...uleb(bytes.length), ...bytes];
}

/** Value types. */
export const I32 = 0x7f;
/** The 64-bit float type. */
export const F64 = 0x7c;
/** The 128-bit SIMD vector type. */
export const V128 = 0x7b;

/** Instructions (each a byte array; memory instructions take a static byte offset). */
export const op = {
  localGet: (i: number): number[] => [0x20, ...uleb(i)],
  localSet: (i: number): number[] => [0x21, ...uleb(i)],
  localTee: (i: number): number[] => [0x22, ...uleb(i)],
  i32Const: (v: number): number[] => [0x41, ...sleb(v)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32LtU: [0x49],
  i32Eqz: [0x45],
  i32Sub: [0x6b],
  i32And: [0x71],
  i32ShrU: [0x76],
  /** f64.const: an 8-byte IEEE-754 little-endian immediate. */
  f64Const: (v: number): number[] => {
    const bytes = new DataView(new ArrayBuffer(8));
    bytes.setFloat64(0, v, true);
    return [0x44, ...new Uint8Array(bytes.buffer)];
  },
  /** f64.ne: 1 unless the operands are equal (NaN ≠ NaN; +0 = −0). */
  f64Ne: [0x62],
  /** `if` (no result) … `end`: runs its body when the popped i32 is non-zero. */
  if: [0x04, 0x40],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  /** f64.load, alignment hint 2³. */
  f64Load: (offset: number): number[] => [0x2b, 0x03, ...uleb(offset)],
  /** f64.store, alignment hint 2³. */
  f64Store: (offset: number): number[] => [0x39, 0x03, ...uleb(offset)],
  /** f64x2.splat: a scalar f64 into both lanes. */
  f64x2Splat: [0xfd, ...uleb(0x14)],
  /** f64x2.extract_lane. */
  f64x2ExtractLane: (lane: number): number[] => [0xfd, ...uleb(0x21), lane],
  /** f64x2.sub: lane-wise IEEE subtraction. */
  f64x2Sub: [0xfd, ...uleb(0xf1)],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
  /** v128.load, alignment hint 2⁴. */
  v128Load: (offset: number): number[] => [0xfd, 0x00, 0x04, ...uleb(offset)],
  /** v128.store, alignment hint 2⁴. */
  v128Store: (offset: number): number[] => [0xfd, 0x0b, 0x04, ...uleb(offset)],
  /** v128.load64_splat: one f64 from memory into both lanes (alignment hint 2³). */
  v128Load64Splat: (offset: number): number[] => [0xfd, 0x0a, 0x03, ...uleb(offset)],
  /** f64x2.add: lane-wise IEEE addition (each lane rounds exactly like a scalar f64 add). */
  f64x2Add: [0xfd, ...uleb(0xf0)],
  /** f64x2.mul: lane-wise IEEE multiplication (each lane rounds exactly like a scalar f64 mul; no fusion). */
  f64x2Mul: [0xfd, ...uleb(0xf2)],
} as const;

/** One function: its parameter types (no results), local declarations [count, type] and body instructions. */
export interface FunctionSpec {
  readonly exportName: string;
  readonly params: readonly number[];
  readonly locals: readonly (readonly [number, number])[];
  readonly body: readonly number[];
}

/** A section: id, byte length, contents. */
function section(id: number, body: readonly number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/**
 * A module importing one memory `env.memory` (at least one page) and exporting the given functions, each
 * with its own type `(params) → ()`.
 */
export function module(functions: readonly FunctionSpec[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), 0x00]);
  const codes = functions.map((f) => {
    const body = [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.body, ...op.end];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...name("env"), ...name("memory"), 0x02, 0x00, 0x01]])),
    ...section(3, vec(functions.map((_, k) => uleb(k)))),
    ...section(7, vec(functions.map((f, k) => [...name(f.exportName), 0x00, ...uleb(k)]))),
    ...section(10, vec(codes)),
  ]);
}
