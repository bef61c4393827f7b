/**
 * Compiling and feeding the hand-written WebAssembly kernels: the minimal typing of the WebAssembly
 * JavaScript API (the project's TypeScript libraries, ES2022 without DOM, do not declare it), synchronous
 * compilation of a module with its own memory, memory growth, and the switch that turns every kernel off
 * (tests run both paths; the kernels are bit for bit their JavaScript counterparts).
 *
 * @module
 */

/** A WebAssembly linear memory (the part of the JS API used here). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The parts of the WebAssembly JavaScript API used here; undefined on a host without WebAssembly. */
declare const WebAssembly:
  | {
      validate(bytes: Uint8Array): boolean;
      Memory: new (descriptor: { initial: number }) => WasmMemory;
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
    }
  | undefined;

/** A compiled kernel module: its exports and the memory it imported as `env.memory`. */
export interface CompiledKernels {
  readonly memory: WasmMemory;
  readonly exports: Record<string, unknown>;
}

/**
 * Compiles and instantiates `bytes` (synchronously: the modules are a few hundred bytes) with a fresh
 * one-page memory; null when the host has no WebAssembly or rejects the module (e.g. no SIMD support).
 */
export function compileKernels(bytes: Uint8Array): CompiledKernels | null {
  if (typeof WebAssembly === "undefined" || !WebAssembly.validate(bytes)) return null;
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return { memory, exports: instance.exports };
}

/** Grows the memory to at least `bytes`; false when it cannot (too large for wasm32 or the host). */
export function ensureMemory(memory: WasmMemory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return true;
  if (bytes > 2 ** 32 - 65536) return false;
  try {
    memory.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false;
  }
}

let enabled = true;

/** Turns every WebAssembly kernel on or off (off: the JavaScript loops run). Returns the previous setting. */
export function useWasmKernels(on: boolean): boolean {
  const previous = enabled;
  enabled = on;
  return previous;
}

/** True unless {@link useWasmKernels} turned the kernels off. */
export function wasmKernelsEnabled(): boolean {
  return enabled;
}
